import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/import/index.js';
import { corpus, splitMbox, tempDir } from './corpus.js';

const iommu = path.join(corpus, 'lkml-iommu-archive');

test('a Maildir imported before is known file by file: nothing is read again, a message moved to cur/ with flags neither, a new one is', async () => {
  const dir = tempDir('reimport-maildir');
  const md = path.join(dir, 'Mail');
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(md, sub), { recursive: true });
  const msgs = splitMbox(path.join(iommu, 'nosnoop-v1.mbox'));
  assert.ok(msgs.length > 10);
  const rest = msgs.slice(0, -1);
  rest.forEach((m, i) => fs.writeFileSync(path.join(md, 'new', `17000000${String(i).padStart(2, '0')}.M1P1.host`), m));
  const db = path.join(dir, 't.db');
  const first = await runImport({ paths: [md], db });
  assert.equal(first.messages.new, rest.length);
  assert.equal(first.known, 0);

  const again = await runImport({ paths: [md], db });
  assert.equal(again.known, rest.length, 'every file known');
  assert.deepEqual(again.messages, { new: 0, duplicate: 0, rejected: 0 }, 'and none read');
  assert.equal(again.threaded, 'none');

  // A mail reader marks one message seen: it moves to cur/ under a new name; its bytes stay.
  const moved = '1700000000.M1P1.host';
  fs.renameSync(path.join(md, 'new', moved), path.join(md, 'cur', `${moved}:2,S`));
  const last = msgs.at(-1);
  assert.ok(last);
  fs.writeFileSync(path.join(md, 'new', '1800000000.M1P1.host'), last);
  const third = await runImport({ paths: [md], db });
  assert.equal(third.known, rest.length, 'the moved message is known by its bytes');
  assert.deepEqual(third.messages, { new: 1, duplicate: 0, rejected: 0 }, 'only the new message is read');
});

test('a folder of archives imported before is known file by file; a changed file in it is read again', async () => {
  const dir = tempDir('reimport-folder');
  const folder = path.join(dir, 'lists');
  fs.mkdirSync(path.join(folder, 'iommu'), { recursive: true });
  const names = ['nosnoop-v1.mbox', 'nosnoop-v2.mbox', 'vfio-type1-attach-detach-v1.mbox'];
  for (const n of names) fs.copyFileSync(path.join(iommu, n), path.join(folder, 'iommu', n));
  const db = path.join(dir, 't.db');
  const first = await runImport({ paths: [folder], db });
  assert.ok(first.messages.new > 30);

  const again = await runImport({ paths: [folder], db });
  assert.equal(again.known, names.length);
  assert.deepEqual(again.messages, { new: 0, duplicate: 0, rejected: 0 });

  // One archive rewritten with a message more: it is read (its old messages are duplicates), the others are not.
  const changed = path.join(folder, 'iommu', 'nosnoop-v1.mbox');
  const extra = splitMbox(path.join(iommu, 'nosnoop-v3.mbox'))[0];
  assert.ok(extra);
  fs.writeFileSync(
    changed,
    Buffer.concat([
      Buffer.from('From threadlab@test Thu Jan  1 00:00:00 2026\n'),
      extra,
      Buffer.from('\n'),
      fs.readFileSync(changed),
    ]),
  );
  const third = await runImport({ paths: [folder], db });
  assert.equal(third.known, names.length - 1);
  assert.equal(third.messages.new, 1);
  assert.ok(third.messages.duplicate > 5);
});

test('a public-inbox epoch imported before reads no commit again and is no error', async () => {
  const dir = tempDir('reimport-epoch');
  const repo = path.join(dir, 'arch', 'git', '0.git');
  execFileSync('git', [
    'clone',
    '-q',
    '--mirror',
    path.join(corpus, 'public-inbox', 'linux-arch-2025-2026-last400.bundle'),
    repo,
  ]);
  const db = path.join(dir, 't.db');
  const first = await runImport({ paths: [path.join(dir, 'arch')], db });
  assert.equal(first.messages.new, 400);
  const again = await runImport({ paths: [path.join(dir, 'arch')], db });
  assert.deepEqual(again.messages, { new: 0, duplicate: 0, rejected: 0 });
});
