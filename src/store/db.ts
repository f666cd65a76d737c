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
import { isReadOnlyFault, noteOpened } from './faults.js';
import { importLockFile } from './lock.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open for reading only; the file must exist. */
  readonly readonly?: boolean;
  /** Open for writing but refuse to create a new database (readers that also fill caches). */
  readonly mustExist?: boolean;
}

export function openStore(file: string, opts: OpenOptions = {}): Db {
  noteOpened(file);
  const readonly = opts.readonly === true;
  if ((readonly || opts.mustExist === true) && !fs.existsSync(file)) {
    throw new UserError(`no database at ${file} (run: threadlab import PATH... --db ${file})`);
  }
  if (readonly) return openReadOnly(file);
  if (opts.mustExist === true) {
    // A reader that would also fill the extraction cache: on a read-only file, folder or
    // file system it reads without caching rather than failing.
    try {
      return openWritable(file);
    } catch (err) {
      if (isReadOnlyFault(err)) return openReadOnly(file);
      throw err;
    }
  }
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } catch (err) {
    throw new UserError(
      `cannot create the folder of database ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return openWritable(file);
}

function openReadOnly(file: string): Db {
  try {
    return configure(openFile(file, true), file, true);
  } catch (err) {
    if (!isReadOnlyFault(err)) throw err;
  }
  // A WAL database in a folder this process cannot write (a read-only file system, another
  // user's folder) cannot be opened in place: SQLite must create its -shm file, and this
  // build takes no "immutable" URI. Read a copy into memory instead; it costs the file's
  // size in memory and sees what the last writer committed, so only when no -wal is pending.
  const wal = `${file}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    throw new UserError(
      `cannot read database ${file}: its folder is read-only and ${wal} holds writes not yet in the database`,
    );
  }
  const image = fs.readFileSync(file);
  // Bytes 18 and 19 say "WAL"; an in-memory image has no WAL, so mark it as a rollback-journal file.
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  let db: Db;
  try {
    db = new Database(image, { readonly: true });
  } catch (err) {
    throw new UserError(`cannot open database ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return configure(db, file, true);
}

function openWritable(file: string): Db {
  return configure(openFile(file, false), file, false);
}

function openFile(file: string, readonly: boolean): Db {
  try {
    return new Database(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    if (isReadOnlyFault(err)) throw err;
    throw new UserError(`cannot open database ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function configure(db: Db, file: string, readonly: boolean): Db {
  try {
    return configureNow(db, file, readonly);
  } catch (err) {
    if (db.open) db.close();
    throw err;
  }
}

function configureNow(db: Db, file: string, readonly: boolean): Db {
  db.pragma('busy_timeout = 10000');
  // Before anything is written (switching to WAL rewrites the header): never touch someone else's file.
  if (Number(db.pragma('user_version', { simple: true })) === 0) refuseForeign(db, file);
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

/** A database threadlab never wrote has user_version 0; an empty one is ours to create, one with tables is someone else's. */
function refuseForeign(db: Db, file: string): void {
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
    .all();
  if (tables.length === 0) return;
  const names = tables
    .slice(0, 5)
    .map((t) => t.name)
    .join(', ');
  db.close();
  throw new UserError(
    `${file} is an SQLite database of something else (tables: ${names}${tables.length > 5 ? ', ...' : ''}); threadlab will not write into it`,
  );
}

function migrate(db: Db, file: string, readonly: boolean): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new UserError(
      `database ${file} has schema version ${version}, newer than this threadlab (${SCHEMA_VERSION})`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  if (readonly) {
    db.close();
    throw new UserError(
      `database ${file} has schema version ${version}; run an import to upgrade it to ${SCHEMA_VERSION}`,
    );
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

/** Remove a database file and its side files (used when an import wrote nothing to a new file). */
export function removeStoreFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, importLockFile(file)]) fs.rmSync(f, { force: true });
}
