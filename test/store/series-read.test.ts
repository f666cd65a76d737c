/**
 * Opening a thread reads its series (loadThreadSeries) by index: on the MREMAP_DONTUNMAP
 * thread (v4 and v5 of a series, imported by the built CLI), every statement the read runs
 * is planned as index searches, never as a scan of series, series_patches or messages,
 * so its cost follows the thread, not the archive.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { loadThreadSeries, openStore, type Db } from '../../src/store/index.js';
import { cli, ensureBuilt } from '../cli/run-cli.js';
import { repoRoot, tempDir } from '../import/corpus.js';

it("reads a thread's version chain (v4 -> v5) with index searches only", () => {
  ensureBuilt();
  const file = path.join(tempDir('series-read'), 't.db');
  const mbox = path.join(repoRoot, 'data', 'corpus', 'mbox', 'api-2020-mremap-dontunmap.mbox');
  assert.equal(cli(['import', mbox, '--db', file]).code, 0);
  const db = openStore(file, { readonly: true });
  try {
    const thread = db
      .prepare<[], { id: string }>(
        "SELECT id FROM threads WHERE subject LIKE '%MREMAP_DONTUNMAP%' ORDER BY messages DESC",
      )
      .get();
    assert.ok(thread !== undefined);
    // Every statement the read prepares, recorded as it is prepared.
    const statements: string[] = [];
    const recording = new Proxy(db, {
      get(target, key) {
        if (key === 'prepare')
          return (sql: string) => {
            statements.push(sql);
            return target.prepare(sql);
          };
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as Db;
    const chains = loadThreadSeries(recording, thread.id);
    assert.ok(
      chains.some((c) => c.map((v) => v.version).join(' ') === '4 5'),
      'the thread holds the v4 -> v5 chain',
    );
    assert.ok(
      statements.some((s) => /WHERE previous = \?/.test(s)),
      'the chain is walked forward',
    );
    for (const sql of statements) {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x')) as { detail: string }[];
      const scans = plan
        .map((p) => p.detail)
        .filter((d) => /^SCAN (series|series_patches|messages|trailers)\b/.test(d));
      assert.deepEqual(scans, [], `${sql}\nis planned as ${plan.map((p) => p.detail).join('; ')}`);
    }
  } finally {
    db.close();
  }
});
