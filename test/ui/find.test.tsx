/**
 * Finding things in the TUI on a real database (the seeds imported by the
 * built CLI): search as you type, n/N, Enter at the match's place, the jump
 * prompt, an item opened at its sentence, and the help drawn from the keymap.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { KEYMAP } from '../../src/ui/keymap.js';
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
  const file = path.join(tempDir('find'), 't.db');
  const r = cli(['import', seeds, '--db', file]);
  assert.equal(r.code, 0, r.stderr);
  db = openStore(file, { mustExist: true });
  source = { ...storeSource(db) };
});
after(() => {
  source.sim?.close();
  db.close();
});

const screenOf = (frame: string) => visibleLines(frame).join('\n');

it('searches as you type from the thread list, opens a match at its place, and n/N walk the matches', async () => {
  const ui = await renderAt(<App source={source} />, 100, 30);
  // One read: '/' opens the prompt, the rest is the query. "storage_dom" is half a word: a prefix still matches.
  let f = await type(ui, '/storage_dom', /\d+ matches/);
  assert.match(f, /Search \(all text\) \/storage_dom/);
  const hits = source.search('storage_dom*', 'all').filter((h) => h.threadId !== null);
  assert.ok(hits.length >= 3, 'the seeds mention storage_domain in several messages');
  assert.match(f, new RegExp(`${hits.length} matches`));
  const first = hits[0] ?? assert.fail();
  // Enter opens the first match in its thread, the pager scrolled to the matching line.
  f = await type(ui, '\r', /message \d+\/19/);
  const thread = source.loadThread(first.threadId ?? '') ?? assert.fail();
  const at = thread.messages.findIndex((m) => m.key === first.key);
  assert.match(f, new RegExp(`message ${at + 1}/19`));
  assert.match(screenOf(f), /storage_domain/i, 'the matching line is on screen');
  // n opens the next match, N comes back.
  const second = hits[1] ?? assert.fail();
  const at2 = (source.loadThread(second.threadId ?? '') ?? assert.fail()).messages.findIndex(
    (m) => m.key === second.key,
  );
  f = await type(ui, 'n', new RegExp(`message ${at2 + 1}/`));
  assert.match(screenOf(f), /storage_domain/i);
  f = await type(ui, 'N', new RegExp(`message ${at + 1}/19`));
  // N from the first match wraps to the last.
  const last = hits.at(-1) ?? assert.fail();
  const atLast = (source.loadThread(last.threadId ?? '') ?? assert.fail()).messages.findIndex(
    (m) => m.key === last.key,
  );
  await type(ui, 'N', new RegExp(`message ${atLast + 1}/`));
  ui.unmount();
});

it('Tab in the prompt narrows the search to own words or quoted text, Backspace edits, Esc cancels', async () => {
  const ui = await renderAt(<App source={source} />, 100, 30);
  const all = source.search('coherent*', 'all').length;
  const own = source.search('coherent*', 'own').length;
  const quoted = source.search('coherent*', 'quoted').length;
  assert.notEqual(own, quoted);
  await type(ui, '/coherentx', /\/coherentx/);
  let f = await type(ui, '\x7f', /\/coherent\s/);
  assert.match(f, new RegExp(`${all === 100 ? '100\\+' : all} matches`));
  f = await type(ui, '\t', /own words/);
  assert.match(f, new RegExp(`${own} matches`));
  f = await type(ui, '\t', /quoted text/);
  assert.match(f, new RegExp(`${quoted} matches`));
  await type(ui, '\x1b', /5 threads/);
  ui.unmount();
});

it('jumps to a Message-ID typed after ":" and says so when nothing has it', async () => {
  const ui = await renderAt(<App source={source} />, 100, 30);
  let f = await type(ui, ':no-such-id@example.org\r', /no thread or message 'no-such-id@example.org'/);
  f = await type(ui, '\x1b', /5 threads/);
  // The root of the 19-message thread by its Message-ID in brackets; a reply by a prefix of its key (Patchwork mail has no Message-ID).
  const thread = source.threads.find((t) => t.messages === 19) ?? assert.fail();
  const messages = (source.loadThread(thread.id) ?? assert.fail()).messages;
  const id = messages[0]?.messageId ?? assert.fail();
  f = await type(ui, `o<${id}>\r`, /message 1\/19/);
  f = await type(ui, 'q', /5 threads/);
  const key = messages[5]?.key ?? assert.fail();
  f = await type(ui, `:${key.slice(0, 20)}\r`, /message 6\/19/);
  assert.match(f, /Flush CPU caches/);
  ui.unmount();
});

it('opens the message a decision item comes from at that sentence', async () => {
  const ui = await renderAt(<App source={source} />, 100, 30);
  const index = source.threads.findIndex((t) => t.messages === 19);
  const id = source.threads[index]?.id ?? assert.fail();
  const extraction = source.extraction(id);
  const byId = new Map(extraction.items.map((i) => [i.id, i]));
  // An option with at least two items, the second from a reply (not the opening patch).
  const o = extraction.options.findIndex(
    (opt) => (byId.get(opt.items[1] ?? '')?.message ?? '') !== '' && opt.items.length > 1,
  );
  assert.ok(o >= 0);
  const item = byId.get(extraction.options[o]?.items[1] ?? '') ?? assert.fail();
  await type(ui, `${'j'.repeat(index)}d${'j'.repeat(o)}`, /Decisions ·/);
  let f = await type(ui, '\r', /j\/k item/);
  f = await type(ui, 'j\r', /message \d+\/19/);
  const messages = (source.loadThread(id) ?? assert.fail()).messages;
  const at = messages.findIndex((m) => m.key === item.message);
  assert.match(f, new RegExp(`message ${at + 1}/19`));
  const words = item.text.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' ');
  // The pager's column alone, its rows joined: the sentence may begin at the end of one row and go on in the next.
  const pager = screenOf(f)
    .split('\n')
    .map((row) => {
      const cells = row.split(/[│┃]/);
      return cells.length >= 4 ? (cells[cells.length - 2] ?? '') : '';
    })
    .join(' ')
    .replace(/\s+/g, ' ');
  assert.ok(pager.includes(words), `the pager shows "${words}":\n${f}`);
  ui.unmount();
});

it('draws ? help from the keymap table on every screen, and any key closes it', async () => {
  const ui = await renderAt(<App source={source} />, 100, 40);
  let f = await type(ui, '?', /Keys on the thread list/);
  for (const b of KEYMAP.threads) assert.match(screenOf(f), new RegExp(b.help.replace(/[()?.]/g, '\\$&')));
  f = await type(ui, 'x', /5 threads/);
  f = await type(ui, 'j\r?', /Keys on a thread \(tree has focus\)/);
  assert.match(screenOf(f), /\^D\s+half a page down/);
  await type(ui, 'q', /message 1\//);
  ui.unmount();
});

it('says on the selected option who backed it and who objected, with counts and the review trailers', async () => {
  const ui = await renderAt(<App source={source} />, 200, 40);
  const index = source.threads.findIndex((t) => t.messages === 19);
  const id = source.threads[index]?.id ?? assert.fail();
  const extraction = source.extraction(id);
  const byId = new Map(extraction.items.map((i) => [i.id, i]));
  const o = extraction.options.findIndex((opt) => opt.items.some((i) => byId.get(i)?.kind === 'oppose'));
  assert.ok(o >= 0, 'an option someone objected to');
  const items = (extraction.options[o]?.items ?? []).map((i) => byId.get(i) ?? assert.fail());
  const people = (kind: string) => new Set(items.filter((i) => i.kind === kind).map((i) => i.author ?? 'unnamed'));
  const f = await type(
    ui,
    `${'j'.repeat(index)}d${'j'.repeat(o)}`,
    new RegExp(`✗ ${people('oppose').size} objected: `),
  );
  assert.match(screenOf(f), new RegExp(`✓ ${people('support').size} backed`));
  for (const who of people('oppose')) assert.ok(screenOf(f).includes(who), who);
  ui.unmount();
});

it("checks off the input path at the CLI default bound: keys act while it runs, the verdicts are sim check --depth 6's, compare at 80 columns has them", async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  const index = source.threads.findIndex((t) => t.messages === 19);
  const id = source.threads[index]?.id ?? assert.fail();
  const options = source.extraction(id).options;
  const area = options.findIndex((o) => o.policy === 'area-flag');
  assert.ok(area > 0);
  // d and the j keys arrive together: the first option's check starts, and the keys still move the cursor.
  let f = await type(ui, `${'j'.repeat(index)}d${'j'.repeat(area)}`, /^> Add a flag in "area"/m);
  // Depth 6, as `threadlab sim check --depth 6`: area-flag's shortest S2 takes 7 operations since an unmap waits
  // for its IOTLB sync (the README), so at this bound it is "no violation found within depth 6", never "safe".
  // The worker checks the thread's policies one after another at depth 6: seconds each on a loaded machine. The
  // ceiling only bounds a hang; nothing here depends on how fast it is.
  f = await frameWhere(
    ui,
    (fr) => /checker: no violation found within depth 6/.test(fr),
    'the area-flag verdict',
    300_000,
  );
  f = await type(ui, 'c', /Compare on /);
  const rows = visibleLines(f);
  assert.ok(
    rows.every((l) => [...l].length <= 80),
    f,
  );
  f = await frameWhere(
    ui,
    (fr) => /area-flag .*none ≤ depth 6/.test(fr) && !/checking…/.test(fr),
    'every verdict in the compare table',
    300_000,
  );
  assert.match(f, /v1-sticky .*UNSAFE S1 in 4/);
  // Every policy the thread's options link has its checker verdict (storage-domain-skip's S2 in 6 after a
  // No-Snoop write, the coherency upgrade, is test/sim/upgrade.test.ts's: with the sentence model, Jason's
  // batch_from_domain proposal joins the batch_unpin option, which links vfio-type1-replay instead).
  for (const o of options.filter((x) => x.policy !== null))
    assert.match(f, new RegExp(`${o.policy} .*(UNSAFE S\\d in \\d+|none ≤ depth 6)`), `${o.policy}: ${f}`);
  ui.unmount();
});
