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
 * The result is a union of whole threads that no id links to anything outside, so
 * header threading over it alone decides exactly what threading everything would.
 */
import type { Db } from './db.js';
import { threadingWriter } from './threading.js';
import type { ThreadingWrite } from './types.js';

interface Node {
  id: number;
  key: string;
  message_id: string | null;
  parent_hint: string | null;
  parent_key: string | null;
  thread_id: string | null;
  merged_into: string | null;
}

/** Row ids of the messages no threading has placed yet. */
export function pendingMessages(db: Db): number[] {
  return db.prepare<[], { id: number }>('SELECT id FROM messages WHERE thread_id IS NULL ORDER BY id').all().map((r) => r.id);
}

export function messageCount(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages').get()?.n ?? 0;
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
  const node = db.prepare<[number], Node>(
    'SELECT id, key, message_id, parent_hint, parent_key, thread_id, merged_into FROM messages WHERE id = ?',
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
    for (const r of rows) if (!seen.has(r.id)) { seen.add(r.id); todo.push(r.id); }
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
  const key = (k: string | null): void => {
    if (k === null || keys.has(k)) return;
    keys.add(k);
    add(byKey.all(k));
    add(hinting.all(k));
    add(mergedInto.all(k));
    // A ghost's key is its Message-ID.
    id(k);
  };
  add(seeds.map((s) => ({ id: s })));
  while (todo.length > 0) {
    if (seen.size > limit) return null;
    const n = node.get(todo.pop() ?? 0);
    if (n === undefined) continue;
    key(n.key);
    id(n.message_id);
    for (const r of refsOf.all(n.id)) id(r.ref);
    key(n.parent_hint);
    key(n.parent_key);
    key(n.merged_into);
    thread(n.thread_id);
    // A root's key is its thread's id: its members even when it lost its own thread_id.
    thread(n.key);
  }
  return { messages: [...seen], threads: [...threads], ids: [...ids] };
}

/**
 * Record the threading of the affected messages (a union of whole threads) in one
 * transaction: their rows, the ghosts and thread summaries of the threads they left and
 * now form, all series, and the extraction cache of every thread whose content changed.
 */
export function applyIncrementalThreading(db: Db, affected: Affected, plan: ThreadingWrite): number {
  const current = db.prepare<[string], { key: string; parent_key: string | null; thread_id: string | null; merged_into: string | null; matching: number | null; worded: number }>(
    'SELECT key, parent_key, thread_id, merged_into, matching, worded FROM messages WHERE id IN (SELECT value FROM json_each(?))',
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
    const before = new Map(oldGhosts.all(JSON.stringify([...left]), JSON.stringify([...affected.ids, ...plan.ghosts.map((g) => g.key)])).map((g) => [g.key, g]));
    for (const g of before.keys()) deleteGhost.run(g);
    write.ghosts(before, plan, touched);
    for (const t of left) deleteThread.run(t);
    for (const t of plan.threads) {
      deleteThread.run(t.id);
      write.thread(t);
    }
    write.series(plan);
    for (const t of touched) write.dropCache(t);
    const now = new Set(plan.threads.map((t) => t.id));
    for (const t of left) if (!now.has(t)) write.dropCache(t);
    write.clearPending();
    return touched.size;
  });
  return tx();
}
