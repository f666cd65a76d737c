/** Options by structure, on real mail: a series is one option, review trailers back it. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractThread } from '../../src/extract/index.js';
import { runImport } from '../../src/import/index.js';
import { loadThread, openStore, threadIds } from '../../src/store/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const iommu = path.join(repo, '..', 'shared', 'corpus', 'lkml-iommu-archive');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-options-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function extractFile(file: string) {
  const db = path.join(tmp, `${path.basename(file)}.db`);
  await runImport({ paths: [file], db, threads: 1 });
  const store = openStore(db);
  try {
    const threads = threadIds(store)
      .map((id) => loadThread(store, id))
      .sort((a, b) => b.messages.length - a.messages.length);
    const biggest = threads[0];
    assert.ok(biggest !== undefined);
    return { thread: biggest, ...extractThread(biggest) };
  } finally {
    store.close();
  }
}

test('the cover letter and the patches of a series are one option, and its review trailers back it', async () => {
  // nosnoop v2: "[PATCH v2 0/4] Make the iommu driver no-snoop block feature consistent", four patches by Jason
  // Gunthorpe, answered with Reviewed-by and Acked-by lines by Kevin Tian, Lu Baolu, Alex Williamson and others.
  const { thread, items, options } = await extractFile(path.join(iommu, 'nosnoop-v2.mbox'));
  const patchMessages = new Set(
    thread.messages.filter((m) => /^\[PATCH v2 [0-4]\/4\]/.test(m.subject)).map((m) => m.key),
  );
  assert.ok(patchMessages.size >= 4);
  const series = options.filter((o) =>
    o.items.some((id) => patchMessages.has(items.find((i) => i.id === id)?.message ?? '')),
  );
  assert.equal(series.length, 1, `the series is split over options: ${series.map((o) => o.title).join(' | ')}`);
  const option = series[0];
  assert.ok(option !== undefined);
  const trailers = items.filter((i) => /^(?:Reviewed|Acked|Tested)-by:/.test(i.text));
  assert.ok(trailers.length >= 10, `only ${trailers.length} review trailers became items`);
  assert.ok(
    trailers.every((i) => i.kind === 'support' && i.option === option.id),
    'a review trailer is support of the series',
  );
  assert.ok(
    trailers.some((i) => i.author === 'Kevin Tian' || i.author === 'Tian, Kevin'),
    'a trailer is credited to the person it names',
  );
  assert.equal(option.status, 'supported');
});
