import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { corpus, tempDir } from '../import/corpus.js';
import { cli, ensureBuilt, mainJs } from './run-cli.js';

before(ensureBuilt);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('threads, search and export answer from the database while an import is writing to it', async () => {
  const dir = tempDir('concurrent');
  const db = path.join(dir, 't.db');
  // A first import gives the readers something to read; the second, long one writes while they read.
  assert.equal(cli(['import', path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox'), '--db', db]).code, 0);
  const writer = spawn(
    process.execPath,
    [
      mainJs,
      'import',
      path.join(corpus, 'lkml-iommu-archive', 'dev-ioasid-uapi-proposal-rfc.mbox'),
      path.join(corpus, 'lkml-iommu-archive', 'dev-iommu-rfc-00-20.mbox'),
      '--db',
      db,
      '--batch',
      '25',
    ],
    { stdio: 'ignore' },
  );
  let running = true;
  const done = new Promise<number | null>((resolve) =>
    writer.on('exit', (code) => {
      running = false;
      resolve(code);
    }),
  );

  let readsWhileWriting = 0;
  while (running) {
    const threads = cli(['threads', '--json', '--db', db]);
    if (!running) break;
    assert.equal(threads.code, 0, threads.stderr);
    const list = JSON.parse(threads.stdout) as { threads: { id: string }[] };
    assert.ok(list.threads.length >= 1, 'the earlier import stays visible');
    const hits = cli(['search', 'enforce_cache_coherency', '--json', '--db', db]);
    assert.equal(hits.code, 0, hits.stderr);
    readsWhileWriting++;
    await sleep(50);
  }
  assert.equal(await done, 0);
  assert.ok(readsWhileWriting >= 1, 'at least one read overlapped the import');
  const after = JSON.parse(cli(['threads', '--json', '--db', db]).stdout) as { threads: unknown[] };
  assert.ok(after.threads.length > 1);
  fs.rmSync(dir, { recursive: true, force: true });
});
