import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { corpus, tempDir } from '../import/corpus.js';
import { cli, ensureBuilt } from './run-cli.js';

before(ensureBuilt);

test('quote fragments (threads of nothing but quoted words of unknown authors) are not listed unless asked, and the import summary counts threads as the list does', () => {
  // nosnoop-v2.mbox leaves one: words quoted under no attribution line that no archived mail owns.
  const dir = tempDir('cli-fragments');
  const db = path.join(dir, 't.db');
  const imp = cli(['import', path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v2.mbox'), '--db', db, '--json']);
  assert.equal(imp.code, 0, imp.stderr);
  const summary = JSON.parse(imp.stdout) as { threads: number };

  const conn = new Database(db, { readonly: true });
  const fragments = (
    conn.prepare("SELECT id FROM threads WHERE reconstructed = messages AND people = '[]'").all() as { id: string }[]
  ).map((r) => r.id);
  const all = (conn.prepare('SELECT count(*) AS n FROM threads').get() as { n: number }).n;
  conn.close();
  assert.ok(fragments.length > 0, 'the file leaves a quote fragment');

  const listed = (args: string[]): string[] => {
    const r = cli(['threads', '--json', '--db', db, ...args]);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { threads: { id: string }[] }).threads.map((t) => t.id);
  };
  const shown = listed([]);
  assert.equal(shown.length, all - fragments.length);
  for (const f of fragments) assert.ok(!shown.includes(f), 'a fragment is not listed');
  assert.equal(listed(['--all']).length, all);
  assert.equal(summary.threads, shown.length, 'the import summary counts the threads the list shows');
  const human = cli(['threads', '--db', db]);
  assert.match(
    human.stderr,
    new RegExp(`${shown.length} threads \\(${fragments.length} quote fragments? not listed: --all lists them\\)`),
  );

  const exported = JSON.parse(cli(['export', '--json', '--db', db]).stdout) as { threads: unknown[] };
  assert.equal(exported.threads.length, shown.length);
  assert.equal(
    (JSON.parse(cli(['export', '--json', '--all', '--db', db]).stdout) as { threads: unknown[] }).threads.length,
    all,
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
