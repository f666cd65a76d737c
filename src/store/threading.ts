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
  /** 1: the body is not carried, but its words are read (ThreadInput.worded). Absent: 0. */
  words?: number | null;
}

/**
 * What threading needs of every message. Bodies are loaded only for archived
 * messages that headers cannot place; voices get theirs through
 * `withBodies`, for the few that still need matching.
 */
const ROW_COLUMNS = `key, message_id, in_reply_to, refs, subject, from_name, from_email, date, reconstructed, parent_hint, parent_hint_firm,
              series, change_id, EXISTS (SELECT 1 FROM patches p WHERE p.message = messages.id) AS has_patch,
              CASE WHEN in_reply_to = '[]' AND refs = '[]' AND reconstructed = 0
                THEN (SELECT body FROM bodies b WHERE b.message = messages.id) END AS body`;

/**
 * The order threading reads messages in, and so breaks its ties in (the first of two
 * claims on a Message-ID, the first mention of a ghost's parent, the first of equal
 * candidates): by date, then key, never by when a message happened to be imported,
 * so that importing an archive in slices, in any order, threads it as one import.
 */
const THREADING_ORDER = 'ORDER BY date_ms IS NULL, date_ms, key';

export function loadThreadingRows(db: Db): ThreadingRow[] {
  return mapRows(db.prepare<[], Row>(`SELECT ${ROW_COLUMNS} FROM messages ${THREADING_ORDER}`).iterate());
}

/** Rows read for series planning since the process started: what a test counts to see what an import planned. */
export const rowsRead = { series: 0 };

/**
 * Series planning input of the archived messages that carry a series tag, with their stored
 * thread ids, in threading order: every one, or those of these row ids (a component of seriesComponents).
 */
export function loadSeriesRows(
  db: Db,
  ids?: readonly number[],
): (ThreadingRow & { readonly id: number; readonly threadId: string | null })[] {
  const sql = `SELECT id, key, message_id, in_reply_to, refs, subject, from_name, from_email, date, reconstructed, parent_hint,
            parent_hint_firm, series, change_id, EXISTS (SELECT 1 FROM patches p WHERE p.message = messages.id) AS has_patch,
            NULL AS body, thread_id
     FROM messages WHERE series IS NOT NULL AND reconstructed = 0`;
  type SeriesRow = Row & { id: number; thread_id: string | null };
  const rows =
    ids === undefined
      ? db.prepare<[], SeriesRow>(`${sql} ${THREADING_ORDER}`).iterate()
      : db
          .prepare<[string], SeriesRow>(`${sql} AND id IN (SELECT value FROM json_each(?)) ${THREADING_ORDER}`)
          .iterate(JSON.stringify(ids));
  const out: (ThreadingRow & { readonly id: number; readonly threadId: string | null })[] = [];
  for (const r of rows) out.push({ ...toThreadingRow(r), id: r.id, threadId: r.thread_id });
  rowsRead.series += out.length;
  return out;
}

/** A row of the incremental re-thread: in the affected set (re-threaded), or context (placed before, passed on as it is). */
export interface IncrementalRow {
  readonly id: number;
  readonly row: ThreadingRow;
  readonly affected: boolean;
  readonly headerless: boolean;
  readonly dateMs: number | null;
  /** As stored (context rows keep these). */
  readonly parentKey: string | null;
  readonly threadId: string | null;
  readonly mergedInto: string | null;
  readonly matching: number | null;
  readonly worded: boolean;
}

/**
 * The affected messages whole (id lists, bodies of voices and header-less mail) and the
 * context messages in `context` with what text matching weighs them by (author, date, and
 * whether the last threading read their words) and their stored placement, together in
 * threading order. Context rows carry no id lists: their header threading is not redone.
 * Whose words are read (the archived mail of the affected set in `bodied`, context mail
 * the last threading read) is marked `worded` and its body left in the store, to be read
 * by row when weighed (ThreadOptions.textOf, bodyById): the context of a bulk import is
 * every copy of its discussions, and carrying their bodies held them all at once.
 * With `contextBodies` the context's bodies are carried instead (a few rows, read whole).
 */
