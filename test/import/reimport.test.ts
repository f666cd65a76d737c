import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
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

  // Grown by one message: read again, and only the new message is new.
  fs.appendFileSync(file, fs.readFileSync(path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox'), 'latin1').split(/\n(?=From )/)[0] + '\n', 'latin1');
  const grown = await runImport({ paths: [file], db });
  assert.deepEqual(grown.skipped, []);
  assert.equal(grown.messages.new, 1);
  assert.equal(grown.messages.duplicate, first.messages.new);
  fs.rmSync(dir, { recursive: true, force: true });
});
