/**
 * The database is a function of the mail in it, not of the order it came in. Imported
 * as two halves in opposite orders, the review's corpus attached one recovered voice
 * (Jason Gunthorpe's, quoted in the 2022 "Simplify vfio_iommu_type1 attach/detach"
 * thread) to an unrelated 2023 thread (memcpy_toio_64) in one order only: the two files
 * holding the two threads, imported both ways, must give the same rows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { runImport } from '../../src/import/index.js';
import { corpus, tempDir } from './corpus.js';

const A = path.join(corpus, 'lkml-iommu-archive', 'vfio-type1-attach-detach-v1.mbox');
const B = path.join(corpus, 'lkml-linux-arch-archive', 'memcpy-toio-64-write-combining.mbox');

let dir = '';
before(() => {
  dir = tempDir('order');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Row {
  key: string;
  merged_into: string | null;
  thread_id: string | null;
  parent_key: string | null;
}

function rows(file: string): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], Row>('SELECT key, merged_into, thread_id, parent_key FROM messages ORDER BY key').all();
  } finally {
    db.close();
  }
}

test('two archives imported in either order give the same messages, parents, threads and merged voices', async () => {
  const ab = path.join(dir, 'ab.db');
  const ba = path.join(dir, 'ba.db');
  await runImport({ paths: [A], db: ab, threads: 1 });
  await runImport({ paths: [B], db: ab, threads: 1 });
  await runImport({ paths: [B], db: ba, threads: 1 });
  await runImport({ paths: [A], db: ba, threads: 1 });
  const first = rows(ab);
  assert.ok(
    first.some((r) => r.key.startsWith('sha256:')),
    'voices were recovered',
  );
  assert.deepEqual(rows(ba), first);
  // The voice of the review's case stays in its own thread.
  const voice = first.find((r) => r.key.startsWith('sha256:305a0705a561b1fe'));
  if (voice !== undefined) assert.notEqual(voice.merged_into, '20231124142049.GF436702@nvidia.com');
});