export function loadIncrementalRows(
  db: Db,
  affected: readonly number[],
  context: readonly number[],
  bodied: ReadonlySet<number>,
  contextBodies = false,
): IncrementalRow[] {
  const carry = contextBodies ? '(NOT inA AND worded = 1)' : '0';
  const lazy = contextBodies
    ? '(inA AND id IN (SELECT id FROM w))'
    : '((inA AND id IN (SELECT id FROM w)) OR (NOT inA AND worded = 1))';
  const stmt = db.prepare<
    [string, string, string],
    Row & {
      id: number;
      inA: number;
      headerless: number;
      date_ms: number | null;
      parent_key: string | null;
      thread_id: string | null;
      merged_into: string | null;
      matching: number | null;
      worded: number;
    }
  >(
    `WITH a(id) AS (SELECT value FROM json_each(?)), c(id) AS (SELECT value FROM json_each(?) EXCEPT SELECT id FROM a),
          w(id) AS (SELECT value FROM json_each(?))
     SELECT id, key, message_id, subject, from_name, from_email, date, date_ms, reconstructed, parent_hint, parent_hint_firm, series, change_id,
            parent_key, thread_id, merged_into, matching, worded, inA, headerless,
            CASE WHEN inA THEN in_reply_to ELSE '[]' END AS in_reply_to,
            CASE WHEN inA THEN refs ELSE '[]' END AS refs,
            CASE WHEN inA THEN EXISTS (SELECT 1 FROM patches p WHERE p.message = x.id) ELSE 0 END AS has_patch,
            CASE WHEN (inA AND (reconstructed = 1 OR headerless)) OR ${carry}
              THEN (SELECT body FROM bodies b WHERE b.message = x.id) END AS body,
            CASE WHEN NOT (inA AND (reconstructed = 1 OR headerless)) AND ${lazy}
              THEN (SELECT octet_length(body) > 0 FROM bodies b WHERE b.message = x.id) END AS words
     FROM (SELECT m.*, m.id IN (SELECT id FROM a) AS inA, (m.in_reply_to = '[]' AND m.refs = '[]' AND m.reconstructed = 0) AS headerless
           FROM messages m WHERE m.id IN (SELECT id FROM a UNION SELECT id FROM c)) x
     ${THREADING_ORDER}`,
  );
  const out: IncrementalRow[] = [];
  for (const r of stmt.iterate(JSON.stringify(affected), JSON.stringify(context), JSON.stringify([...bodied]))) {
    out.push({
      id: r.id,
      row: toThreadingRow(r),
      affected: r.inA === 1,
      headerless: r.headerless === 1,
      dateMs: r.date_ms,
      parentKey: r.parent_key,
      threadId: r.thread_id,
      mergedInto: r.merged_into,
      matching: r.matching,
      worded: r.worded === 1,
    });
  }
  return out;
}

/** Whether some message was threaded before the store recorded how (a database from before migration 5). */
export function matchingUnknown(db: Db): boolean {
  // INDEXED BY: the planner otherwise walks messages_by_thread over every threaded row.
  return (
    db
      .prepare(
        'SELECT 1 FROM messages INDEXED BY messages_matching_unknown WHERE matching IS NULL AND thread_id IS NOT NULL LIMIT 1',
      )
      .get() !== undefined
  );
}

function mapRows(rows: IterableIterator<Row>): ThreadingRow[] {
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
  return r.body !== null ? { ...base, body: r.body } : r.words === 1 ? { ...base, worded: true } : base;
}

/** The body of a stored message by row id, read when its words are weighed (ThreadInput.worded). */
export function bodyById(db: Db): (id: number) => string | undefined {
  const get = db.prepare<[number], { body: string }>('SELECT body FROM bodies WHERE message = ?');
  return (id) => get.get(id)?.body;
}

/** The body of a stored message by key, read on demand (the import checks some voices' words against their chains). */
export function bodyReader(db: Db): (key: string) => string | undefined {
  const get = db.prepare<[string], { body: string }>(
    'SELECT b.body FROM messages m JOIN bodies b ON b.message = m.id WHERE m.key = ?',
  );
  return (key) => get.get(key)?.body;
}

/** The same rows with the bodies of their voices attached, and of the archived messages in `also`. */
export function withBodies(
  db: Db,
  rows: readonly ThreadingRow[],
  also: ReadonlySet<string> = new Set(),
): ThreadingRow[] {
  const read = bodyReader(db);
  return rows.map((r) =>
    r.body !== undefined || (!r.reconstructed && !also.has(r.key)) ? r : { ...r, body: read(r.key) ?? '' },
  );
}

/** Record a full threading of the database in one transaction; returns the number of threads whose cache was dropped. */
type MessageRow = {
  key: string;
  parent_key: string | null;
  thread_id: string | null;
  merged_into: string | null;
  matching: number | null;
  worded: number;
  decided_by: string | null;
};

/**
 * The writes a threading plan makes, shared by the full re-thread (applyThreading) and the
 * incremental one (incremental.ts): each adds the threads whose rows changed to `touched`.
 */
