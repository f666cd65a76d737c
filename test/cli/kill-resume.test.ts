import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { corpus, tempDir } from '../import/corpus.js';
import { cli, ensureBuilt, mainJs } from './run-cli.js';

before(ensureBuilt);

// Two long design threads (~500 messages), written 50 per transaction so kills land between and inside batches.
const inputs = ['dev-ioasid-uapi-proposal-rfc.mbox', 'dev-iommu-rfc-00-20.mbox'].map((f) =>
  path.join(corpus, 'lkml-iommu-archive', f),
);
const importArgs = (db: string): string[] => ['import', ...inputs, '--db', db, '--json', '--batch', '50'];

/** What an import leaves: every message with its place, and the threads. */
function fingerprint(db: string): { messages: string[]; threads: number; integrity: string; unthreaded: number } {
  const conn = new Database(db, { readonly: true });
  const integrity = (conn.pragma('integrity_check', { simple: true }) as string) ?? '';
  const messages = (
    conn.prepare('SELECT key, parent_key, thread_id, merged_into FROM messages ORDER BY key').all() as Record<
      string,
      unknown
    >[]
  ).map((r) => JSON.stringify(r));
  const threads = (conn.prepare('SELECT count(*) AS n FROM threads').get() as { n: number }).n;
  const unthreaded = (conn.prepare('SELECT count(*) AS n FROM messages WHERE thread_id IS NULL').get() as { n: number })
    .n;
  conn.close();
  return { messages, threads, integrity, unthreaded };
}

function importKilledAfter(db: string, ms: number): Promise<{ killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mainJs, ...importArgs(db)], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL' });
    });
  });
}

test('an import killed with SIGKILL at any point leaves a sound database, and re-running it completes the import', async () => {
  const dir = tempDir('kill');
  const clean = path.join(dir, 'clean.db');
  const t0 = Date.now();
  const r = cli(importArgs(clean));
  const duration = Date.now() - t0;
  assert.equal(r.code, 0, r.stderr);
  const expected = fingerprint(clean);
  assert.equal(expected.integrity, 'ok');

  let killedMidway = 0;
  for (const fraction of [0.3, 0.6, 0.9]) {
    const db = path.join(dir, `killed-${fraction}.db`);
    const { killed } = await importKilledAfter(db, Math.round(duration * fraction));
    if (killed) killedMidway++;
    if (fs.existsSync(db)) {
      const left = fingerprint(db);
      assert.equal(left.integrity, 'ok', `integrity after a kill at ${fraction}`);
      // The import threads as it goes: once a few batches are stored, some threads are there to browse.
      if (left.messages.length >= 200)
        assert.ok(left.threads > 0, `threads after a kill at ${fraction} with ${left.messages.length} rows stored`);
    }
    const rerun = cli(importArgs(db));
    assert.equal(rerun.code, 0, rerun.stderr);
    const got = fingerprint(db);
    assert.equal(got.integrity, 'ok');
    assert.equal(got.messages.length, expected.messages.length, `no message lost or doubled (kill at ${fraction})`);
    assert.deepEqual(got.messages, expected.messages, `same messages in the same places (kill at ${fraction})`);
    assert.equal(got.threads, expected.threads);
    assert.equal(got.unthreaded, 0, `every stored message threaded after the re-run (kill at ${fraction})`);
  }
  // Timing on a loaded machine varies; at least one kill must have hit a running import for the test to mean anything.
  assert.ok(killedMidway >= 1, 'a kill landed while the import was running');
  fs.rmSync(dir, { recursive: true, force: true });
});
