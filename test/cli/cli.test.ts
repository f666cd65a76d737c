import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { corpus, seeds, separatorCount, tempDir } from '../import/corpus.js';
import { assertExportShape } from './contract.js';
import { cli, ensureBuilt } from './run-cli.js';

before(ensureBuilt);

test('the built CLI imports the seeds, lists, shows, searches and exports them in the contract shape', () => {
  const dir = tempDir('cli');
  const db = path.join(dir, 't.db');
  const imp = cli(['import', seeds, '--db', db, '--json']);
  assert.equal(imp.code, 0, imp.stderr);
  const summary = JSON.parse(imp.stdout) as Record<string, unknown>;
  for (const k of ['files', 'messages', 'threads', 'patches', 'warnings']) assert.ok(k in summary, `summary has ${k}`);
  assert.deepEqual(Object.keys(summary['messages'] as object).sort(), ['duplicate', 'new', 'rejected']);
  assert.equal(summary['files'], fs.readdirSync(seeds).length);

  const threads = cli(['threads', '--db', db, '--json']);
  assert.equal(threads.code, 0, threads.stderr);
  const list = (
    JSON.parse(threads.stdout) as {
      threads: { id: string; subject: string; messages: number; people: string[]; last: string | null }[];
    }
  ).threads;
  assert.ok(list.length >= 5);
  const seed002 = list.find((t) => t.messages >= 19);
  assert.ok(seed002, 'the Patchwork seed is one thread of at least 19 messages');

  const shown = cli(['show', seed002.id, '--db', db]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.ok(shown.stdout.includes(seed002.subject));
  assert.match(shown.stdout, /patch: 4 files, \+65 \/ -4/);

  const exported = cli(['export', '--json', '--db', db]);
  assert.equal(exported.code, 0, exported.stderr);
  const shape = assertExportShape(JSON.parse(exported.stdout));
  assert.equal(shape.threads, list.length);
  const one = cli(['export', '--json', '--thread', seed002.id, '--db', db]);
  assert.equal(assertExportShape(JSON.parse(one.stdout)).threads, 1);

  // A word from the seed's patch subject finds it again.
  const word = seed002.subject.split(/\W+/).filter((w) => w.length > 5)[0] ?? 'iommu';
  const found = cli(['search', word, '--json', '--db', db]);
  assert.equal(found.code, 0, found.stderr);
  const hits = (JSON.parse(found.stdout) as { hits: { threadId: string }[] }).hits;
  assert.ok(
    hits.some((h) => h.threadId === seed002.id),
    `searching "${word}" finds the thread`,
  );

  const again = cli(['import', seeds, '--db', db, '--json']);
  assert.equal((JSON.parse(again.stdout) as { messages: { new: number } }).messages.new, 0);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('export of a corpus patch series carries its patches with files and hunks', () => {
  const dir = tempDir('cli-export');
  const db = path.join(dir, 't.db');
  const file = path.join(corpus, 'lkml-iommu-archive', 'vtd-pull-request-v5.6.mbox');
  const imp = cli(['import', file, '--db', db, '--json']);
  assert.equal(imp.code, 0, imp.stderr);
  const summary = JSON.parse(imp.stdout) as { messages: { new: number; duplicate: number }; patches: number };
  assert.equal(summary.messages.new + summary.messages.duplicate, separatorCount(file));
  const out = cli(['export', '--json', '--db', db]);
  const shape = assertExportShape(JSON.parse(out.stdout));
  assert.equal(shape.patches, summary.patches);
  assert.ok(shape.patches >= 20, `the 22 patches of the pull request (got ${shape.patches})`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a missing input fails in one line with exit 1 and leaves no database', () => {
  const dir = tempDir('cli-missing');
  const db = path.join(dir, 't.db');
  const r = cli(['import', path.join(dir, 'nope.mbox'), '--db', db]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /nope\.mbox/);
  assert.equal(fs.existsSync(db), false);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('inputs holding no mail at all fail in one line with exit 1 and leave no database', () => {
  const dir = tempDir('cli-nomail');
  const db = path.join(dir, 't.db');
  const empty = path.join(dir, 'empty.mbox');
  const binary = path.join(dir, 'blob.bin');
  fs.writeFileSync(empty, '');
  fs.writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  for (const input of [empty, binary]) {
    const r = cli(['import', input, '--db', db, '--json']);
    assert.equal(r.code, 1, `${input}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /no mail/);
    assert.equal(r.stdout, '');
    assert.equal(fs.existsSync(db), false, 'no half-written database');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('bad flags and unknown references are one-line errors; --help tells the flags', () => {
  const dir = tempDir('cli-flags');
  const db = path.join(dir, 't.db');
  const bad = cli(['import', seeds, '--format', 'pdf', '--db', db]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  const nodb = cli(['threads', '--db', db]);
  assert.equal(nodb.code, 1);
  assert.match(nodb.stderr, /no database/);
  assert.equal(cli(['import', seeds, '--db', db]).code, 0);
  const unknown = cli(['show', 'no-such-thread', '--db', db]);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr.trim().split('\n').length, 1);
  for (const [cmd, flags] of [
    ['import', ['--db', '--json', '--format', '--loose']],
    ['threads', ['--db', '--json']],
    ['show', ['--db', '--json']],
    ['search', ['--own', '--quoted', '--json']],
    ['export', ['--json', '--thread']],
  ] as const) {
    const h = cli([cmd, '--help']);
    assert.equal(h.code, 0);
    for (const f of flags) assert.ok(h.stdout.includes(f), `${cmd} --help mentions ${f}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
