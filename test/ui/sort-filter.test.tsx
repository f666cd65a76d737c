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
import { frameWhere, renderAt, type, visibleLines } from './frames.js';

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
/** A frame of the list with the prompt closed (its keys back in the footer) that also shows `what`. */
const KEPT = (what: RegExp): RegExp => new RegExp(`${what.source}[\\s\\S]*j/k move`);

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
  await type(ui, 'f', /^ filter:/m);
  f = await type(ui, 'from:robin\r', KEPT(/2 of 5 threads/));
  assert.match(f, /^ by size · filter: from:robin$/m);
  assert.deepEqual(
    rows(f)
      .map((r) => r.replace(/^Re: /, '').slice(0, 20))
      .sort(),
    ['[PATCH v1 14/14] iom', '[RFC PATCH 0/3] iomm'],
  );
  // A subject word and a person together: both must match.
  await type(ui, 'f', /^ filter:from:robin/m);
  f = await type(ui, ' range\r', KEPT(/1 of 5 threads/));
  assert.match(rows(f)[0] ?? '', /iommu: Add range flush operation/);
  // Enter on nothing clears the filter.
  await type(ui, 'f', /^ filter:from:robin range/m);
  f = await type(ui, `${'\x7f'.repeat(20)}\r`, KEPT(/Threadlab +5 threads/));
  assert.doesNotMatch(f, /filter:/);
  assert.ok(visibleLines(f).length <= 24 && visibleLines(f).every((l) => [...l].length <= 80), f);
  // Esc leaves the filter as it was.
  await type(ui, 'f', /^ filter:/m);
  await type(ui, 'zzz\x1b', KEPT(/Threadlab +5 threads/));
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
  await type(ui, 'f', /^ filter:/m);
  f = await type(ui, 'status:superseded\r', /filter: status:superseded[\s\S]*r replay/);
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
  assert.match(f, /^ f +filter as you type: subject words, from:NAME, has:patch$/m);
  await type(ui, 'x', /threads ·/);
  await type(ui, 'd', /Decisions ·/);
  f = await type(ui, '?', /Keys on the design options/);
  assert.match(f, /^ s +sort by thread order, status, last activity, first item, size/m);
  assert.match(f, /^ f +filter as you type: title words, from:NAME, status:S$/m);
  ui.unmount();
});

it('f filters the thread list as it is typed: each key narrows it, Backspace widens it, ↓ moves in what is left, Enter keeps the filter, Esc puts back the filter and the cursor', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  ui.stdin.write('j');
  let f = await frameWhere(ui, (x) => rows(x)[1] !== undefined && selected(x) === rows(x)[1], 'the cursor on row 2');
  const second = selected(f);
  f = await type(ui, 'f', /^ filter: +subject words, from:NAME, has:patch +Enter keep/m);
  assert.match(f, /Threadlab +5 threads/);
  // Each key of "range" is a view of its own: the rows drawn are the threads whose subject holds what is typed so far.
  const word = 'range';
  const counts: number[] = [];
  for (let i = 1; i <= word.length; i++) {
    const typed = word.slice(0, i);
    const expected = source.threads.filter((t) => t.subject.toLowerCase().includes(typed)).map((t) => short(t.subject));
    f = await type(ui, word[i - 1] ?? '', new RegExp(`^ filter:${typed} `, 'm'));
    assert.match(f, new RegExp(` ${expected.length} of 5 threads`), f);
    assert.deepEqual(rows(f).map(short), expected);
    counts.push(expected.length);
  }
  assert.ok((counts[0] ?? 0) > (counts.at(-1) ?? 0), `"range" narrows the list on the way: ${counts.join(', ')}`);
  assert.ok(visibleLines(f).length <= 24 && visibleLines(f).every((l) => [...l].length <= 80), f);
  // A bare "from:" asks for nobody yet: the list stays whole while the name is typed.
  f = await type(ui, `${'\x7f'.repeat(5)}from:`, /^ filter:from: /m);
  assert.equal(rows(f).length, 5, f);
  f = await type(ui, 'zzz', / 0 of 5 threads/);
  assert.match(f, /no thread matches the filter/);
  // Esc: the whole list again, the cursor on the thread it was on, the keys back in the footer.
  f = await type(ui, '\x1b', KEPT(/Threadlab +5 threads/));
  assert.equal(selected(f), second);
  assert.doesNotMatch(f, /filter:/);

  // Enter keeps what the list shows, and the cursor the arrow moved within it.
  f = await type(ui, 'ffrom:robin', /^ filter:from:robin /m);
  assert.match(f, / 2 of 5 threads/);
  const [robin1, robin2] = rows(f);
  assert.equal(selected(f), robin1);
  f = await type(ui, '\x1b[B', new RegExp(`^> ${(robin2 ?? '').slice(0, 20).replace(/[[\]()]/g, '\\$&')}`, 'm'));
  f = await type(ui, '\r', KEPT(/2 of 5 threads/));
  assert.equal(selected(f), robin2);
  assert.match(f, /^ filter: from:robin$/m);
  // Reopened, the prompt holds the filter; erased, the list widens at once; Esc puts the kept filter back.
  f = await type(ui, 'f', /^ filter:from:robin /m);
  f = await type(ui, '\x7f'.repeat(10), /Threadlab +5 threads[\s\S]*^ filter: +subject words/m);
  f = await type(ui, '\x1b', KEPT(/2 of 5 threads/));
  assert.equal(selected(f), robin2);
  ui.unmount();
});

