import { useInput, useStdin, type Key } from 'ink';
import type { Stroke } from './keymap.js';

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
  // Terminals send DEL (0x7f) for Backspace, which ink reports as delete.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return input.length === 1 ? `ctrl-${input}` : null;
  if (input === ' ') return 'space';
  return input === '' ? null : input;
}

/** One character of a burst as a stroke: Enter, Tab, Space and Ctrl-letters by name; DEL as Backspace, other controls dropped. */
function charStroke(ch: string): Stroke | null {
  const code = ch.codePointAt(0) ?? 0;
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === ' ') return 'space';
  if (code === 127 || code === 8) return 'backspace';
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  if (code < 32 || code === 127) return null;
  return ch;
}

/**
 * The strokes in one read. ink hands several characters that arrive together
 * ("jjjjj" from a held key, or keys typed while a frame was computed) to the
 * handler as one string; each of them is a key press, so each must act.
 */
export function strokesOf(input: string, key: Key): Stroke[] {
  if ([...input].length > 1 && !key.ctrl && !key.meta) {
    return [...input].map(charStroke).filter((s): s is Stroke => s !== null);
  }
  const stroke = strokeOf(input, key);
  return stroke === null ? [] : [stroke];
}

/**
 * Keyboard input, only where the terminal supports raw mode: without a TTY
 * ink's useInput throws, and a piped run should still render once.
 */
export function useKeys(handler: (stroke: Stroke) => void): void {
  const { isRawModeSupported } = useStdin();
  useInput(
    (input, key) => {
      for (const stroke of strokesOf(input, key)) handler(stroke);
    },
    { isActive: isRawModeSupported === true },
  );
}
