import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runImport } from '../../src/import/index.js';
import { loadThread, listThreads, openStore, resolveRef } from '../../src/store/index.js';
import { corpus, mboxFiles, seeds, separatorCount, splitMbox, tempDir } from './corpus.js';

const lkml = [path.join(corpus, 'lkml-iommu-archive'), path.join(corpus, 'lkml-linux-arch-archive')];

test('imports every message of the kernel-list corpus, and importing it again adds nothing', async () => {
  const dir = tempDir('import');
  const db = path.join(dir, 't.db');
  const files = lkml.flatMap(mboxFiles);
  const expected = files.reduce((n, f) => n + separatorCount(f), 0);
  const first = await runImport({ paths: lkml, db });
  assert.equal(first.files, files.length);
  // Thread files overlap (a message can sit in two extracts), so a repeat is a duplicate, not a loss.
  assert.equal(first.messages.new + first.messages.duplicate + first.messages.rejected, expected);
  assert.equal(first.messages.rejected, 0);
  assert.ok(first.threads > 0 && first.patches > 0);

  const conn = new Database(db, { readonly: true });
  const stored = (conn.prepare('SELECT count(*) AS n FROM messages WHERE reconstructed = 0').get() as { n: number }).n;
  assert.equal(stored, first.messages.new);
  const unthreaded = (conn.prepare('SELECT count(*) AS n FROM messages WHERE thread_id IS NULL').get() as { n: number })
    .n;
  assert.equal(unthreaded, 0, 'every message is placed in a thread');
  conn.close();

  // Every file of the folders is known by its bytes: none is read again.
  const again = await runImport({ paths: lkml, db });
  assert.equal(again.messages.new, 0);
  assert.equal(again.reconstructed, 0);
  assert.equal(again.known, files.length);
  assert.equal(again.messages.duplicate, 0);
  const conn2 = new Database(db, { readonly: true });
  assert.equal(
    (conn2.prepare('SELECT count(*) AS n FROM messages WHERE reconstructed = 0').get() as { n: number }).n,
    stored,
  );
  conn2.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('keeps one copy of a repeated message and both copies of a reused Message-ID with different content', async () => {
  const dir = tempDir('dups');
  const source = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v3.mbox');
  const [original] = splitMbox(source);
  assert.ok(original !== undefined);
  const text = original.toString('latin1');
  // Same Message-ID, different words: what a list does when a sender reuses an id.
  const altered = text.replace(/\n\n/, '\n\nThis copy carries a different first line.\n');
  assert.notEqual(altered, text);
  const mbox = path.join(dir, 'dups.mbox');
  const sep = 'From mboxrd@z Thu Jan  1 00:00:00 1970\n';
  fs.writeFileSync(mbox, Buffer.from(sep + text + '\n' + sep + text + '\n' + sep + altered + '\n', 'latin1'));
  const db = path.join(dir, 't.db');
  const s = await runImport({ paths: [mbox], db });
  assert.equal(s.messages.new, 2);
  assert.equal(s.messages.duplicate, 1);
  assert.equal(s.renamed, 1);

  const conn = openStore(db, { readonly: true });
  const rows = conn
    .prepare('SELECT key, message_id, content_hash FROM messages WHERE reconstructed = 0 ORDER BY id')
    .all() as {
    key: string;
    message_id: string;
    content_hash: string;
  }[];
  assert.equal(rows.length, 2);
  const [a, b] = rows;
  assert.ok(a !== undefined && b !== undefined);
  assert.equal(a.message_id, b.message_id);
  assert.notEqual(a.content_hash, b.content_hash);
  assert.equal(a.key, a.message_id);
  assert.equal(b.key, `${a.message_id}#${b.content_hash.slice(0, 12)}`);
  // Both are reachable and both are in the export's thread data.
  const where = resolveRef(conn, b.key);
  assert.ok(where !== null);
  conn.close();

  // The same file again is recognised unread; the same messages under another name are read and found stored.
  const again = await runImport({ paths: [mbox], db });
  assert.deepEqual(again.skipped, [mbox]);
  assert.equal(again.messages.new, 0);
  const copy = path.join(dir, 'copy.mbox');
  fs.copyFileSync(mbox, copy);
  const read = await runImport({ paths: [copy], db });
  assert.equal(read.messages.new, 0);
  assert.equal(read.messages.duplicate, 3);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('imports the seed dumps with their reconstructed voices and seed 002 patch', async () => {
  const dir = tempDir('seeds');
  const db = path.join(dir, 't.db');
  const s = await runImport({ paths: [seeds], db });
  assert.equal(s.files, fs.readdirSync(seeds).length);
  assert.ok(s.messages.new >= 5);
  const conn = openStore(db, { readonly: true });
  const threads = listThreads(conn);
  const seedFile = (t: { id: string }): string => {
    const first = loadThread(conn, t.id).messages.find((m) => !m.ghost);
    return path.basename(first?.source.file ?? '');
  };
  // Seed 000 holds one archived mail but several voices that survive only in its quotes.
  const t000 = threads.filter((t) => seedFile(t).startsWith('000_'));
  const voices000 = t000.reduce((n, t) => n + t.reconstructed, 0);
  assert.ok(voices000 >= 2, `seed 000 yields reconstructed voices (got ${voices000})`);
  for (const prefix of ['001_', '003_', '004_']) {
    const n = threads.filter((t) => seedFile(t).startsWith(prefix)).reduce((k, t) => k + t.reconstructed, 0);
    assert.ok(n >= 1, `seed ${prefix} yields reconstructed voices`);
  }
  // Seed 002 (Patchwork): the patch survives the round trip through the store.
  const patched = threads
    .filter((t) => seedFile(t).startsWith('002_'))
    .flatMap((t) => loadThread(conn, t.id).messages)
    .filter((m) => m.patch !== null);
  assert.equal(patched.length, 1);
  const patch = patched[0]?.patch;
  assert.ok(patch);
  assert.equal(patch.files.length, 4);
  assert.equal(patch.added, 65);
  assert.equal(patch.deleted, 4);
  assert.deepEqual(
    patch.files.map((f) => f.added + f.deleted),
    [19, 5, 1, 44],
  );
  conn.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
