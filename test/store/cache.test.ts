import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/import/index.js';
import { cachedExtraction, listThreads, loadThread, openStore } from '../../src/store/index.js';
import { extractThread } from '../../src/extract/index.js';
import { extractorVersion } from '../../src/extract/version.js';
import { seeds, tempDir } from '../import/corpus.js';

test('a cached extraction is served only to the extractor version that made it', async () => {
  const dir = tempDir('cache');
  const file = path.join(dir, 't.db');
  await runImport({ paths: [path.join(seeds, '002_729ddf41e7386296.txt')], db: file, threads: 1 });
  const db = openStore(file, { mustExist: true });
  const id = listThreads(db)[0]?.id ?? '';
  const real = extractThread(loadThread(db, id));
  assert.ok(real.items.length > 0);

  let computed = 0;
  const compute = () => {
    computed++;
    return real;
  };
  const version = extractorVersion();
  assert.match(version, /^[0-9a-f]{16}$/);
  cachedExtraction(db, id, version, compute);
  assert.deepEqual(cachedExtraction(db, id, version, compute), real);
  assert.equal(computed, 1, 'the same version is served from the cache');
  cachedExtraction(db, id, 'another-release', compute);
  assert.equal(computed, 2, 'another version recomputes');

  // An entry written by a release that stored the bare extraction is recomputed too.
  db.prepare('UPDATE extraction_cache SET json = ? WHERE thread_id = ?').run(JSON.stringify(real), id);
  cachedExtraction(db, id, version, compute);
  assert.equal(computed, 3);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
