/**
 * Together with import.test.ts (the kernel-list extracts) this covers every file of
 * ../shared/corpus except the fuzzer's: Patchwork's test mails and series, Perceval's
 * pipermail/hyperkitty/mbox exports, and a public-inbox epoch cloned from its bundle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/import/index.js';
import { corpus, separatorCount, tempDir } from './corpus.js';

/** Messages in a file counted without our code: separator lines for mbox, one per bare .eml. */
function independentCount(file: string): number {
  return file.endsWith('.eml') ? 1 : separatorCount(file);
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile());
}

test('imports every message of the Patchwork, Perceval and public-inbox corpus files, and again adds nothing', async () => {
  const dir = tempDir('rest');
  const db = path.join(dir, 't.db');
  const inbox = path.join(dir, 'epoch.git');
  execFileSync('git', [
    'clone',
    '-q',
    '--bare',
    path.join(corpus, 'public-inbox', 'linux-arch-2025-2026-last400.bundle'),
    inbox,
  ]);
  const commits = Number(
    execFileSync('git', ['-C', inbox, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim(),
  );
  const dirs = ['patchwork-tests/mail', 'patchwork-tests/series', 'perceval-tests'].map((d) => path.join(corpus, d));
  const files = dirs.flatMap(filesUnder);
  const expected = files.reduce((n, f) => n + independentCount(f), 0) + commits;

  const first = await runImport({ paths: [...dirs, inbox], db, threads: 1 });
  // Perceval's monthly exports and Patchwork's series share messages on purpose: a repeat is a duplicate, never a loss.
  assert.equal(first.messages.new + first.messages.duplicate + first.messages.rejected, expected);
  assert.ok(first.messages.duplicate > 0, 'the shared messages are recognised as duplicates');
  assert.equal(first.messages.rejected, 0);

  const again = await runImport({ paths: [...dirs, inbox], db, threads: 1 });
  assert.equal(again.messages.new, 0);
  fs.rmSync(dir, { recursive: true, force: true });
});
