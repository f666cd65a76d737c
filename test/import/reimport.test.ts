import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runImport } from '../../src/import/index.js';
import { corpus, tempDir } from './corpus.js';

test('a file imported before is recognised and skipped unread; a touched copy with the same bytes too, a changed one is read', async () => {
  const dir = tempDir('reimport');
  const db = path.join(dir, 't.db');
  const file = path.join(dir, 'nosnoop.mbox');
  fs.copyFileSync(path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v2.mbox'), file);
  const first = await runImport({ paths: [file], db });
  assert.ok(first.messages.new > 20);
  assert.deepEqual(first.skipped, []);

  const again = await runImport({ paths: [file], db });
  assert.deepEqual(again.skipped, [file]);
  assert.deepEqual(again.messages, { new: 0, duplicate: 0, rejected: 0 }, 'nothing was read');
  assert.equal(again.files, 0);

  // Touched: a new mtime, the same bytes.
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(file, later, later);
  assert.deepEqual((await runImport({ paths: [file], db })).skipped, [file]);

  // Grown by one message: read from the old end on, and only the new message is read.
  const oldEnd = fs.statSync(file).size;
  fs.appendFileSync(
    file,
    fs.readFileSync(path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox'), 'latin1').split(/\n(?=From )/)[0] +
      '\n',
    'latin1',
  );
  const grown = await runImport({ paths: [file], db });
  assert.deepEqual(grown.skipped, []);
  assert.deepEqual(grown.resumed, [{ file, from: oldEnd }]);
  assert.deepEqual(grown.messages, { new: 1, duplicate: 0, rejected: 0 });

  // Changed inside what was read before (same size or not): read whole again.
  const bytes = fs.readFileSync(file);
  bytes[100] = bytes[100] === 0x61 ? 0x62 : 0x61;
  fs.writeFileSync(file, Buffer.concat([bytes, Buffer.from('\n')]));
  const changed = await runImport({ paths: [file], db });
  assert.deepEqual(changed.resumed, []);
  assert.ok(changed.messages.duplicate + changed.messages.new > first.messages.new, 'read from the start');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every placement threading records, comparable across databases. */
function threading(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  const rows = (
    conn.prepare('SELECT key, parent_key, thread_id, merged_into FROM messages ORDER BY key').all() as unknown[]
  ).map((r) => JSON.stringify(r));
  const threads = (conn.prepare('SELECT id, subject, messages FROM threads ORDER BY id').all() as unknown[]).map((r) =>
    JSON.stringify(r),
  );
  conn.close();
  return [...rows, ...threads];
}

test('an mbox that grew since its import is read from its old end on, and the database equals a fresh import of the grown file', async () => {
  const dir = tempDir('reimport-grown');
  const file = path.join(dir, 'list.mbox');
  const head = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox');
  const tail = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v2.mbox');
  fs.copyFileSync(head, file);
  const db = path.join(dir, 'grown.db');
  const first = await runImport({ paths: [file], db });
  const oldEnd = fs.statSync(file).size;
  // A day's mail appended, as a list archiver appends it.
  fs.appendFileSync(file, fs.readFileSync(tail));
  const grown = await runImport({ paths: [file], db });
  assert.deepEqual(grown.resumed, [{ file, from: oldEnd }]);
  const alone = await runImport({ paths: [tail], db: path.join(dir, 'tail.db') });
  // Only the appended messages were read (none of the first import's came back as duplicates).
  assert.equal(grown.messages.new + grown.messages.duplicate, alone.messages.new);
  assert.ok(grown.messages.new > 0 && first.messages.new > 0);
  const fresh = path.join(dir, 'fresh.db');
  await runImport({ paths: [file], db: fresh });
  assert.deepEqual(threading(db), threading(fresh));
  // And the grown file is recorded whole: the next import skips it.
  assert.deepEqual((await runImport({ paths: [file], db })).skipped, [file]);
  fs.rmSync(dir, { recursive: true, force: true });
});
