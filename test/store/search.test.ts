import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/import/index.js';
import { openStore, search, splitQuoted, toFtsQuery } from '../../src/store/index.js';
import { corpus, tempDir } from '../import/corpus.js';

test('search tells what people wrote from what they quoted', async () => {
  const dir = tempDir('fts');
  const db = path.join(dir, 't.db');
  await runImport({ paths: [path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox')], db });
  const conn = openStore(db, { readonly: true });
  const bodies = new Map(
    (
      conn
        .prepare('SELECT key, body FROM messages JOIN bodies ON bodies.message = messages.id WHERE reconstructed = 0')
        .all() as { key: string; body: string }[]
    ).map((r) => [r.key, r.body]),
  );
  // Pick from the data a word both written and quoted in this thread.
  const word = 'IOMMU_CACHE';
  const ownKeys = [...bodies].filter(([, b]) => splitQuoted(b).own.includes(word)).map(([k]) => k);
  const quotedKeys = [...bodies].filter(([, b]) => splitQuoted(b).quoted.includes(word)).map(([k]) => k);
  assert.ok(ownKeys.length > 0 && quotedKeys.length > 0, 'the thread both writes and quotes the word');

  const own = search(conn, word, 'own', 1000).map((h) => h.key);
  const quoted = search(conn, word, 'quoted', 1000).map((h) => h.key);
  const all = search(conn, word, 'all', 1000).map((h) => h.key);
  for (const k of ownKeys) assert.ok(own.includes(k), `own words of ${k} are found`);
  for (const k of quotedKeys) assert.ok(quoted.includes(k), `quoted words of ${k} are found`);
  // A message that only quotes the word is not an "own" hit (unless its subject or author has it).
  const onlyQuoted = quotedKeys.filter((k) => !ownKeys.includes(k));
  const subjects = new Map(
    (conn.prepare('SELECT key, subject FROM messages').all() as { key: string; subject: string }[]).map((r) => [
      r.key,
      r.subject,
    ]),
  );
  for (const k of onlyQuoted)
    if (!(subjects.get(k) ?? '').includes(word)) assert.ok(!own.includes(k), `${k} only quotes the word`);
  assert.ok(all.length >= new Set([...own, ...quoted]).size);
  conn.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('user queries become FTS5 terms, so kernel identifiers and dashes are not operators', () => {
  assert.equal(toFtsQuery('storage_domain noncoherent'), '"storage_domain" "noncoherent"');
  assert.equal(toFtsQuery('iommu-group OR "dma fence" pin*'), '"iommu-group" OR "dma fence" "pin"*');
  assert.equal(toFtsQuery('  '), '');
});
