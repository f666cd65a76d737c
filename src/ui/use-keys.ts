import { useInput, useStdin, type Key } from 'ink';
import type { Stroke } from './navigation.js';

/** ink's (input, key) pair as one stroke name, or null for keys no screen binds. */
export function strokeOf(input: string, key: Key): Stroke | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageDown) return 'pagedown';
  if (key.pageUp) return 'pageup';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.tab) return 'tab';
  if (key.escape) return 'escape';
  if (key.ctrl) return input.length === 1 ? `ctrl-${input}` : null;
  if (input === ' ') return 'space';
  return input === '' ? null : input;
}

/**
 * Keyboard input, only where the terminal supports raw mode: without a TTY
 * ink's useInput throws, and a piped run should still render once.
 */
export function useKeys(handler: (stroke: Stroke) => void): void {
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      const stroke = strokeOf(input, key);
      if (stroke !== null) handler(stroke);
    },
    { isActive: isRawModeSupported === true },
  );
}
