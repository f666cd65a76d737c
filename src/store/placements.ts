/**
 * Where threading put every message: the one read `npm run bench:threading` takes of a
 * database, to compare two threadings of the same mail. The database may have been written
 * by another revision of Threadlab (that is the point of the comparison), so this opens the
 * file itself instead of through openStore, which would refuse or migrate an older schema,
 * and reads only columns every schema has had since threading was stored.
 */
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';

export interface Placement {
  readonly key: string;
  readonly thread: string;
  readonly parent: string | null;
  /** A voice recovered from quotes, not archived itself. */
  readonly voice: boolean;
  readonly subject: string;
  readonly from: string | null;
}

export interface Placements {
  readonly messages: Placement[];
  /** Thread id -> subject, for every thread the database holds (quote fragments too). */
  readonly threads: Record<string, string>;
  /** Thread ids that are quote fragments (read.ts's NOT_FRAGMENT, negated). */
  readonly fragments: string[];
  /** Voices found to be a real message and merged into it: not placed themselves. */
  readonly merged: number;
  readonly ghosts: number;
}

interface Row {
  key: string;
  thread_id: string | null;
  parent_key: string | null;
  reconstructed: number;
  subject: string;
  from_name: string | null;
  from_email: string | null;
  merged: number;
}

export function readPlacements(file: string): Placements {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new UserError(`cannot read database ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const columns = new Set(
      db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('messages')`)
        .all()
        .map((c) => c.name),
    );
    // merged_into came with voice-copy matching; a database from before it merged no voices.
    const merged = columns.has('merged_into') ? 'merged_into IS NOT NULL' : '0';
    const rows = db
      .prepare<[], Row>(
        `SELECT key, thread_id, parent_key, reconstructed, subject, from_name, from_email, ${merged} AS merged
           FROM messages ORDER BY key`,
      )
      .all();
    const messages: Placement[] = [];
    let mergedCount = 0;
    for (const r of rows) {
      if (r.merged === 1) {
        mergedCount++;
        continue;
      }
      messages.push({
        key: r.key,
        thread: r.thread_id ?? r.key,
        parent: r.parent_key,
        voice: r.reconstructed === 1,
        subject: r.subject,
        from: r.from_name ?? r.from_email,
      });
    }
    const threads: Record<string, string> = {};
    const fragments: string[] = [];
    for (const t of db
      .prepare<[], { id: string; subject: string; fragment: number }>(
        `SELECT id, subject, (reconstructed = messages AND people = '[]') AS fragment FROM threads ORDER BY id`,
      )
      .all()) {
      threads[t.id] = t.subject;
      if (t.fragment === 1) fragments.push(t.id);
    }
    const hasGhosts = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ghosts'`).get();
    const ghosts =
      hasGhosts === undefined ? 0 : (db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ghosts`).get()?.n ?? 0);
    return { messages, threads, fragments, merged: mergedCount, ghosts };
  } finally {
    db.close();
  }
}
