/**
 * One import at a time per database. Two imports interleaving their batches and their
 * re-threads would each thread a database the other is changing; the second one died
 * with "database is locked" part-way (SQLite's busy timeout cannot help a transaction
 * that starts as a read and then wants to write). The lock is an SQLite write
 * transaction held on a side file (`DB.import-lock`) for the import's whole run: the
 * OS releases it when the process ends, even on kill -9, so a crashed import never
 * leaves a stale lock. Readers (threads, show, the TUI) never take it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';

/**
 * How long a second import waits for the first before it refuses: long enough to ride
 * out the end of an import (its last re-thread transaction), short enough that a
 * user who started two imports by mistake is told at once.
 */
export const IMPORT_LOCK_WAIT_MS = 2000;

export function importLockFile(db: string): string {
  return `${db}.import-lock`;
}

/** Take the import lock of database `db`, or throw a one-line UserError; call the result to release it. */
export function takeImportLock(db: string, waitMs = IMPORT_LOCK_WAIT_MS): () => void {
  let lock: Database.Database;
  try {
    fs.mkdirSync(path.dirname(path.resolve(db)), { recursive: true });
  } catch (err) {
    throw new UserError(
      `cannot create the folder of database ${db}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  try {
    lock = new Database(importLockFile(db));
    lock.pragma(`busy_timeout = ${waitMs}`);
    lock.pragma('journal_mode = DELETE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
      throw new UserError(`another import into ${db} is running; run this one again when it has finished`);
    }
    throw err;
  }
  return () => {
    if (!lock.open) return;
    if (lock.inTransaction) lock.exec('ROLLBACK');
    lock.close();
  };
}
