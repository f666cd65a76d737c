import assert from 'node:assert/strict';
import { it } from 'node:test';
import { App } from '../../src/ui/app.js';
import type { TuiSource } from '../../src/ui/types.js';
import { fixtureSource, fixtureThread } from './fixture.js';
import { frameWhere, renderAt, resize, type, visibleLines } from './frames.js';

/** Ten threads, each the fixture thread, so the list has room to move. */
const tenThreads: TuiSource = {
  ...fixtureSource,
  threads: Array.from({ length: 10 }, (_, i) => ({
    ...(fixtureSource.threads[0] ?? assert.fail()),
    id: `t${i}`,
    subject: `thread number ${i}`,
  })),
  loadThread: () => fixtureThread,
};

it('acts on every key of a burst that arrives in one read ("jjjjj", then "jj" and Enter)', async () => {
  const ui = await renderAt(<App source={tenThreads} />, 80, 24);
  let f = await type(ui, 'jjjjj', /^> thread number 5$/m);
  f = await type(ui, 'kkjjjk', /^> thread number 5$/m);
  f = await type(ui, 'jj\r', /message 1\/5/);
  // The thread opened is the one the burst moved to: back on the list, number 7 is selected.
  f = await type(ui, 'q', /^> thread number 7$/m);
  f = await type(ui, '\r\tjjjjj', /\b6-\d+\/\d+/);
  assert.match(f, /j\/k scroll/, 'Tab inside the burst gave the pager focus before the j keys');
  f = await type(ui, '\x04\x04', /\b24-\d+\/\d+/);
  ui.unmount();
});

it('redraws at the new size as soon as the terminal is resized, without a key', async () => {
  const ui = await renderAt(<App source={fixtureSource} />, 80, 24);
  await type(ui, '\r', /message 1\/5/);
  assert.equal(visibleLines(ui.lastFrame() ?? '').length, 23);
  resize(ui, 120, 40);
  const f = await frameWhere(ui, (fr) => visibleLines(fr).length === 39, 'a 39-row frame');
  assert.ok(
    visibleLines(f).some((l) => [...l].length > 100),
    'the panes widened',
  );
  resize(ui, 80, 24);
  await frameWhere(
    ui,
    (fr) => visibleLines(fr).length === 23 && visibleLines(fr).every((l) => [...l].length <= 80),
    'the 80x24 frame again',
  );
  ui.unmount();
});
