import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { openStore, search } from '../../src/store/index.js';

test('upgrades a version-1 database in place: bodies move to their own table and stay searchable and readable', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-migrate-'));
  const file = path.join(dir, 'v1.db');
  const old = new Database(file);
  old.exec(MIGRATIONS[0] ?? '');
  old.pragma('user_version = 1');
  const id = old
    .prepare(
      `INSERT INTO messages (key, message_id, in_reply_to, refs, subject, from_name, from_email, date, date_ms, body, attachments,
         source_file, source_offset, format, content_hash, reconstructed, warnings, thread_id)
       VALUES ('a@x', 'a@x', '[]', '[]', 'hello', 'Ann', 'ann@x', NULL, NULL, 'the storage_domain body', '[]', 'f', 0, 'mbox', 'h', 0, '[]', 'a@x')`,
    )
    .run().lastInsertRowid;
  old
    .prepare('INSERT INTO messages_fts (rowid, subject, author, own, quoted) VALUES (?, ?, ?, ?, ?)')
    .run(id, 'hello', 'Ann', 'the storage_domain body', '');
  old.close();

  const db = openStore(file);
  assert.equal(Number(db.pragma('user_version', { simple: true })), SCHEMA_VERSION);
  const columns = (db.prepare('PRAGMA table_info(messages)').all() as { name: string }[]).map((c) => c.name);
  assert.ok(!columns.includes('body'));
  assert.deepEqual(db.prepare('SELECT message, body FROM bodies').all(), [
    { message: id, body: 'the storage_domain body' },
  ]);
  assert.equal(search(db, 'storage_domain')[0]?.snippet, 'the storage_domain body');
  assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('upgrades a version-4 database: the ids each message cites are indexed, for old rows and new ones alike', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-migrate-'));
  const file = path.join(dir, 'v4.db');
  const old = new Database(file);
  for (const sql of MIGRATIONS.slice(0, 4)) old.exec(sql);
  old.pragma('user_version = 4');
  const insert = old.prepare(
    `INSERT INTO messages (key, message_id, in_reply_to, refs, subject, from_name, from_email, date, date_ms, attachments,
       source_file, source_offset, format, content_hash, reconstructed, warnings, thread_id)
     VALUES (?, ?, ?, ?, 'hello', 'Ann', 'ann@x', NULL, NULL, '[]', 'f', 0, 'mbox', 'h', 0, '[]', ?)`,
  );
  insert.run('b@x', 'b@x', '["a@x"]', '["root@x","a@x"]', 'root@x');
  old.close();

  const db = openStore(file);
  const refs = (): unknown[] =>
    db
      .prepare('SELECT m.key, r.ref FROM message_refs r JOIN messages m ON m.id = r.message ORDER BY m.key, r.ref')
      .all();
  assert.deepEqual(refs(), [
    { key: 'b@x', ref: 'a@x' },
    { key: 'b@x', ref: 'root@x' },
  ]);
  db.prepare(
    `INSERT INTO messages (key, message_id, in_reply_to, refs, subject, from_name, from_email, date, date_ms, attachments,
       source_file, source_offset, format, content_hash, reconstructed, warnings)
     VALUES ('c@x', 'c@x', '["<b@x>"]', '[]', 'hello', 'Ann', 'ann@x', NULL, NULL, '[]', 'f', 0, 'mbox', 'h', 0, '[]')`,
  ).run();
  assert.deepEqual(refs().at(-1), { key: 'c@x', ref: 'b@x' });
  // Threaded before the store recorded how: the next import threads everything once.
  assert.equal(db.prepare('SELECT count(*) AS n FROM messages WHERE matching IS NULL').pluck().get(), 2);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
