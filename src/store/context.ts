/**
 * The context index of migration 6: what an incremental re-thread asks the database for
 * (author keys, own-line hashes, subject keys; see src/thread/keys.ts), written with each
 * message and read back for the touched set only (src/import/context.ts).
 */
import type { Db } from './db.js';
import type { ContextKeys } from '../thread/keys.js';

export class ContextKeysWriter {
  private readonly insertAuthor;
  private readonly insertLine;
  private readonly dropAuthors;
  private readonly dropLines;

  constructor(db: Db) {
    this.insertAuthor = db.prepare(
      'INSERT INTO author_keys (key, voice, date_ms, worded, message) SELECT ?, reconstructed, date_ms, worded, id FROM messages WHERE id = ?',
    );
    this.insertLine = db.prepare(
      'INSERT INTO text_lines (line, message, worded) SELECT ?, id, worded FROM messages WHERE id = ?',
    );
    this.dropAuthors = db.prepare('DELETE FROM author_keys WHERE message = ?');
    this.dropLines = db.prepare('DELETE FROM text_lines WHERE message = ?');
  }

  /** After the messages row is written: the date and worded mark are copied from it. */
  insert(id: number, keys: ContextKeys): void {
    for (const k of keys.authorKeys) this.insertAuthor.run(k, id);
    for (const l of keys.ownLines) this.insertLine.run(l, id);
  }

  /** A voice replaced by a fuller excerpt (writer.ts): its author and words may have changed. */
  replace(id: number, keys: ContextKeys): void {
    this.dropAuthors.run(id);
    this.dropLines.run(id);
    this.insert(id, keys);
  }
}

/** Messages stored before migration 6, not yet filed in the context index: id, author, subject, body. */
export function unfiledMessages(
  db: Db,
  limit: number,
): { id: number; voice: boolean; name: string | null; email: string | null; subject: string; body: string }[] {
  return db
    .prepare<
      [number],
      {
        id: number;
        reconstructed: number;
        from_name: string | null;
        from_email: string | null;
        subject: string;
        body: string;
      }
    >(
      `SELECT m.id, m.reconstructed, m.from_name, m.from_email, m.subject, b.body FROM messages m JOIN bodies b ON b.message = m.id
     WHERE m.subject_key IS NULL ORDER BY m.id LIMIT ?`,
    )
    .all(limit)
    .map((r) => ({
      id: r.id,
      voice: r.reconstructed === 1,
      name: r.from_name,
      email: r.from_email,
      subject: r.subject,
      body: r.body,
    }));
}

/** File a batch of messages from before migration 6 (one transaction). */
export function fileMessages(
  db: Db,
  filed: readonly { readonly id: number; readonly voice: boolean; readonly keys: ContextKeys }[],
): void {
  const writer = new ContextKeysWriter(db);
  const setSubject = db.prepare('UPDATE messages SET subject_key = ? WHERE id = ?');
  db.transaction(() => {
    for (const f of filed) {
      writer.replace(f.id, f.keys);
      setSubject.run(f.keys.subjectKey, f.id);
    }
  })();
}

/**
 * lineHolders' answers kept across rounds, at most: a bulk import asks of every own line of
 * its 32k new mail (~0.5M lines), and the memo held them all, with their holder lists, to
 * the end of the re-thread. Past this it starts again (an answer asked anew is the same).
 */
const HOLDERS_MEMO_MAX = 50_000;

/**
 * The lookups of an incremental re-thread's context, each by index: messages filed under
 * author keys, holders of own lines, mail of a discussion, late header-less mail.
 * Every answer is row ids; the rows are read once, together, by loadIncrementalRows.
 */
export class ContextLookups {
  private readonly byAuthor;
  private readonly authorCountStmt;
  private readonly byAuthorNear;
  private readonly byAuthorUndated;
  private readonly byAuthorWorded;
  private readonly clearSet;
  private readonly addToSet;
  private readonly byLine;
  private readonly unnamedVoices;
  private readonly copyVoices;
  private readonly subjectReal;
  private readonly late;
  /** The focused set, and lineHolders' answers while it only grew (see lineHolders). */
  private focused = new Set<number>();
  private readonly holders = new Map<string, readonly number[]>();

