/**
 * Sorting and filtering the thread list and the design options, on the seeds
 * imported by the built CLI, at 80x24: s cycles the order, f filters by words,
 * from:NAME and status:S, and the keys after them act on the list as shown.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { openStore, type Db } from '../../src/store/index.js';
import { storeSource } from '../../cli/tui-source.js';
import type { TuiSource } from '../../src/ui/types.js';
import { cli, ensureBuilt } from '../cli/run-cli.js';
import { seeds, tempDir } from '../import/corpus.js';
import { renderAt, type, visibleLines } from './frames.js';

let db: Db;
let source: TuiSource;
before(() => {
  ensureBuilt();
  const file = path.join(tempDir('sort'), 't.db');
  const r = cli(['import', seeds, '--db', file]);
  assert.equal(r.code, 0, r.stderr);
  db = openStore(file, { mustExist: true });
  source = storeSource(db);
});
after(() => {
  source.sim?.close();
  db.close();
});

/** The subjects of the thread rows, in the order drawn. */
const rows = (frame: string): string[] =>
  visibleLines(frame)
    .filter((l) => /^[> ] \S/.test(l))
    .map((l) => l.slice(2).trim());
const selected = (frame: string): string =>
  visibleLines(frame)
    .find((l) => l.startsWith('> '))
    ?.slice(2) ?? assert.fail(frame);
const short = (s: string) => s.slice(0, 40);

it('s sorts the thread list by first message, then by size; f filters by subject words and from:NAME; keys follow the new order', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  const byFirst = [...source.threads]
    .sort((a, b) => Date.parse(b.first ?? '') - Date.parse(a.first ?? ''))
    .map((t) => short(t.subject));
  let f = await type(ui, 's', /by first date/);
  assert.deepEqual(
    rows(f).map(short),
    byFirst.map((s) => s.slice(0, Math.min(40, s.length))),
  );
  // "s" and "j" in one read: the cursor moves to the second thread of the size order, not of the order before.
  f = await type(ui, 'sj', /by size/);
  const bySize = [...source.threads].sort((a, b) => b.messages - a.messages);
  assert.ok(selected(f).startsWith(short(bySize[1]?.subject ?? '')), f);
  assert.ok(rows(f)[0]?.startsWith('[5/5] iommufd'), 'the 19-message thread is the largest');

  // Robin Murphy wrote in two of the five threads.
  await type(ui, 'f', /Filter the threads :/);
  f = await type(ui, 'from:robin\r', /2 of 5 threads/);
  assert.match(f, /^ by size · filter: from:robin$/m);
  assert.deepEqual(
    rows(f)
      .map((r) => r.replace(/^Re: /, '').slice(0, 20))
      .sort(),
    ['[PATCH v1 14/14] iom', '[RFC PATCH 0/3] iomm'],
  );
  // A subject word and a person together: both must match.
  await type(ui, 'f', /Filter the threads :from:robin/);
  f = await type(ui, ' range\r', /1 of 5 threads/);
  assert.match(rows(f)[0] ?? '', /iommu: Add range flush operation/);
  // Enter on nothing clears the filter.
  await type(ui, 'f', /Filter the threads :from:robin range/);
  f = await type(ui, `${'\x7f'.repeat(20)}\r`, /5 threads/);
  assert.doesNotMatch(f, /filter:/);
  assert.ok(visibleLines(f).length <= 24 && visibleLines(f).every((l) => [...l].length <= 80), f);
  // Esc leaves the filter as it was.
  await type(ui, 'f', /Filter the threads/);
  await type(ui, 'zzz\x1b', /5 threads/);
  ui.unmount();
});

it('on the design options s sorts by status and f status: keeps the superseded ones; r replays the option under the cursor in that view', async () => {
  const index = source.threads.findIndex((t) => t.messages === 19);
  const id = source.threads[index]?.id ?? assert.fail();
  const options = source.extraction(id).options;
  const superseded = options.filter((o) => o.status === 'superseded');
  assert.ok(
    superseded.length >= 1 && superseded[0]?.policy != null,
    'the seed thread has a superseded option replayed by a policy',
  );
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, `${'j'.repeat(index)}d`, /Decisions ·/);
  let f = await type(ui, 's', /by status/);
  const first = options.find((o) => o.status === 'supported') ?? assert.fail();
  assert.match(
    f,
    new RegExp(`^> ${first.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*✓ supported`, 'm'),
  );
  await type(ui, 'f', /Filter the design options :/);
  f = await type(ui, 'status:superseded\r', /filter: status:superseded/);
  assert.ok(
    visibleLines(f).includes(
      ` ${superseded.length} of ${options.length} options · by status · filter: status:superseded`,
    ),
    f,
  );
  const drawn = visibleLines(f).filter((l) => /^[> ] \S/.test(l));
  assert.equal(drawn.length, superseded.length, f);
  assert.deepEqual(
    drawn.map((l) => l.slice(2, 30)),
    superseded.map((o) => o.title.slice(0, 28)),
  );
  // The cursor is on the first superseded option: r replays its policy, not the thread's first option's.
  f = await type(ui, 'r', /Replay \S+ on/);
  assert.match(f, new RegExp(`Replay ${superseded[0]?.policy ?? ''} on`));
  ui.unmount();
});

it('the ? help lists s and f on the thread list and on the design options', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  let f = await type(ui, '?', /Keys on the thread list/);
  assert.match(f, /^ s +sort by last activity, first message, size/m);
  assert.match(f, /^ f +filter: words of the subject, from:NAME/m);
  await type(ui, 'x', /threads ·/);
  await type(ui, 'd', /Decisions ·/);
  f = await type(ui, '?', /Keys on the design options/);
  assert.match(f, /^ s +sort by thread order, status, last activity, first item, size/m);
  assert.match(f, /^ f +filter: words of the title, from:NAME, status:/m);
  ui.unmount();
});
