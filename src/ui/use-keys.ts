import { useInput, useStdin, type Key } from 'ink';

/**
 * Keyboard input, only where the terminal supports raw mode: without a TTY
 * ink's useInput throws, and a piped run should still render once.
 */
export function useKeys(handler: (input: string, key: Key) => void): void {
  const { isRawModeSupported } = useStdin();
  useInput(handler, { isActive: isRawModeSupported === true });
}
