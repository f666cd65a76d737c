import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { seeds, tempDir } from '../import/corpus.js';
import { cli, ensureBuilt, mainJs } from './run-cli.js';

let db = '';
before(() => {
  ensureBuilt();
  db = path.join(tempDir('epipe'), 't.db');
  const r = cli(['import', seeds, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
});

/** `threadlab ARGS | head -1` in bash: the CLI's own exit status, its stderr, and what head printed. */
function intoHead(args: string): { status: string; stderr: string; first: string } {
  const err = path.join(path.dirname(db), `stderr-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" "${mainJs}" ${args} --db "${db}" 2>"${err}" | head -1; echo "status=\${PIPESTATUS[0]}"`,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, THREADLAB_DB: '' },
    },
  );
  const lines = r.stdout.trimEnd().split('\n');
  return { status: lines.at(-1) ?? '', stderr: fs.readFileSync(err, 'utf8'), first: lines[0] ?? '' };
}

// show and export print far more than a pipe holds (64 KiB), so head's exit always cuts them off mid-write.
for (const args of [
  'threads',
  'show 20240507062212.20535-1-yan.y.zhao@intel.com',
  'export --json',
  'export --json --bodies',
]) {
  test(`\`threadlab ${args} | head -1\` ends quietly with status 0 when head closes the pipe`, () => {
    const r = intoHead(args);
    // stderr holds the counts some commands always print ("5 threads"), and nothing else.
    assert.doesNotMatch(r.stderr, /EPIPE|Error|threadlab:|\n\s+at /, 'no stack trace, no error line');
    assert.ok(
      r.stderr.split('\n').every((l) => l === '' || /^\d+ threads?$/.test(l)),
      r.stderr,
    );
    assert.equal(r.status, 'status=0');
    assert.notEqual(r.first, '');
  });
}
