import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runImport } from '../../src/import/index.js';
import { corpus, seeds, splitMbox, tempDir } from './corpus.js';

const iommu = path.join(corpus, 'lkml-iommu-archive');
const arch = path.join(corpus, 'lkml-linux-arch-archive');

/** Every placement threading records, in a form two databases can be compared by. */
function threading(db: string): {
  messages: string[];
  ghosts: string[];
  threads: string[];
  series: string[];
  unthreaded: number;
  linesOff: number;
} {
  const conn = new Database(db, { readonly: true });
  const rows = (sql: string): string[] =>
    (conn.prepare(sql).all() as Record<string, unknown>[]).map((r) => JSON.stringify(r));
  const out = {
    messages: rows('SELECT key, parent_key, thread_id, merged_into, decided_by FROM messages ORDER BY key'),
    ghosts: rows('SELECT key, parent_key, thread_id FROM ghosts ORDER BY key'),
    threads: rows(
      'SELECT id, subject, root_key, messages, reconstructed, people, first, last FROM threads ORDER BY id',
    ),
    series: rows(
      `SELECT s.id, s.version, s.title, s.cover, s.total, s.missing, s.previous, group_concat(p.message_key) AS patches
       FROM series s LEFT JOIN series_patches p ON p.series = s.id GROUP BY s.id ORDER BY s.id`,
    ),
    unthreaded: (conn.prepare('SELECT count(*) AS n FROM messages WHERE thread_id IS NULL').get() as { n: number }).n,
    // The context index's copy of each holder's worded mark (what lineHolders answers from) is the message's own.
    linesOff: (
      conn
        .prepare(
          'SELECT count(*) AS n FROM text_lines t JOIN messages m ON m.id = t.message WHERE t.worded != m.worded',
        )
        .get() as { n: number }
    ).n,
  };
  conn.close();
  return out;
}

/** The header block of a raw message without its In-Reply-To and References (folded lines included). */
function withoutThreadHeaders(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.indexOf('\n\n');
  const head = (end < 0 ? text : text.slice(0, end)).replace(/^(?:in-reply-to|references):.*(?:\n[ \t].*)*\n?/gim, '');
  return Buffer.from(end < 0 ? head : head + text.slice(end), 'latin1');
}

/** The messages of these mboxes cut into `n` mbox files of consecutive messages. */
function slices(dir: string, files: readonly string[], n: number, strip = false): string[] {
  const msgs = files.flatMap((f) => splitMbox(f)).map((m) => (strip ? withoutThreadHeaders(m) : m));
  const size = Math.ceil(msgs.length / n);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const part = msgs.slice(i * size, (i + 1) * size);
    if (part.length === 0) continue;
    const file = path.join(dir, `slice-${i}.mbox`);
    // mboxrd: a body line starting with "From " (after any '>') gains one more '>'.
    fs.writeFileSync(
      file,
      Buffer.concat(
        part.map((m) =>
          Buffer.concat([
            Buffer.from('From threadlab@test Thu Jan  1 00:00:00 2026\n'),
            Buffer.from(m.toString('latin1').replace(/^(>*From )/gm, '>$1'), 'latin1'),
            Buffer.from('\n'),
          ]),
        ),
      ),
    );
    out.push(file);
  }
  return out;
}

