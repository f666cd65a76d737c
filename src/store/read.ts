/**
 * Typed reads for the CLI, export, extraction and the UI. Rows become domain
 * values here and nowhere else.
 */
import { UserError } from '../errors.js';
import type { Db } from './db.js';
import type { StoredMessage, StoredThread, ThreadSummary } from './types.js';
import { loadThreadPatches } from './patches.js';

interface MessageRow {
  key: string;
  message_id: string | null;
  parent_key: string | null;
  thread_id: string;
  from_name: string | null;
  from_email: string | null;
  date: string | null;
  date_ms: number | null;
  subject: string;
  body: string;
  reconstructed: number;
  source_file: string;
  source_offset: number | null;
  to_header: string | null;
  cc_header: string | null;
}

interface ThreadRow {
  id: string;
  subject: string;
  messages: number;
  reconstructed: number;
  people: string;
  first: string | null;
  last: string | null;
}

/** Every thread, most recent activity first. */
/**
 * A quote fragment: a "thread" of nothing but voices recovered from quotes whose author is
 * unknown (no name, no address), words a real thread quoted that threading could not hang
 * back in it. A third of the bench list's threads were such; thread lists leave them out
 * unless asked, and the import summary never counts them.
 */
const NOT_FRAGMENT = "NOT (reconstructed = messages AND people = '[]')";

export interface ThreadListing {
  /** Include quote fragments (default true: every thread the store holds). */
  readonly fragments?: boolean;
}

export function listThreads(db: Db, opts: ThreadListing = {}): ThreadSummary[] {
  const where = opts.fragments === false ? `WHERE ${NOT_FRAGMENT}` : '';
  return db
    .prepare<[], ThreadRow>(
      `SELECT id, subject, messages, reconstructed, people, first, last FROM threads ${where} ORDER BY last_ms DESC NULLS LAST, id`,
    )
    .all()
    .map((r) => ({
      id: r.id,
      subject: r.subject,
      messages: r.messages,
      reconstructed: r.reconstructed,
      people: JSON.parse(r.people) as string[],
      first: r.first,
      last: r.last,
    }));
}

/** The threads that hold a patch (the thread list's has:patch filter asks once, when it is first typed). */
export function threadsWithPatches(db: Db): Set<string> {
  return new Set(
    db
      .prepare<[], { id: string }>(
        'SELECT DISTINCT m.thread_id AS id FROM patches p JOIN messages m ON m.id = p.message WHERE m.thread_id IS NOT NULL',
      )
      .all()
      .map((r) => r.id),
  );
}

export function threadIds(db: Db, opts: ThreadListing = {}): string[] {
  const where = opts.fragments === false ? `WHERE ${NOT_FRAGMENT}` : '';
  return db
    .prepare<[], { id: string }>(`SELECT id FROM threads ${where} ORDER BY last_ms DESC NULLS LAST, id`)
    .all()
    .map((r) => r.id);
}