it('f filters the design options as it is typed: status:supe narrows key by key, Esc restores the options and the cursor, Enter keeps', async () => {
  const index = source.threads.findIndex((t) => t.messages === 19);
  const id = source.threads[index]?.id ?? assert.fail();
  const options = source.extraction(id).options;
  const n = options.length;
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, `${'j'.repeat(index)}d`, /Decisions ·/);
  const cursorOn2 = (x: string) =>
    visibleLines(x)
      .filter((l) => /^[> ] \S/.test(l))[1]
      ?.startsWith('> ') === true;
  ui.stdin.write('j');
  let f = await frameWhere(ui, cursorOn2, 'the cursor on the second option');
  const second = selected(f);
  f = await type(ui, 'f', /^ filter: +title words, from:NAME, status:S +Enter keep/m);
  f = await type(ui, 'status:', /^ filter:status: /m);
  assert.match(f, new RegExp(` ${n} of ${n} options`), 'a bare status: keeps every option');
  for (const prefix of ['s', 'su', 'sup', 'supe']) {
    const expected = options.filter((o) => o.status.startsWith(prefix));
    f = await type(ui, prefix.at(-1) ?? '', new RegExp(`^ filter:status:${prefix} `, 'm'));
    assert.match(f, new RegExp(` ${expected.length} of ${n} options · filter: status:${prefix}`), f);
    const drawn = visibleLines(f).filter((l) => /^[> ] \S/.test(l));
    assert.deepEqual(
      drawn.map((l) => l.slice(2, 22)),
      expected.map((o) => o.title.slice(0, 20)),
    );
  }
  assert.ok(
    visibleLines(f).every((l) => [...l].length <= 80),
    f,
  );
  f = await type(ui, '\x1b', /r replay/);
  assert.doesNotMatch(f, /filter:| of \d+ options/);
  assert.equal(selected(f), second);
  f = await type(ui, 'fstatus:supe\r', /filter: status:supe[\s\S]*r replay/);
  const superseded = options.filter((o) => o.status === 'superseded');
  assert.match(f, new RegExp(` ${superseded.length} of ${n} options`));
  ui.unmount();
});

it('has:patch keeps the threads that hold a patch, narrowing as the word is typed and together with subject words', async () => {
  const patched = source.threads.filter((t) => source.loadThread(t.id)?.messages.some((m) => m.patch !== null));
  assert.ok(
    patched.length > 0 && patched.length < source.threads.length,
    'the seeds mix threads with and without patches',
  );
  const ui = await renderAt(<App source={source} />, 80, 24);
  // "has:" asks nothing yet; "has:p" already means a patch.
  let f = await type(ui, 'fhas:', /^ filter:has: /m);
  assert.equal(rows(f).length, source.threads.length);
  f = await type(ui, 'p', new RegExp(` ${patched.length} of 5 threads`));
  assert.deepEqual(
    rows(f).map(short),
    patched.map((t) => short(t.subject)),
  );
  f = await type(ui, 'atch\r', KEPT(new RegExp(`${patched.length} of 5 threads`)));
  assert.match(f, /^ filter: has:patch$/m);
  ui.unmount();
});
