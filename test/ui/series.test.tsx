/**
 * Series in the TUI on real mail imported by the built CLI: the version chain of
 * MREMAP_DONTUNMAP (v4 and v5 posted in one thread) and the review trailers the
 * eight patches of the zoned-write series collected, in the patches and in replies.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { openStore, type Db } from '../../src/store/index.js';
import { storeSource } from '../../cli/tui-source.js';
import type { TuiSource } from '../../src/ui/types.js';
import { cli, ensureBuilt } from '../cli/run-cli.js';
import { repoRoot, tempDir } from '../import/corpus.js';
import { renderAt, type, visibleLines } from './frames.js';

let db: Db;
let source: TuiSource;
const mbox = (name: string) => path.join(repoRoot, 'data', 'corpus', 'mbox', name);
before(() => {
  ensureBuilt();
  const file = path.join(tempDir('series'), 't.db');
  const r = cli([
    'import',
    mbox('api-2020-mremap-dontunmap.mbox'),
    mbox('block-2022-zoned-write-perf.mbox'),
    '--db',
    file,
  ]);
  assert.equal(r.code, 0, r.stderr);
  db = openStore(file, { mustExist: true });
  source = storeSource(db);
});
after(() => db.close());

const text = (frame: string) => visibleLines(frame).join('\n');
const threadIndex = (subject: RegExp) => {
  const i = source.threads.findIndex((t) => subject.test(t.subject));
  assert.ok(i >= 0, `a thread ${subject}`);
  return i;
};

it('shows the version chain of a series and walks from v4 to v5 and back with } and {', async () => {
  const i = threadIndex(/MREMAP_DONTUNMAP/);
  const id = source.threads[i]?.id ?? assert.fail();
  const [chain] = source.series(id);
  assert.deepEqual(
    chain?.map((v) => v.version),
    [4, 5],
    'the store chains v4 -> v5',
  );
  const ui = await renderAt(<App source={source} />, 120, 40);
  let f = await type(ui, `${'j'.repeat(i)}\r`, /message 1\//);
  // The first message is a voice recovered from quotes: the title names the newest version of the thread.
  assert.match(f, /v4 → \[v5\] {2}message 1\//);
  f = await type(ui, ']', /\[v4\] → v5 {2}message 2\//);
  f = await type(ui, 's', /Series \[v4\] → v5/);
  assert.match(text(f), /v4: mm: Add MREMAP_DONTUNMAP to mremap\(\)\. \(1 patch\)/);
  assert.match(text(f), /v5: mm: Add MREMAP_DONTUNMAP to mremap\(\)\. \(2 of 2 patches\)/);
  assert.match(text(f), /selftest: Add MREMAP_DONTUNMAP selftest/);
  // } opens v5's first patch, the series view stays.
  const v5 = chain?.[1]?.patches[0]?.key ?? assert.fail();
  const at = (source.loadThread(id) ?? assert.fail()).messages.findIndex((m) => m.key === v5);
  f = await type(ui, '}', /Series v4 → \[v5\]/);
  assert.match(f, new RegExp(`v4 → \\[v5\\]  message ${at + 1}/`));
  f = await type(ui, '}', /Series v4 → \[v5\]/);
  f = await type(ui, '{', /Series \[v4\] → v5/);
  ui.unmount();
});

it('lists the review trailers of each patch, given in the patch or in a reply below it', async () => {
  const i = threadIndex(/Improve zoned storage write performance/);
  const id = source.threads[i]?.id ?? assert.fail();
  const messages = (source.loadThread(id) ?? assert.fail()).messages;
  const patch1 = messages.findIndex((m) => m.subject.startsWith('[PATCH v3 1/8]'));
  assert.ok(patch1 >= 0);
  const ui = await renderAt(<App source={source} />, 200, 50);
  await type(ui, `${'j'.repeat(i)}\r`, /message 1\//);
  let f = await type(ui, 's', /Series \[v3\]/);
  // Patch 1/8: Damien Le Moal's Reviewed-by in the patch, Chaitanya Kulkarni's in a reply; Cc lines are not reviews.
  const rows = visibleLines(f).map((l) => l.replace(/[│┃]/g, ''));
  const at = rows.findIndex((l) => /1\. \[PATCH v3 1\/8\] block: Document/.test(l));
  assert.ok(at >= 0, text(f));
  assert.match(rows[at + 1] ?? '', /Reviewed-by: Damien Le Moal, Reviewed-by: Chaitanya Kulkarni/);
  assert.doesNotMatch(text(f), /Cc: /);
  // The patch view of 1/8 lists them too, saying where the reply's came from.
  f = await type(ui, `s${']'.repeat(patch1)}p`, /Review trailers:/);
  assert.match(text(f), /Reviewed-by: Damien Le Moal <damien\.lemoal@/);
  assert.match(text(f), /Reviewed-by: Chaitanya Kulkarni <[^>]+> \(in a reply by Chaitanya Kulkarni\)/);
  ui.unmount();
});
