/**
 * One progress line on stderr, redrawn at most ten times a second, only when stderr is a
 * terminal: the phase, how far it is, its rate and the time left at that rate.
 *
 *   store  [#########---------------------]  31%  9,912 msgs  1,204 msg/s  ETA 0:19
 *   thread [####################----------]  5/7 matching quotes  31,951 msgs  ETA 0:04
 *
 * The store phase is measured in bytes read; threading in its steps (see Stages), whose
 * ETA assumes the steps left take as long as the ones done, which is rough but moves.
 * The import only reports what it does (src/import/progress.ts); drawing it is the CLI's job.
 */
import type { ImportProgress } from '../src/import/index.js';

export interface Progress {
  /** The store phase: bytes read of the total, messages read. */
  update(bytesDone: number, bytesTotal: number, messages: number): void;
  /** A threading step begins: the `done`-th of `total` (counting from 0), over `messages` messages. */
  stage(name: string, done: number, total: number, messages: number): void;
  done(): void;
}

export const silentProgress: Progress = { update: () => undefined, stage: () => undefined, done: () => undefined };

const WIDTH = 30;

function bar(frac: number): string {
  const fill = Math.round(Math.min(1, Math.max(0, frac)) * WIDTH);
  return `[${'#'.repeat(fill)}${'-'.repeat(WIDTH - fill)}]`;
}

/** m:ss (or h:mm:ss) of the time left at the rate so far; '-' before anything is done. */
export function eta(elapsedMs: number, frac: number): string {
  if (!(frac > 0) || frac >= 1) return frac >= 1 ? '0:00' : '-';
  const left = Math.round((elapsedMs * (1 - frac)) / frac / 1000);
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = String(left % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  if (stream.isTTY !== true) return silentProgress;
  const started = now();
  let stageStarted = started;
  let lastDraw = 0;
  let drawn = false;
  const draw = (line: string, force: boolean): void => {
    const t = now();
    if (!force && t - lastDraw < 100) return;
    lastDraw = t;
    stream.write(`\r${line}\x1b[K`);
    drawn = true;
  };
  return {
    update(bytesDone, bytesTotal, messages) {
      const t = now();
      const frac = bytesTotal > 0 ? Math.min(1, bytesDone / bytesTotal) : 0;
      const secs = Math.max(0.001, (t - started) / 1000);
      draw(
        `store  ${bar(frac)} ${(frac * 100).toFixed(0).padStart(3)}%  ${messages.toLocaleString('en')} msgs  ` +
          `${Math.round(messages / secs).toLocaleString('en')} msg/s  ETA ${eta(t - started, frac)}`,
        false,
      );
    },
    stage(name, done, total, messages) {
      const t = now();
      if (done === 0) stageStarted = t;
      const frac = total > 0 ? done / total : 0;
      draw(
        `thread ${bar(frac)} ${done + 1}/${total} ${name}  ${messages.toLocaleString('en')} msgs  ETA ${eta(t - stageStarted, frac)}`,
        true,
      );
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

/** The import's events drawn on `bar`. */
export function drawImportProgress(bar: Progress): (p: ImportProgress) => void {
  return (p) => {
    if (p.kind === 'store') bar.update(p.bytesDone, p.bytesTotal, p.messages);
    else if (p.kind === 'thread') bar.stage(p.step, p.done, p.total, p.messages);
    else bar.done();
  };
}
