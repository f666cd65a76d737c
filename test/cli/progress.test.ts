import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawImportProgress, eta, progressBar } from '../../cli/progress.js';

/** A terminal that records what is drawn, and a clock the test moves. */
function terminal(): { stream: NodeJS.WriteStream; lines: string[]; clock: { t: number } } {
  const lines: string[] = [];
  const stream = {
    isTTY: true,
    write: (s: string) => lines.push(s.replace(/^\r/, '').replace(/\x1b\[K$/, '')),
  } as unknown as NodeJS.WriteStream;
  return { stream, lines, clock: { t: 0 } };
}

test('the progress line names the phase, its rate and the time left, for storing and for every threading step', () => {
  const { stream, lines, clock } = terminal();
  const p = progressBar(stream, () => clock.t);
  clock.t = 10_000;
  p.update(25, 100, 5_000);
  assert.match(lines.at(-1) ?? '', /^store +\[#{8}-{22}\] +25% +5,000 msgs +500 msg\/s +ETA 0:30$/);
  clock.t = 20_000;
  p.stage('reading messages', 0, 7, 31_951);
  clock.t = 24_000;
  p.stage('matching text', 3, 7, 31_951);
  assert.match(lines.at(-1) ?? '', /^thread \[#{13}-{17}\] 4\/7 matching text +31,951 msgs +ETA 0:05$/);
  p.done();
  assert.equal(lines.at(-1), '');
});

test('an ETA reads as minutes and seconds, hours past an hour, and says nothing before any progress', () => {
  assert.equal(eta(0, 0), '-');
  assert.equal(eta(60_000, 0.5), '1:00');
  assert.equal(eta(3_600_000, 0.25), '3:00:00');
  assert.equal(eta(5_000, 1), '0:00');
});

test('nothing is drawn when stderr is not a terminal', () => {
  const lines: string[] = [];
  const p = progressBar({ isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream);
  p.update(1, 2, 3);
  p.stage('writing', 0, 1, 3);
  p.done();
  assert.deepEqual(lines, []);
});

test("the CLI draws an import's events on one line: storing, each threading step, and clears it when a phase ends", () => {
  const { stream, lines, clock } = terminal();
  const draw = drawImportProgress(progressBar(stream, () => clock.t));
  clock.t = 1_000;
  draw({ kind: 'store', bytesDone: 50, bytesTotal: 100, messages: 10 });
  assert.match(lines.at(-1) ?? '', /^store +\[#{15}-{15}\] +50% +10 msgs/);
  draw({ kind: 'thread', step: 'reading messages', done: 0, total: 2, messages: 10 });
  assert.match(lines.at(-1) ?? '', /^thread \[-{30}\] 1\/2 reading messages +10 msgs/);
  draw({ kind: 'idle' });
  assert.equal(lines.at(-1), '');
});
