/**
 * The one way the CLI writes text: whatever it prints (listings, bodies, warnings,
 * errors) goes through `visible`, so no control character from mail, a file name or a
 * policy file reaches the terminal as a command (src/display.ts says which and why).
 * Single-line fields are passed through `oneLine` where they are formatted, so a
 * newline inside one cannot start a line of its own.
 */
import { visible } from '../src/display.js';

export { oneLine } from '../src/display.js';

export function writeOut(text: string): void {
  process.stdout.write(visible(text));
}

export function writeErr(text: string): void {
  process.stderr.write(visible(text));
}
