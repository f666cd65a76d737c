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
    this.insertLine = db.prepare('INSERT INTO text_lines (line, message) VALUES (?, ?)');
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
export function unfiledMessages(db: Db, limit: number): { id: number; voice: boolean; name: string | null; email: string | null; subject: string; body: string }[] {
  return db.prepare<[number], { id: number; reconstructed: number; from_name: string | null; from_email: string | null; subject: string; body: string }>(
    `SELECT m.id, m.reconstructed, m.from_name, m.from_email, m.subject, b.body FROM messages m JOIN bodies b ON b.message = m.id
     WHERE m.subject_key IS NULL ORDER BY m.id LIMIT ?`,
  ).all(limit).map((r) => ({ id: r.id, voice: r.reconstructed === 1, name: r.from_name, email: r.from_email, subject: r.subject, body: r.body }));
}

/** File a batch of messages from before migration 6 (one transaction). */
export function fileMessages(db: Db, filed: readonly { readonly id: number; readonly voice: boolean; readonly keys: ContextKeys }[]): void {
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
  private readonly byLine;
  private readonly voicesByLine;
  private readonly copyVoices;
  private readonly subjectReal;
  private readonly late;

  constructor(db: Db) {
    this.byAuthor = db.prepare<[string, number], { message: number }>('SELECT message FROM author_keys WHERE key = ? AND voice = ?');
    this.authorCountStmt = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM author_keys WHERE key = ? AND voice = 0');
    this.byAuthorNear = db.prepare<[string, number, number, number], { message: number }>(
      'SELECT message FROM author_keys WHERE key = ? AND voice = ? AND date_ms BETWEEN ? AND ?',
    );
    this.byAuthorUndated = db.prepare<[string, number], { message: number }>(
      'SELECT message FROM author_keys WHERE key = ? AND voice = ? AND date_ms IS NULL',
    );
    this.byAuthorWorded = db.prepare<[string, number], { message: number }>('SELECT message FROM author_keys WHERE key = ? AND voice = ? AND worded = 1');
    this.byLine = db.prepare<[number, number], { id: number }>(
      'SELECT m.id FROM text_lines t JOIN messages m ON m.id = t.message WHERE t.line = ? AND m.worded = 1 LIMIT ?',
    );
    this.voicesByLine = db.prepare<[number], { id: number }>(
      `SELECT m.id FROM text_lines t JOIN messages m ON m.id = t.message
       WHERE t.line = ? AND m.reconstructed = 1 AND m.matching != 0 AND m.from_name IS NULL AND m.from_email IS NULL`,
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
      if (atMs !== null) for (const r of this.byAuthorNear.all(k, v, atMs - windowMs, atMs + windowMs)) out.push(r.message);
      for (const r of this.byAuthorUndated.all(k, v)) out.push(r.message);
      if (worded) for (const r of this.byAuthorWorded.all(k, v)) out.push(r.message);
    }
    return out;
  }

  /** The worded holders of an own line, at most `limit` (a line held by many is boilerplate to OwnTextIndex.score). */
  lineHolders(line: number, limit: number): number[] {
    return this.byLine.all(line, limit).map((r) => r.id);
  }

  /** Unnamed voices in text matching that hold one of these own lines. */
  unnamedVoicesHolding(lines: Iterable<number>): number[] {
    const out: number[] = [];
    for (const l of lines) for (const r of this.voicesByLine.all(l)) out.push(r.id);
    return out;
  }

  /** Voices in text matching with no name or no date, of this discussion (voiceCopyCandidates' voices). */
  copyVoicesOf(subjectKey: string): number[] {
    return this.copyVoices.all(subjectKey).map((r) => r.id);
  }

  /** The archived mail of this discussion, with whether it has no id headers and whether its words were read. */
  discussion(subjectKey: string): { id: number; headerless: boolean; worded: boolean }[] {
    return this.subjectReal.all(subjectKey).map((r) => ({ id: r.id, headerless: r.headerless === 1, worded: r.worded === 1 }));
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
