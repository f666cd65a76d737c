/**
 * What an incremental re-thread reads and writes. The messages still to be threaded
 * are those whose thread_id is NULL (stored, not yet placed: a killed import leaves
 * them so, and its re-run finds them here). From them `affectedMessages` walks every
 * relation threading follows, both ways, until nothing new turns up:
 *
 *   message ──Message-ID──▶ messages with that id, messages citing it, its ghost
 *           ──refs/irt───▶ the same for every id it cites
 *           ──thread─────▶ every member and ghost of the thread it sat in
 *           ──hint/merge─▶ the voice it quotes, the mail quoting it, voices merged into it
 *
 * A voice placed by headers is placed by the first mail quoting it (decided_by): from the voice
 * the walk takes that mail and the quoters not placed by headers, and from a quoter the voice
 * only when the quoter could take the decision over (it comes first, or decided it).
 *
 * The result is a union of whole threads that no id links to anything outside, so
 * header threading over it alone decides exactly what threading everything would.
 */
import type { Db } from './db.js';
import { threadingWriter } from './threading.js';
import type { ThreadingWrite } from './types.js';

interface Node {
  id: number;
  key: string;
  date_ms: number | null;
  /** Archived mail with In-Reply-To or References (placed by them; its hint is a voice it quotes). */
  headed: number;
  message_id: string | null;
  parent_hint: string | null;
  parent_key: string | null;
  thread_id: string | null;
  merged_into: string | null;
}

/**
 * Whether message a comes strictly before message b in threading order (store/threading.ts
 * THREADING_ORDER: undated last, then by date, then by key in SQLite's byte order).
 */
export function threadingBefore(aMs: number | null, aKey: string, bMs: number | null, bKey: string): boolean {
  if (aMs !== bMs) return aMs === null ? false : bMs === null ? true : aMs < bMs;
  return Buffer.compare(Buffer.from(aKey), Buffer.from(bKey)) < 0;
}

/** Row ids of the messages no threading has placed yet. */
export function pendingMessages(db: Db): number[] {
  return db
    .prepare<[], { id: number }>('SELECT id FROM messages WHERE thread_id IS NULL ORDER BY id')
    .all()
    .map((r) => r.id);
}

/**
 * How many messages are stored. Rows are never deleted and SQLite gives a new row the largest
 * id plus one, so the largest id is the count, read from the end of the primary key where
 * count(*) walks a whole index (0.2 CPU-s at 150k rows, on every import).
 */
export function messageCount(db: Db): number {
  return db.prepare<[], { n: number | null }>('SELECT max(id) AS n FROM messages').get()?.n ?? 0;
}

/**
 * Row ids of every message whose placement the seeds can change (see the top of the file),
 * or null once more than `limit` are reached (then threading everything is as cheap).
 */
export interface Affected {
  /** Row ids of the messages to re-thread. */
  readonly messages: readonly number[];
  /** Every thread id and every Message-ID the walk met: their stored ghosts and thread rows are redone. */
  readonly threads: readonly string[];
  readonly ids: readonly string[];
}

export function affectedMessages(db: Db, seeds: readonly number[], limit: number): Affected | null {
  return affectedWalk(db, limit)(seeds);
}

/**
 * affectedMessages as a walk that goes on: each call adds seeds to those of the calls before
 * and returns the closure of them all, walking only from what is new (the closure of a
 * superset of seeds contains the closure of the seeds, so nothing walked is walked again).
 * Once past `limit` it stays null.
 */
