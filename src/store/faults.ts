/**
 * What SQLite and the file system say when the database cannot do its job, in the
 * words a user can act on: one line naming the file, never a stack trace. The data
 * is consistent in every case (writes are transactions); the line says what to do.
 * cli/main.ts, the one place errors become exit codes, asks here first.
 */
import { UserError } from '../errors.js';

/** The database file this process opened last (the CLI opens one), to name it in the line. */
let lastOpened: string | null = null;

export function noteOpened(file: string): void {
  lastOpened = file;
}

function codeOf(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

function isSqlite(err: unknown): boolean {
  return err instanceof Error && err.name === 'SqliteError';
}

/** The one-line UserError for a storage fault, or null when `err` is not one. */
export function storeFault(err: unknown, file: string | null = lastOpened): UserError | null {
  const code = codeOf(err);
  if (code === null) return null;
  const what = file === null ? 'the database' : `database ${file}`;
  const said = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EFBIG' || code === 'EDQUOT') {
    return new UserError(
      `${what}: the disk is full (${said}); what was stored is consistent: free space and run the import again`,
    );
  }
  if (!isSqlite(err)) return code === 'EROFS' ? new UserError(`${what}: the file system is read-only (${said})`) : null;
  if (code.startsWith('SQLITE_IOERR')) {
    return new UserError(
      `${what}: the disk failed a read or write (${said}; a full disk says this too); what was stored is consistent: run the import again once it is fixed`,
    );
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new UserError(`${what} is busy: another threadlab holds it for writing; run this again when it ends`);
  }
  if (code === 'SQLITE_NOTADB') return new UserError(`${file ?? 'the database'} is not a threadlab database (${said})`);
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_')) {
    return new UserError(
      `${what} is corrupted (${said}); it is rebuilt from the archives by importing them into a new file`,
    );
  }
  if (code.startsWith('SQLITE_READONLY'))
    return new UserError(`${what} is read-only here (${said}); this command needs to write it`);
  if (code.startsWith('SQLITE_CANTOPEN')) return new UserError(`cannot open ${what} (${said})`);
  return null;
}

/** Whether `err` says the database cannot be written (a read-only file, folder or file system). */
export function isReadOnlyFault(err: unknown): boolean {
  const code = codeOf(err);
  return (
    code !== null &&
    (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'EROFS' || code === 'EACCES')
  );
}

/** Whether `err` says the database file is damaged (as opposed to a bad query). */
export function isCorruptFault(err: unknown): boolean {
  const code = codeOf(err);
  return (
    code !== null && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_IOERR'))
  );
}