export function threadingWriter(db: Db) {
  const update = db.prepare(
    'UPDATE messages SET parent_key = ?, thread_id = ?, merged_into = ?, matching = ?, worded = ?, decided_by = ? WHERE key = ?',
  );
  const insertGhost = db.prepare('INSERT INTO ghosts (key, message_id, parent_key, thread_id) VALUES (?, ?, ?, ?)');
  const insertThread = db.prepare(
    `INSERT INTO threads (id, subject, root_key, messages, reconstructed, people, first, last, last_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSeries = db.prepare(
    'INSERT OR IGNORE INTO series (id, version, title, author, cover, total, missing, previous) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSeriesPatch = db.prepare(
    'INSERT OR IGNORE INTO series_patches (series, ord, message_key) VALUES (?, ?, ?)',
  );
  // series_patches follow by ON DELETE CASCADE.
  const dropSeriesOf = db.prepare(
    `DELETE FROM series WHERE id IN (SELECT series FROM series_patches WHERE message_key IN (SELECT value FROM json_each(?)))
       OR cover IN (SELECT value FROM json_each(?))`,
  );
  const dropCache = db.prepare('DELETE FROM extraction_cache WHERE thread_id = ?');
  const clearPending = db.prepare("DELETE FROM meta WHERE key = 'rethread_pending'");
  return {
    /** One stored message placed as the plan says (nothing written when nothing changed). */
    place(row: MessageRow, plan: ThreadingWrite, touched: Set<string>): void {
      const placed = plan.placement.get(row.key);
      if (placed === undefined) return;
      const [parent, thread] = placed;
      const merged = plan.merged.get(row.key) ?? null;
      const matching = plan.matching.get(row.key) ?? null;
      const worded = plan.worded.has(row.key) ? 1 : 0;
      const decidedBy = plan.decidedBy.get(row.key) ?? null;
      if (
        row.parent_key === parent &&
        row.thread_id === thread &&
        row.merged_into === merged &&
        row.matching === matching &&
        row.worded === worded &&
        row.decided_by === decidedBy
      )
        return;
      if (row.parent_key !== parent || row.thread_id !== thread || row.merged_into !== merged) {
        if (row.thread_id !== null) touched.add(row.thread_id);
        touched.add(thread);
      }
      update.run(parent, thread, merged, matching, worded, decidedBy, row.key);
    },
    /** The plan's ghosts written in place of `before` (already deleted from the table by the caller). */
    ghosts(
      before: Map<string, { parent_key: string | null; thread_id: string }>,
      plan: ThreadingWrite,
      touched: Set<string>,
    ): void {
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
    },
    thread(t: ThreadingWrite['threads'][number]): void {
      insertThread.run(
        t.id,
        t.subject,
        t.rootKey,
        t.messages,
        t.reconstructed,
        JSON.stringify(t.people),
        t.first,
        t.last,
        t.lastMs,
      );
    },
    /**
     * The plan's series in place of the stored ones: all of them, or (`members`: the keys of a
     * union of whole series components, as seriesComponents finds) those with a member among these.
     */
    series(plan: ThreadingWrite, members?: readonly string[]): void {
      if (members === undefined) db.exec('DELETE FROM series_patches; DELETE FROM series;');
      else dropSeriesOf.run(JSON.stringify(members), JSON.stringify(members));
      for (const s of plan.series) {
        insertSeries.run(s.id, s.version, s.title, s.author, s.cover, s.total, JSON.stringify(s.missing), s.previous);
        s.patches.forEach((key, i) => insertSeriesPatch.run(s.id, i, key));
      }
    },
    dropCache(thread: string): void {
      dropCache.run(thread);
    },
    clearPending(): void {
      clearPending.run();
    },
  };
}

export function applyThreading(db: Db, plan: ThreadingWrite): number {
  const current = db.prepare<[], MessageRow>(
    'SELECT key, parent_key, thread_id, merged_into, matching, worded, decided_by FROM messages',
  );
  const oldGhosts = db.prepare<[], { key: string; parent_key: string | null; thread_id: string }>(
    'SELECT key, parent_key, thread_id FROM ghosts',
  );
  const write = threadingWriter(db);
  const tx = db.transaction(() => {
    const touched = new Set<string>();
    for (const row of current.all()) write.place(row, plan, touched);
    const before = new Map(oldGhosts.all().map((g) => [g.key, g]));
    db.exec('DELETE FROM ghosts');
    write.ghosts(before, plan, touched);
    db.exec('DELETE FROM threads');
    for (const t of plan.threads) write.thread(t);
    write.series(plan);
    for (const t of touched) write.dropCache(t);
    // Threads that no longer exist keep no cache either.
    db.exec('DELETE FROM extraction_cache WHERE thread_id NOT IN (SELECT id FROM threads)');
    write.clearPending();
    return touched.size;
  });
  return tx();
}
