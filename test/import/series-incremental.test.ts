import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runImport } from '../../src/import/index.js';
import { rowsRead } from '../../src/store/index.js';
import { corpus, splitMbox, tempDir } from './corpus.js';

const iommu = path.join(corpus, 'lkml-iommu-archive');
const nosnoop1 = path.join(iommu, 'nosnoop-v1.mbox');
const nosnoop2 = path.join(iommu, 'nosnoop-v2.mbox');
const vfio1 = path.join(iommu, 'vfio-type1-attach-detach-v1.mbox');
const iommufd = path.join(iommu, 'iommufd-generic-interface-rfc.mbox');

/** Every stored series with its patches, comparable across databases. */
function series(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  const rows = conn
    .prepare(
      `SELECT s.id, s.version, s.title, s.author, s.cover, s.total, s.missing, s.previous, group_concat(p.message_key) AS patches
       FROM series s LEFT JOIN series_patches p ON p.series = s.id GROUP BY s.id ORDER BY s.id`,
    )
    .all()
    .map((r) => JSON.stringify(r));
  conn.close();
  return rows;
}

function sql(db: string, statement: string): void {
  const conn = new Database(db);
  conn.exec(statement);
  conn.close();
}

test("an import re-plans only the series of the senders its patches come from: another sender's series are not read again", async () => {
  const dir = tempDir('series-incr');
  const whole = path.join(dir, 'whole.db');
  await runImport({ paths: [nosnoop1, vfio1, nosnoop2], db: whole });

  const db = path.join(dir, 'db');
  await runImport({ paths: [nosnoop1, vfio1], db });
  // Nicolin Chen's vfio series, marked: a re-plan of every series would write it back as planned.
  sql(db, "UPDATE series SET title = 'marked' WHERE author = 'Nicolin Chen'");
  const s = await runImport({ paths: [nosnoop2], db, incrementalShare: 1 });
  assert.equal(s.threaded, 'touched');
  const got = series(db);
  assert.ok(
    got.some((r) => r.includes('"title":"marked"')),
    'the vfio series, of another sender, was left as stored',
  );
  // Jason Gunthorpe's v2 was planned with his v1 as its previous version, as one import of all three does.
  const unmarked = got.map((r) => r.replace('"title":"marked"', '"title":"?"'));
  const expected = series(whole).map((r) => (r.includes('"author":"Nicolin Chen"') ? '' : r));
  for (const r of expected.filter((x) => x !== '')) assert.ok(unmarked.includes(r), `planned as a whole import: ${r}`);
  assert.ok(
    expected.some((r) => r.includes('"version":2') && !r.includes('"previous":null')),
    'nosnoop v2 follows v1',
  );
});

test('a database from before the series index is filed by the next import and then planned as one import of everything', async () => {
  const dir = tempDir('series-filed');
  const whole = path.join(dir, 'whole.db');
  await runImport({ paths: [nosnoop1, vfio1, nosnoop2], db: whole });

  const db = path.join(dir, 'db');
  await runImport({ paths: [nosnoop1, vfio1], db });
  // What migration 9 leaves in a database that had series before it: no keys, and the mark that they are missing.
  sql(db, "DELETE FROM series_keys; INSERT INTO meta (key, value) VALUES ('series_keys_unfiled', '1')");
  await runImport({ paths: [nosnoop2], db, incrementalShare: 1 });
  assert.deepEqual(series(db), series(whole));
  const conn = new Database(db, { readonly: true });
  const unfiled = conn
    .prepare(
      'SELECT count(*) AS n FROM messages WHERE series IS NOT NULL AND reconstructed = 0 AND id NOT IN (SELECT message FROM series_keys)',
    )
    .get() as { n: number };
  const mark = conn.prepare("SELECT count(*) AS n FROM meta WHERE key = 'series_keys_unfiled'").get() as { n: number };
  conn.close();
  assert.equal(unfiled.n, 0, 'every tagged message filed');
  assert.equal(mark.n, 0, 'and the index marked whole');
});

/** The messages of an mbox whose subject does (or does not) say "Re:", as an mbox file. */
function part(dir: string, file: string, replies: boolean): string {
  const out = path.join(dir, `${path.basename(file, '.mbox')}-${replies ? 'replies' : 'posted'}.mbox`);
  const msgs = splitMbox(file).filter(
    (m) => /^Subject:\s*Re:/im.test(m.toString('latin1').split('\n\n')[0] ?? '') === replies,
  );
  fs.writeFileSync(
    out,
    Buffer.concat(
      msgs.map((m) =>
        Buffer.concat([
          Buffer.from('From threadlab@test Thu Jan  1 00:00:00 2026\n'),
          Buffer.from(m.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1'),
          Buffer.from('\n'),
        ]),
      ),
    ),
  );
  return out;
}

test('a batch of replies plans no series row, and the series come out as one import of everything', async () => {
  const dir = tempDir('series-replies');
  const whole = path.join(dir, 'whole.db');
  await runImport({ paths: [nosnoop1, nosnoop2], db: whole });
  const db = path.join(dir, 'db');
  await runImport({ paths: [nosnoop1, part(dir, nosnoop2, false)], db });
  const before = rowsRead.series;
  const s = await runImport({ paths: [part(dir, nosnoop2, true)], db, incrementalShare: 1 });
  assert.equal(s.threaded, 'touched');
  assert.ok(s.messages.new >= 20, `the replies were stored (${s.messages.new})`);
  assert.equal(rowsRead.series - before, 0, 'no series row read for a day of replies');
  assert.deepEqual(series(db), series(whole));
});

test("a new version re-plans its earlier versions, not the same sender's other series", async () => {
  const dir = tempDir('series-versions');
  const whole = path.join(dir, 'whole.db');
  await runImport({ paths: [iommufd, nosnoop1, nosnoop2], db: whole });
  const db = path.join(dir, 'db');
  await runImport({ paths: [iommufd, nosnoop1], db });
  // Jason Gunthorpe's iommufd RFC, a month before nosnoop and under another title: in no component of nosnoop v2.
  sql(db, "UPDATE series SET title = 'marked' WHERE title LIKE 'IOMMUFD Generic interface%'");
  const before = rowsRead.series;
  await runImport({ paths: [nosnoop2], db, incrementalShare: 1 });
  const planned = rowsRead.series - before;
  const got = series(db);
  assert.ok(
    got.some((r) => r.includes('"title":"marked"')),
    'the iommufd series was left as stored',
  );
  const conn = new Database(db, { readonly: true });
  const nosnoop = (
    conn
      .prepare(
        `SELECT count(*) AS n FROM messages WHERE series IS NOT NULL AND reconstructed = 0 AND thread_id NOT IN
           (SELECT thread_id FROM messages WHERE subject LIKE '%IOMMUFD Generic interface%')`,
      )
      .get() as { n: number }
  ).n;
  conn.close();
  assert.ok(planned > 0 && planned <= nosnoop, `planned ${planned} rows, at most the ${nosnoop} of nosnoop v1 and v2`);
  const unmarked = got.map((r) => r.replace('"title":"marked"', '"title":"?"'));
  for (const r of series(whole).filter((x) => !x.includes('IOMMUFD Generic interface')))
    assert.ok(unmarked.includes(r), `planned as a whole import: ${r}`);
});