  constructor(db: Db) {
    this.byAuthor = db.prepare<[string, number], { message: number }>(
      'SELECT message FROM author_keys WHERE key = ? AND voice = ?',
    );
    this.authorCountStmt = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM author_keys WHERE key = ? AND voice = 0',
    );
    this.byAuthorNear = db.prepare<[string, number, number, number], { message: number }>(
      'SELECT message FROM author_keys WHERE key = ? AND voice = ? AND date_ms BETWEEN ? AND ?',
    );
    this.byAuthorUndated = db.prepare<[string, number], { message: number }>(
      'SELECT message FROM author_keys WHERE key = ? AND voice = ? AND date_ms IS NULL',
    );
    this.byAuthorWorded = db.prepare<[string, number], { message: number }>(
      'SELECT message FROM author_keys WHERE key = ? AND voice = ? AND worded = 1',
    );
    // The set being re-threaded, as a table: "holders outside it" is then one index range, however big the set.
    db.exec('CREATE TEMP TABLE IF NOT EXISTS rethread_set (id INTEGER PRIMARY KEY)');
    this.clearSet = db.prepare('DELETE FROM temp.rethread_set');
    this.addToSet = db.prepare('INSERT OR IGNORE INTO temp.rethread_set (id) VALUES (?)');
    this.byLine = db.prepare<[number, number], { message: number }>(
      'SELECT message FROM text_lines WHERE line = ? AND worded = 1 AND message NOT IN (SELECT id FROM temp.rethread_set) LIMIT ?',
    );
    this.unnamedVoices = db.prepare<[string], { id: number }>(
      `SELECT id FROM messages WHERE id IN (SELECT value FROM json_each(?))
         AND reconstructed = 1 AND matching != 0 AND from_name IS NULL AND from_email IS NULL`,
    );
    this.copyVoices = db.prepare<[string], { id: number }>(
      `SELECT id FROM messages WHERE subject_key = ? AND reconstructed = 1 AND matching != 0
         AND ((from_name IS NULL AND from_email IS NULL) OR date IS NULL)`,
    );
    this.subjectReal = db.prepare<[string], { id: number; headerless: number; worded: number }>(
      `SELECT id, (in_reply_to = '[]' AND refs = '[]') AS headerless, worded FROM messages WHERE subject_key = ? AND reconstructed = 0`,
    );
    this.late = db.prepare<[number], { id: number }>(
      `SELECT id FROM messages WHERE in_reply_to = '[]' AND refs = '[]' AND reconstructed = 0 AND (date_ms >= ? OR date_ms IS NULL)`,
    );
  }

  /** Archived mail (voice false) or voices filed under any of these author keys. */
  author(keys: Iterable<string>, voice: boolean): number[] {
    const out: number[] = [];
    for (const k of keys) for (const r of this.byAuthor.all(k, voice ? 1 : 0)) out.push(r.message);
    return out;
  }

  /** How many archived messages are filed under this author key (AuthorIndex's list length in a whole threading). */
  authorCount(key: string): number {
    return this.authorCountStmt.get(key)?.n ?? 0;
  }

  /**
   * Archived mail (voice false) or voices filed under these keys dated within `windowMs` of
   * `atMs` (all undated ones too), and, with `worded`, those whose words the last threading read.
   */
  authorNear(keys: Iterable<string>, voice: boolean, atMs: number | null, windowMs: number, worded: boolean): number[] {
    const v = voice ? 1 : 0;
    const out: number[] = [];
    for (const k of keys) {
      if (atMs !== null)
        for (const r of this.byAuthorNear.all(k, v, atMs - windowMs, atMs + windowMs)) out.push(r.message);
      for (const r of this.byAuthorUndated.all(k, v)) out.push(r.message);
      if (worded) for (const r of this.byAuthorWorded.all(k, v)) out.push(r.message);
    }
    return out;
  }

  /** The set being re-threaded: the holders lineHolders answers are those outside it. */
  focus(ids: Iterable<number>): void {
    const next = new Set(ids);
    let grew = next.size >= this.focused.size;
    for (const id of this.focused) if (grew && !next.has(id)) grew = false;
    if (!grew) {
      this.clearSet.run();
      this.holders.clear();
    }
    for (const id of next) if (!this.focused.has(id) || !grew) this.addToSet.run(id);
    this.focused = next;
  }

  /**
   * The worded holders of an own line outside the focused set, at most `limit`: OwnTextIndex
   * holds the worded messages' own lines, and a line held by more than its boilerplate count
   * says nothing (score skips it).
   */
  lineHolders(line: number, limit: number): number[] {
    // The rounds of a re-thread ask the same lines of a set that only grows. The first `limit`
    // holders outside a set, none of them in the grown set, are the first `limit` outside it
    // too (what came before them was in the set); a short list was whole. Else ask again.
    const k = `${line}:${limit}`;
    const known = this.holders.get(k);
    if (known !== undefined) {
      const still = known.filter((id) => !this.focused.has(id));
      if (still.length === known.length || known.length < limit) return still;
    }
    const got = this.byLine.all(line, limit).map((r) => r.message);
    if (this.holders.size >= HOLDERS_MEMO_MAX) this.holders.clear();
    this.holders.set(k, got);
    return got;
  }

  /**
   * Unnamed voices in text matching, outside the focused set, holding one of these own lines
   * where the line is not boilerplate to OwnTextIndex.score (more than `boilerplate` worded
   * holders outside the set: more in any threading of it). Such voices are worded (they are
   * matched by their words), so they are among the line's worded holders.
   */
  unnamedVoicesHolding(lines: Iterable<number>, boilerplate: number): number[] {
    const holders: number[] = [];
    for (const l of lines) {
      const h = this.lineHolders(l, boilerplate + 1);
      if (h.length <= boilerplate) for (const id of h) holders.push(id);
    }
    if (holders.length === 0) return [];
    return this.unnamedVoices.all(JSON.stringify([...new Set(holders)])).map((r) => r.id);
  }

  /** Voices in text matching with no name or no date, of this discussion (voiceCopyCandidates' voices). */
  copyVoicesOf(subjectKey: string): number[] {
    return this.copyVoices.all(subjectKey).map((r) => r.id);
  }

  /** The archived mail of this discussion, with whether it has no id headers and whether its words were read. */
  discussion(subjectKey: string): { id: number; headerless: boolean; worded: boolean }[] {
    return this.subjectReal
      .all(subjectKey)
      .map((r) => ({ id: r.id, headerless: r.headerless === 1, worded: r.worded === 1 }));
  }

  /** Header-less archived mail dated at or after `sinceMs`, or undated. */
  lateHeaderless(sinceMs: number): number[] {
    return this.late.all(Number.isFinite(sinceMs) ? Math.floor(sinceMs) : -8.64e15).map((r) => r.id);
  }
}

/** Whether messages from before migration 6 wait to be filed in the context index. */
export function unfiledCount(db: Db): number {
  return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM messages WHERE subject_key IS NULL').get()?.n ?? 0;
}
