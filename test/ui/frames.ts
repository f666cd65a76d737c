/** Rendering the app at a chosen terminal size with ink-testing-library, and waiting for frames (never for a fixed time). */
import type React from 'react';
import { render } from 'ink-testing-library';

export type Ui = ReturnType<typeof render>;

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll the last frame until `ok` holds; fail with the frame when it never does. */
export async function frameWhere(
  ui: Ui,
  ok: (frame: string) => boolean,
  what = 'the expected frame',
  ceiling = 10_000,
): Promise<string> {
  const end = Date.now() + ceiling;
  let frame = ui.lastFrame() ?? '';
  while (!ok(frame)) {
    if (Date.now() > end) throw new Error(`never saw ${what}; last frame:\n${frame}`);
    await tick(10);
    frame = ui.lastFrame() ?? '';
  }
  return frame;
}

/** Type (one write, however many keys) and wait for a frame that shows `pattern`. */
export async function type(ui: Ui, keys: string, pattern: RegExp): Promise<string> {
  ui.stdin.write(keys);
  return frameWhere(ui, (f) => pattern.test(f), String(pattern));
}

/** Resize the fake terminal the way a SIGWINCH does: new columns/rows, then 'resize'. */
export function resize(ui: Ui, columns: number, rows: number): void {
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true });
  ui.stdout.emit('resize');
}

/** The app at columns x rows, once its first frame at that size is drawn. */
export async function renderAt(tree: React.ReactElement, columns = 80, rows = 24): Promise<Ui> {
  const ui = render(tree);
  resize(ui, columns, rows);
  // Under CI=true ink leaves resize events alone (is-in-ci), so draw the tree again at the new size.
  ui.rerender(tree);
  await frameWhere(
    ui,
    (f) => f !== '' && visibleLines(f).every((l) => [...l].length <= columns),
    `a frame within ${columns} columns`,
  );
  return ui;
}

/** The frame's lines with the characters a terminal would show (no escape codes). */
export function visibleLines(frame: string): string[] {
  // eslint-disable-next-line no-control-regex
  return frame.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
}
