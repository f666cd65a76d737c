/**
 * Reading what threading needs of every message, and writing its verdict back.
 * Threading runs over the whole database after each import (replies arriving
 * in a later import must join their threads), so this writes only the rows
 * whose placement changed, and drops the cached extraction of every thread it
 * touched.
 */
import type { Db } from './db.js';
import type { SeriesTag } from '../patch/types.js';
import type { ThreadingRow, ThreadingWrite } from './types.js';

interface Row {
  key: string;
  message_id: string | null;
  in_reply_to: string;
  refs: string;
  subject: string;
  from_name: string | null;
  from_email: string | null;
  date: string | null;
  reconstructed: number;
  parent_hint: string | null;
  parent_hint_firm: number;
  series: string | null;
  change_id: string | null;
  has_patch: number;
  body: string | null;
}

/**
 * What threading needs of every message. Bodies are loaded only for archived
 * messages that headers cannot place; voices get theirs through
 * `withBodies`, for the few that still need matching.
 */
export function loadThreadingRows(db: Db): ThreadingRow[] {
  const rows = db
    .prepare<[], Row>(
      `SELECT key, message_id, in_reply_to, refs, subject, from_name, from_email, date, reconstructed, parent_hint, parent_hint_firm,
              series, change_id, EXISTS (SELECT 1 FROM patches p WHERE p.message = messages.id) AS has_patch,
              CASE WHEN in_reply_to = '[]' AND refs = '[]' AND reconstructed = 0
                THEN (SELECT body FROM bodies b WHERE b.message = messages.id) END AS body
       FROM messages ORDER BY id`,
    )
    .iterate();
  // Row by row rather than .all(): the raw rows of a whole list archive never sit in memory
  // next to their mapped copies. Voices and roots share one empty id list.
  const out: ThreadingRow[] = [];
  for (const r of rows) out.push(toThreadingRow(r));
  return out;
}

const NO_IDS: readonly string[] = Object.freeze([]);

function idList(json: string): readonly string[] {
  return json === '[]' ? NO_IDS : (JSON.parse(json) as string[]);
}

function toThreadingRow(r: Row): ThreadingRow {
  const base = {
    key: r.key,
    messageId: r.message_id,
    inReplyTo: idList(r.in_reply_to),
    references: idList(r.refs),
    subject: r.subject,
    from: { name: r.from_name, email: r.from_email },
    date: r.date,
    reconstructed: r.reconstructed === 1,
    parentHint: r.parent_hint,
    ...(r.parent_hint_firm === 1 ? { parentHintFirm: true } : {}),
    series: r.series === null ? null : (JSON.parse(r.series) as SeriesTag),
    changeId: r.change_id,
    hasPatch: r.has_patch === 1,
  };
  return r.body === null ? base : { ...base, body: r.body };
}

/** The body of a stored message by key, read on demand (the import checks some voices' words against their chains). */
export function bodyReader(db: Db): (key: string) => string | undefined {
  const get = db.prepare<[string], { body: string }>('SELECT b.body FROM messages m JOIN bodies b ON b.message = m.id WHERE m.key = ?');
  return (key) => get.get(key)?.body;
}

/** The same rows with the bodies of their voices attached, and of the archived messages in `also`. */
export function withBodies(db: Db, rows: readonly ThreadingRow[], also: ReadonlySet<string> = new Set()): ThreadingRow[] {
  const read = bodyReader(db);
  return rows.map((r) => (r.body !== undefined || (!r.reconstructed && !also.has(r.key)) ? r : { ...r, body: read(r.key) ?? '' }));
}

/** Record a full threading of the database in one transaction; returns the number of threads whose cache was dropped. */
export function applyThreading(db: Db, plan: ThreadingWrite): number {
  const current = db.prepare<[], { key: string; parent_key: string | null; thread_id: string | null; merged_into: string | null }>(
    'SELECT key, parent_key, thread_id, merged_into FROM messages',
  );
  const update = db.prepare('UPDATE messages SET parent_key = ?, thread_id = ?, merged_into = ? WHERE key = ?');
  const oldGhosts = db.prepare<[], { key: string; parent_key: string | null; thread_id: string }>('SELECT key, parent_key, thread_id FROM ghosts');
  const insertGhost = db.prepare('INSERT INTO ghosts (key, message_id, parent_key, thread_id) VALUES (?, ?, ?, ?)');
  const insertThread = db.prepare(
    `INSERT INTO threads (id, subject, root_key, messages, reconstructed, people, first, last, last_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSeries = db.prepare(
    'INSERT OR IGNORE INTO series (id, version, title, author, cover, total, missing, previous) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSeriesPatch = db.prepare('INSERT OR IGNORE INTO series_patches (series, ord, message_key) VALUES (?, ?, ?)');
  const dropCache = db.prepare('DELETE FROM extraction_cache WHERE thread_id = ?');
  const clearPending = db.prepare("DELETE FROM meta WHERE key = 'rethread_pending'");

  const tx = db.transaction(() => {
    const touched = new Set<string>();
    for (const row of current.all()) {
      const placed = plan.placement.get(row.key);
      if (placed === undefined) continue;
      const [parent, thread] = placed;
      const merged = plan.merged.get(row.key) ?? null;
      if (row.parent_key === parent && row.thread_id === thread && row.merged_into === merged) continue;
      if (row.thread_id !== null) touched.add(row.thread_id);
      touched.add(thread);
      update.run(parent, thread, merged, row.key);
    }
    const before = new Map(oldGhosts.all().map((g) => [g.key, g]));
    db.exec('DELETE FROM ghosts');
    for (const g of plan.ghosts) {
      const old = before.get(g.key);
      if (old === undefined || old.thread_id !== g.threadId || old.parent_key !== g.parent) {
        touched.add(g.threadId);
        if (old !== undefined) touched.add(old.thread_id);
      }
      before.delete(g.key);
      insertGhost.run(g.key, g.messageId, g.parent, g.threadId);
    }
    for (const gone of before.values()) touched.add(gone.thread_id);
    db.exec('DELETE FROM threads');
    for (const t of plan.threads) {
      insertThread.run(t.id, t.subject, t.rootKey, t.messages, t.reconstructed, JSON.stringify(t.people), t.first, t.last, t.lastMs);
    }
    db.exec('DELETE FROM series_patches; DELETE FROM series;');
    for (const s of plan.series) {
      insertSeries.run(s.id, s.version, s.title, s.author, s.cover, s.total, JSON.stringify(s.missing), s.previous);
      s.patches.forEach((key, i) => insertSeriesPatch.run(s.id, i, key));
    }
    for (const t of touched) dropCache.run(t);
    // Threads that no longer exist keep no cache either.
    db.exec('DELETE FROM extraction_cache WHERE thread_id NOT IN (SELECT id FROM threads)');
    clearPending.run();
    return touched.size;
  });
  return tx();
}