/** How many threads are quote fragments (what a list without them leaves out). */
export function fragmentCount(db: Db): number {
  return db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM threads WHERE NOT (${NOT_FRAGMENT})`).get()?.n ?? 0;
}

/** Of these thread ids, those that are not quote fragments. */
export function withoutFragments(db: Db, ids: Iterable<string>): string[] {
  const get = db.prepare<[string], { id: string }>(`SELECT id FROM threads WHERE id = ? AND ${NOT_FRAGMENT}`);
  return [...ids].filter((id) => get.get(id) !== undefined);
}

/** What a user-given THREAD|MESSAGE reference names: a thread id, a message key, or a Message-ID (brackets optional). */
export function resolveRef(db: Db, ref: string): { threadId: string; messageKey: string | null } | null {
  const thread = db.prepare<[string], { id: string }>('SELECT id FROM threads WHERE id = ?').get(ref);
  if (thread !== undefined) return { threadId: thread.id, messageKey: null };
  const bare = ref.replace(/^<(.*)>$/, '$1');
  const msg =
    db
      .prepare<[string], { key: string; thread_id: string | null; merged_into: string | null }>(
        'SELECT key, thread_id, merged_into FROM messages WHERE key = ?',
      )
      .get(bare) ??
    db
      .prepare<[string], { key: string; thread_id: string | null; merged_into: string | null }>(
        'SELECT key, thread_id, merged_into FROM messages WHERE message_id = ? ORDER BY id LIMIT 1',
      )
      .get(bare);
  if (msg !== undefined && msg.thread_id !== null)
    return { threadId: msg.thread_id, messageKey: msg.merged_into ?? msg.key };
  const ghost = db
    .prepare<[string], { key: string; thread_id: string }>('SELECT key, thread_id FROM ghosts WHERE key = ?')
    .get(bare);
  if (ghost !== undefined) return { threadId: ghost.thread_id, messageKey: ghost.key };
  return resolvePrefix(db, bare);
}

/** Shortest prefix of an id worth looking up: "sha256:" alone names everything. */
const MIN_PREFIX = 12;

/**
 * A unique prefix of a thread id or message key ("sha256:8b0a37de4f16"), as git
 * takes abbreviated hashes: full keys are 71 characters. Ambiguous or short: null.
 * Range scans on the UNIQUE/PRIMARY KEY indexes, not LIKE (which ignores them).
 */
function resolvePrefix(db: Db, prefix: string): { threadId: string; messageKey: string | null } | null {
  if (prefix.length < MIN_PREFIX) return null;
  const end = prefix + '\u{10FFFF}';
  const threads = db
    .prepare<[string, string], { id: string }>('SELECT id FROM threads WHERE id >= ? AND id < ? LIMIT 2')
    .all(prefix, end);
  const messages = db
    .prepare<[string, string], { key: string; thread_id: string | null; merged_into: string | null }>(
      'SELECT key, thread_id, merged_into FROM messages WHERE key >= ? AND key < ? LIMIT 2',
    )
    .all(prefix, end);
  const [thread] = threads;
  const [message] = messages;
  if (
    threads.length === 1 &&
    thread !== undefined &&
    messages.every((m) => m.key === thread.id || m.thread_id === thread.id)
  ) {
    return { threadId: thread.id, messageKey: null };
  }
  if (threads.length === 0 && messages.length === 1 && message !== undefined && message.thread_id !== null) {
    return { threadId: message.thread_id, messageKey: message.merged_into ?? message.key };
  }
  return null;
}

/** One thread with its messages (ghosts included), parents before children, siblings by date. */
export function loadThread(db: Db, id: string): StoredThread {
  const head = db
    .prepare<[string], { id: string; subject: string }>('SELECT id, subject FROM threads WHERE id = ?')
    .get(id);
  if (head === undefined) throw new UserError(`no thread '${id}' in the database (list them: threadlab threads)`);
  const rows = db
    .prepare<[string], MessageRow>(
      `SELECT key, message_id, parent_key, thread_id, from_name, from_email, date, date_ms, subject, b.body, reconstructed,
              source_file, source_offset, to_header, cc_header
       FROM messages m JOIN bodies b ON b.message = m.id WHERE thread_id = ? AND merged_into IS NULL`,
    )
    .all(id);
  const patches = loadThreadPatches(db, id);
  const messages: (StoredMessage & { sortMs: number | null })[] = rows.map((r) => ({
    key: r.key,
    messageId: r.message_id,
    parent: r.parent_key,
    threadId: r.thread_id,
    author: { name: r.from_name, email: r.from_email },
    date: r.date,
    subject: r.subject,
    body: r.body,
    reconstructed: r.reconstructed === 1,
    ghost: false,
    source: { file: r.source_file, offset: r.source_offset },
    patch: patches.get(r.key) ?? null,
    sortMs: r.date_ms,
    ...(r.to_header === null ? {} : { to: r.to_header }),
    ...(r.cc_header === null ? {} : { cc: r.cc_header }),
  }));
  const ghosts = db
    .prepare<[string], { key: string; message_id: string; parent_key: string | null }>(
      'SELECT key, message_id, parent_key FROM ghosts WHERE thread_id = ?',
    )
    .all(id);
  for (const g of ghosts) {
    messages.push({
      key: g.key,
      messageId: g.message_id,
      parent: g.parent_key,
      threadId: id,
      author: { name: null, email: null },
      date: null,
      subject: '',
      body: '',
      reconstructed: false,
      ghost: true,
      source: { file: '', offset: null },
      patch: null,
      sortMs: null,
    });
  }
  return { id: head.id, subject: head.subject, messages: treeOrder(messages).map(({ sortMs: _, ...m }) => m) };
}

/** Depth-first, parents before children; siblings by date (undated last), then key. Iterative: no recursion on user data. */
function treeOrder<T extends { key: string; parent: string | null; sortMs: number | null }>(
  messages: readonly T[],
): T[] {
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const children = new Map<string | null, T[]>();
  for (const m of messages) {
    const p = m.parent !== null && byKey.has(m.parent) && m.parent !== m.key ? m.parent : null;
    const list = children.get(p);
    if (list === undefined) children.set(p, [m]);
    else list.push(m);
  }
  const cmp = (a: T, b: T): number =>
    (a.sortMs ?? Number.MAX_SAFE_INTEGER) - (b.sortMs ?? Number.MAX_SAFE_INTEGER) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  for (const list of children.values()) list.sort(cmp);
  const out: T[] = [];
  const seen = new Set<string>();
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const m = stack.pop();
    if (m === undefined || seen.has(m.key)) continue;
    seen.add(m.key);
    out.push(m);
    const kids = children.get(m.key) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k !== undefined) stack.push(k);
    }
  }
  // A parent cycle the threader let through would hide its members: list them at the end rather than lose them.
  for (const m of [...messages].sort(cmp)) if (!seen.has(m.key)) out.push(m);
  return out;
}

/** How many threads the messages `keys` are in, counted as the thread lists count them (quote fragments are not threads to show). */
export function threadsOf(db: Db, keys: readonly string[]): number {
  const get = db.prepare<[string], { thread_id: string | null }>('SELECT thread_id FROM messages WHERE key = ?');
  const threads = new Set<string>();
  for (const k of keys) {
    const row = get.get(k);
    if (row?.thread_id != null) threads.add(row.thread_id);
  }
  return withoutFragments(db, threads).length;
}
