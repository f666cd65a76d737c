/**
 * Opening the database: WAL (a reader such as `threads` or the TUI can use it
 * while an import writes), synchronous=NORMAL (safe against a killed process;
 * only a power cut can lose the last commits), and forward-only migrations
 * keyed on `PRAGMA user_version`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open for reading only; the file must exist. */
  readonly readonly?: boolean;
  /** Open for writing but refuse to create a new database (readers that also fill caches). */
  readonly mustExist?: boolean;
}

export function openStore(file: string, opts: OpenOptions = {}): Db {
  const readonly = opts.readonly === true;
  if ((readonly || opts.mustExist === true) && !fs.existsSync(file)) {
    throw new UserError(`no database at ${file} (run: threadlab import PATH... --db ${file})`);
  }
  if (!readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw new UserError(`cannot open database ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  db.pragma('busy_timeout = 10000');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A page cache bigger than the default 2 MB keeps the index b-trees of a bulk import in
    // memory between batches. 16 MB imports the iommu bench as fast as 64 MB did (25.0 vs
    // 26.0 s) with ~60 MB less peak RSS: bodies are written once and not read back.
    db.pragma('cache_size = -16384');
  }
  db.pragma('foreign_keys = ON');
  migrate(db, file, readonly);
  return db;
}

function migrate(db: Db, file: string, readonly: boolean): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new UserError(`database ${file} has schema version ${version}, newer than this threadlab (${SCHEMA_VERSION})`);
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) {
    db.close();
    throw new UserError(`database ${file} has schema version ${version}; run an import to upgrade it to ${SCHEMA_VERSION}`);
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) throw new Error(`missing migration ${v}`);
    // Each step and its version bump commit together: a killed migration leaves the old version.
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** Remove a database file and its WAL side files (used when an import wrote nothing to a new file). */
export function removeStoreFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}
