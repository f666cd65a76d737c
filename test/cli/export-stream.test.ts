import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { seeds, tempDir } from '../import/corpus.js';
import { assertExportShape } from './contract.js';
import { cli, ensureBuilt } from './run-cli.js';

before(ensureBuilt);

test('export streams the document it used to build whole, and --jsonl gives the same threads, items and options one per line', () => {
  const dir = tempDir('cli-export-stream');
  const db = path.join(dir, 't.db');
  assert.equal(cli(['import', seeds, '--db', db]).code, 0);

  const doc = cli(['export', '--json', '--bodies', '--db', db]);
  assert.equal(doc.code, 0, doc.stderr);
  const parsed = JSON.parse(doc.stdout) as { threads: unknown[]; items: unknown[]; options: unknown[] };
  assertExportShape(parsed);
  assert.ok(parsed.items.length > 0 && parsed.options.length > 0, 'the seeds extract items and options');
  // Written piece by piece, it is still byte for byte the pretty-printed document.
  assert.equal(doc.stdout, JSON.stringify(parsed, null, 2) + '\n');

  const lines = cli(['export', '--jsonl', '--bodies', '--db', db]);
  assert.equal(lines.code, 0, lines.stderr);
  const objects = lines.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const o of objects) assert.equal(Object.keys(o).length, 1, 'each line is one thread, item or option');
  const of = (kind: string): unknown[] => objects.flatMap((o) => (kind in o ? [o[kind]] : []));
  assert.deepEqual(of('thread'), parsed.threads);
  assert.deepEqual(of('item'), parsed.items);
  assert.deepEqual(of('option'), parsed.options);
  // A thread's items follow its own line.
  assert.ok('thread' in (objects[0] ?? {}));

  const both = cli(['export', '--json', '--jsonl', '--db', db]);
  assert.notEqual(both.code, 0);
  assert.match(both.stderr, /--jsonl/);
  fs.rmSync(dir, { recursive: true, force: true });
});