export function affectedWalk(db: Db, limit: number): (seeds: readonly number[]) => Affected | null {
  const node = db.prepare<[number], Node>(
    `SELECT id, key, date_ms, (reconstructed = 0 AND NOT (in_reply_to = '[]' AND refs = '[]')) AS headed,
            message_id, parent_hint, parent_key, thread_id, merged_into FROM messages WHERE id = ?`,
  );
  // A voice placed by headers with the mail that decided where (decided_by), and that mail's place in threading order.
  const decidedStmt = db.prepare<[string], { parent_hint: string | null; decider: string; decider_ms: number | null }>(
    `SELECT v.parent_hint, d.key AS decider, d.date_ms AS decider_ms FROM messages v JOIN messages d ON d.key = v.decided_by
     WHERE v.key = ? AND v.reconstructed = 1 AND v.matching = 0`,
  );
  // The quoters of a voice that are not placed by headers: voices answering it, header-less mail.
  const looseQuoters = db.prepare<[string], { id: number }>(
    `SELECT id FROM messages WHERE parent_hint = ? AND (reconstructed = 1 OR (in_reply_to = '[]' AND refs = '[]'))`,
  );
  const refsOf = db.prepare<[number], { ref: string }>('SELECT ref FROM message_refs WHERE message = ?');
  const byMessageId = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE message_id = ?');
  const citing = db.prepare<[string], { id: number }>('SELECT message AS id FROM message_refs WHERE ref = ?');
  const byKey = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE key = ?');
  const byThread = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE thread_id = ?');
  const hinting = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE parent_hint = ?');
  const mergedInto = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE merged_into = ?');
  const ghostsOf = db.prepare<[string], { key: string }>('SELECT key FROM ghosts WHERE thread_id = ?');
  const ghostThread = db.prepare<[string], { thread_id: string }>('SELECT thread_id FROM ghosts WHERE key = ?');

  const seen = new Set<number>();
  const ids = new Set<string>();
  const keys = new Set<string>();
  const threads = new Set<string>();
  const todo: number[] = [];
  const add = (rows: readonly { id: number }[]): void => {
    for (const r of rows)
      if (!seen.has(r.id)) {
        seen.add(r.id);
        todo.push(r.id);
      }
  };
  const thread = (t: string | null | undefined): void => {
    if (t == null || threads.has(t)) return;
    threads.add(t);
    add(byThread.all(t));
    for (const g of ghostsOf.all(t)) id(g.key);
  };
  const id = (x: string | null): void => {
    if (x === null || ids.has(x)) return;
    ids.add(x);
    add(byMessageId.all(x));
    add(citing.all(x));
    thread(ghostThread.get(x)?.thread_id);
  };
  const decided = (k: string): { parent_hint: string | null; decider: string; decider_ms: number | null } | undefined =>
    decidedStmt.get(k);
  const key = (k: string | null): void => {
    if (k === null || keys.has(k)) return;
    keys.add(k);
    add(byKey.all(k));
    const v = decided(k);
    if (v === undefined) add(hinting.all(k));
    else {
      // A voice placed by headers: its place is the deciding mail's to give, or an earlier quoter's
      // in the set (walked from there); later quoters placed by headers cannot change it.
      add(looseQuoters.all(k));
      key(v.decider);
    }
    add(mergedInto.all(k));
    // A ghost's key is its Message-ID.
    id(k);
  };
  /**
   * Whether mail `n` (re-threaded) could place a voice of the chain it quotes (voicesByHeaders:
   * the first mail in threading order whose archived parents reach it): unless every voice of
   * the chain is placed by headers and decided by mail before `n`, whose verdict `n` cannot
   * take over (mail outside the set keeps its parents; mail inside walks to its own voices).
   */
  const mayPlaceVoices = (n: Node): boolean => {
    if (n.headed !== 1) return true;
    let hops = 0;
    for (let h = n.parent_hint; h !== null && hops < 64; hops++) {
      const v = decided(h);
      if (v === undefined || v.decider === n.key || !threadingBefore(v.decider_ms, v.decider, n.date_ms, n.key))
        return true;
      h = v.parent_hint;
    }
    return hops >= 64;
  };
  let over = false;
  return (seeds) => {
    if (over) return null;
    add(seeds.map((s) => ({ id: s })));
    return walk();
  };
  function walk(): Affected | null {
    while (todo.length > 0) {
      if (seen.size > limit) {
        over = true;
        return null;
      }
      const n = node.get(todo.pop() ?? 0);
      if (n === undefined) continue;
      key(n.key);
      id(n.message_id);
      for (const r of refsOf.all(n.id)) id(r.ref);
      if (mayPlaceVoices(n)) key(n.parent_hint);
      key(n.parent_key);
      key(n.merged_into);
      thread(n.thread_id);
      // A root's key is its thread's id: its members even when it lost its own thread_id.
      thread(n.key);
    }
    return { messages: [...seen], threads: [...threads], ids: [...ids] };
  }
}

/**
 * Record the threading of the affected messages (a union of whole threads) in one
 * transaction: their rows, the ghosts and thread summaries of the threads they left and
 * now form, the series of `seriesMembers` (the keys of the series components planned: see
 * seriesComponents; every series when undefined), and the extraction cache of every thread
 * whose content changed.
 */
export function applyIncrementalThreading(
  db: Db,
  affected: Affected,
  plan: ThreadingWrite,
  seriesMembers?: readonly string[],
): number {
  const current = db.prepare<
    [string],
    {
      key: string;
      parent_key: string | null;
      thread_id: string | null;
      merged_into: string | null;
      matching: number | null;
      worded: number;
      decided_by: string | null;
    }
  >(
    'SELECT key, parent_key, thread_id, merged_into, matching, worded, decided_by FROM messages WHERE id IN (SELECT value FROM json_each(?))',
  );
  const oldGhosts = db.prepare<[string, string], { key: string; parent_key: string | null; thread_id: string }>(
    'SELECT key, parent_key, thread_id FROM ghosts WHERE thread_id IN (SELECT value FROM json_each(?)) OR key IN (SELECT value FROM json_each(?))',
  );
  const deleteGhost = db.prepare('DELETE FROM ghosts WHERE key = ?');
  const deleteThread = db.prepare('DELETE FROM threads WHERE id = ?');
  const write = threadingWriter(db);

  const tx = db.transaction(() => {
    const touched = new Set<string>();
    const left = new Set<string>();
    for (const t of affected.threads) left.add(t);
    for (const row of current.all(JSON.stringify(affected.messages))) {
      if (row.thread_id !== null) left.add(row.thread_id);
      write.place(row, plan, touched);
    }
    const before = new Map(
      oldGhosts
        .all(JSON.stringify([...left]), JSON.stringify([...affected.ids, ...plan.ghosts.map((g) => g.key)]))
        .map((g) => [g.key, g]),
    );
    for (const g of before.keys()) deleteGhost.run(g);
    write.ghosts(before, plan, touched);
    for (const t of left) deleteThread.run(t);
    for (const t of plan.threads) {
      deleteThread.run(t.id);
      write.thread(t);
    }
    write.series(plan, seriesMembers);
    for (const t of touched) write.dropCache(t);
    const now = new Set(plan.threads.map((t) => t.id));
    for (const t of left) if (!now.has(t)) write.dropCache(t);
    write.clearPending();
    return touched.size;
  });
  return tx();
}
