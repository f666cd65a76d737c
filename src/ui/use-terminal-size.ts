import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/**
 * The terminal's size as state: ink re-lays out its last frame on SIGWINCH, but
 * only a state change makes the screens recompute their heights and the pager
 * its wrapping, so they follow at once instead of at the next key.
 */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 }));
  useEffect(() => {
    const onResize = (): void => {
      const columns = stdout.columns || 80;
      const rows = stdout.rows || 24;
      setSize((s) => (s.columns === columns && s.rows === rows ? s : { columns, rows }));
    };
    stdout.on('resize', onResize);
    onResize();
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
