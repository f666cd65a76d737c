/**
 * A query that repeats itself costs what the query once costs: `iommu` 500 times took
 * 61 s (1,000 times: minutes) though it finds what `iommu` finds. Repeats are dropped
 * where that cannot change the answer; a query past MAX_QUERY_WORDS is refused in one line.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { runImport } from '../../src/import/index.js';
import { type Db, MAX_QUERY_WORDS, openStore, search, toFtsQuery } from '../../src/store/index.js';
import { seeds, tempDir } from '../import/corpus.js';

let dir = '';
let db: Db;
before(async () => {
  dir = tempDir('search-repeats');
  await runImport({ paths: [seeds], db: path.join(dir, 't.db'), threads: 1 });
  db = openStore(path.join(dir, 't.db'), { readonly: true });
});
after(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a word repeated 1,000 times, or OR-ed with itself 500 times, finds what the word finds', () => {
  const once = search(db, 'iommu');
  assert.ok(once.length > 0);
  assert.deepEqual(search(db, 'iommu '.repeat(1000)), once);
  assert.deepEqual(search(db, Array(500).fill('iommu').join(' OR ')), once);
  assert.deepEqual(search(db, 'iommu dma OR dma iommu OR iommu dma'), search(db, 'iommu dma'));
});

test('repeats are dropped only where they cannot change the answer', () => {
  assert.equal(toFtsQuery('a a b'), '"a" "b"');
  assert.equal(toFtsQuery('a b OR b a OR c'), '"a" "b" OR "c"');
  assert.equal(toFtsQuery('a NOT b a'), '"a" NOT "b" "a"');
});

test('a query of more words than the bound is refused in one line', () => {
  const words = Array.from({ length: MAX_QUERY_WORDS + 1 }, (_, i) => `w${i}`).join(' ');
  assert.throws(
    () => search(db, `"${words}"`),
    (err: unknown) => err instanceof UserError && err.exitCode === 2,
  );
});