/** Import `whole` at once, then the same mail as slices in the given orders; every database must thread alike. */
async function sameThreadsInSlices(
  name: string,
  whole: readonly string[],
  parts: readonly string[],
  orders: readonly (readonly number[])[],
): Promise<string[]> {
  const dir = tempDir(`incr-${name}`);
  const one = path.join(dir, 'whole.db');
  await runImport({ paths: whole, db: one });
  const expected = threading(one);
  assert.equal(expected.unthreaded, 0);
  const scopes: string[] = [];
  for (const [i, order] of orders.entries()) {
    const db = path.join(dir, `sliced-${i}.db`);
    for (const p of order) {
      // Incremental whenever it can be, however much of the database is new.
      const s = await runImport({ paths: [parts[p] ?? ''], db, incrementalShare: 1 });
      scopes.push(s.threaded);
    }
    const got = threading(db);
    assert.equal(got.unthreaded, 0, `order ${order.join(',')}: every message threaded`);
    assert.equal(got.linesOff, 0, `order ${order.join(',')}: text_lines.worded follows messages.worded`);
    assert.deepEqual(
      got.messages,
      expected.messages,
      `order ${order.join(',')}: the parent and thread of every message`,
    );
    assert.deepEqual(got.ghosts, expected.ghosts, `order ${order.join(',')}: ghosts`);
    assert.deepEqual(got.threads, expected.threads, `order ${order.join(',')}: thread subjects and counts`);
    assert.deepEqual(got.series, expected.series, `order ${order.join(',')}: series`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return scopes;
}

test('an archive imported in slices, in two orders, threads exactly as one import of the whole', async () => {
  const dir = tempDir('incr-slices');
  const files = [
    path.join(iommu, 'iommu-list-week-2020-03-02.mbox'),
    path.join(iommu, 'nosnoop-v1.mbox'),
    path.join(iommu, 'nosnoop-v2.mbox'),
    path.join(iommu, 'vfio-type1-attach-detach-v1.mbox'),
    path.join(iommu, 'vfio-type1-attach-detach-v2.mbox'),
    path.join(arch, 'cache-maintenance-noncoherent-dma-arch-sync.mbox'),
    path.join(arch, 'loongarch-cmdline-orphan-reply-no-references.mbox'),
  ];
  const parts = slices(dir, files, 5);
  assert.equal(parts.length, 5);
  const scopes = await sameThreadsInSlices('slices', parts, parts, [
    [0, 1, 2, 3, 4],
    [4, 2, 0, 3, 1],
  ]);
  // The test means something only if some imports took the incremental road.
  assert.ok(scopes.includes('touched'), `some slice re-threaded only what it touched (${scopes.join(' ')})`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a week of a list imported a few messages at a time threads as the whole week', async () => {
  const dir = tempDir('incr-week');
  const week = path.join(iommu, 'iommu-list-week-2020-03-02.mbox');
  const parts = slices(dir, [week], 12);
  const forward = parts.map((_, i) => i);
  const scopes = await sameThreadsInSlices('week', [week], parts, [forward, forward.slice().reverse()]);
  assert.ok(scopes.includes('touched'), `some slice re-threaded only what it touched (${scopes.join(' ')})`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a week of a list whose mail lost its In-Reply-To and References (threaded by attribution and quotes) threads the same in slices', async () => {
  const dir = tempDir('incr-bare');
  const week = path.join(iommu, 'iommu-list-week-2020-03-02.mbox');
  const parts = slices(dir, [week], 8, true);
  fs.mkdirSync(path.join(dir, 'whole'));
  const whole = slices(path.join(dir, 'whole'), [week], 1, true);
  const forward = parts.map((_, i) => i);
  await sameThreadsInSlices('bare', whole, parts, [forward.slice().reverse(), [3, 0, 6, 1, 7, 2, 5, 4]]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('header-less text dumps threaded by their attribution lines come out the same imported one by one, in two orders', async () => {
  const files = fs
    .readdirSync(seeds)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(seeds, f));
  assert.ok(files.length >= 4);
  const forward = files.map((_, i) => i);
  await sameThreadsInSlices('seeds', files, files, [forward, forward.slice().reverse()]);
});

test('threads whose unnamed voices copy archived mail (merged by their words) come out the same in slices, in three orders', async () => {
  // riscv-dma-coherent-rfc-v1.mbox: Anup Patel's reply re-wraps Christoph Hellwig's words under no attribution line;
  // vtd-pull-request-v5.6.mbox: a flattened trim of Roland Dreier's mail. Either merge is made only by reading words,
  // so a slice holding the voice and another holding the mail it copies must still find each other.
  const dir = tempDir('incr-copies');
  const files = [path.join(arch, 'riscv-dma-coherent-rfc-v1.mbox'), path.join(iommu, 'vtd-pull-request-v5.6.mbox')];
  const parts = slices(dir, files, 4);
  const scopes = await sameThreadsInSlices('copies', files, parts, [
    [0, 1, 2, 3],
    [3, 2, 1, 0],
    [2, 0, 3, 1],
  ]);
  assert.ok(scopes.includes('touched'), `some slice re-threaded only what it touched (${scopes.join(' ')})`);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a database from before the context index is filed by the next import, as a fresh import files it, and threads alike', async () => {
  const dir = tempDir('incr-unfiled');
  const files = [path.join(iommu, 'nosnoop-v1.mbox'), path.join(iommu, 'nosnoop-v2.mbox')];
  const filed = (db: string): { authors: number; lines: number; subjects: number } => {
    const conn = new Database(db, { readonly: true });
    const n = (sql: string): number => (conn.prepare(sql).get() as { n: number }).n;
    const out = {
      authors: n('SELECT count(*) AS n FROM author_keys'),
      lines: n('SELECT count(*) AS n FROM text_lines'),
      subjects: n('SELECT count(*) AS n FROM messages WHERE subject_key IS NOT NULL'),
    };
    conn.close();
    return out;
  };
  const whole = path.join(dir, 'whole.db');
  await runImport({ paths: files, db: whole });
  const old = path.join(dir, 'old.db');
  await runImport({ paths: [files[0] ?? ''], db: old });
  // What migration 6 leaves of a database written before it: nothing filed, matching unknown.
  const conn = new Database(old);
  conn.exec(
    'DELETE FROM author_keys; DELETE FROM text_lines; UPDATE messages SET subject_key = NULL, matching = NULL;',
  );
  conn.close();
  await runImport({ paths: [files[1] ?? ''], db: old, incrementalShare: 1 });
  const got = filed(old);
  assert.ok(got.authors > 0 && got.lines > 0);
  assert.deepEqual(got, filed(whole));
  assert.deepEqual(threading(old).messages, threading(whole).messages);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a bulk import into a database ten chunks big threads as it stores, a chunk at a time, and comes out as one import of everything', async () => {
  const dir = tempDir('incr-chunks');
  const files = [
    path.join(iommu, 'iommu-list-week-2020-03-02.mbox'),
    path.join(iommu, 'nosnoop-v1.mbox'),
    path.join(iommu, 'nosnoop-v2.mbox'),
    path.join(arch, 'cache-maintenance-noncoherent-dma-arch-sync.mbox'),
  ];
  const [before, bulk] = slices(dir, files, 2);
  assert.ok(before !== undefined && bulk !== undefined);
  const one = path.join(dir, 'whole.db');
  await runImport({ paths: [before, bulk], db: one });
  const db = path.join(dir, 'chunked.db');
  await runImport({ paths: [before], db });
  const conn = new Database(db, { readonly: true });
  const stored = (conn.prepare('SELECT max(id) AS n FROM messages').get() as { n: number }).n;
  conn.close();
  // Chunks of a tenth of the database: the bulk half is threaded several times while it is stored.
  const chunk = Math.floor(stored / 10);
  // Each threading ends in its writing step.
  let rounds = 0;
  const s = await runImport({
    paths: [bulk],
    db,
    batchMessages: 10,
    threadChunk: chunk,
    incrementalShare: 1,
    onProgress: (p) => {
      if (p.kind === 'thread' && p.step === 'writing') rounds++;
    },
  });
  assert.equal(s.threaded, 'touched');
  assert.ok(rounds >= 3, `threaded during the store, a chunk at a time (${rounds} times)`);
  const got = threading(db);
  const expected = threading(one);
  assert.equal(got.unthreaded, 0);
  assert.deepEqual(got.messages, expected.messages, 'the parent and thread of every message');
  assert.deepEqual(got.ghosts, expected.ghosts);
  assert.deepEqual(got.threads, expected.threads);
  assert.deepEqual(got.series, expected.series);
  fs.rmSync(dir, { recursive: true, force: true });
});
