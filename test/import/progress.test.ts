import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runImport, type ImportProgress } from '../../src/import/index.js';
import { corpus, tempDir } from './corpus.js';

test('an import reports its progress as events and draws nothing itself: storing up to every byte, then the threading steps', async () => {
  const events: ImportProgress[] = [];
  await runImport({
    paths: [path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox')],
    db: path.join(tempDir('progress'), 't.db'),
    threads: 1,
    onProgress: (p) => events.push(p),
  });
  const stores = events.filter((e) => e.kind === 'store');
  const last = stores.at(-1);
  assert.ok(last && last.bytesTotal > 0 && last.bytesDone === last.bytesTotal);
  assert.ok(
    events.some((e) => e.kind === 'thread' && e.done === 0),
    'a threading step is reported',
  );
  assert.equal(events.at(-1)?.kind, 'idle');
  assert.ok(events.findIndex((e) => e.kind === 'thread') > events.indexOf(last), 'threading comes after storing');
});
