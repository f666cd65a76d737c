/** What imports read whole (migration 7), so that a file imported before is skipped. */
import type { Db } from './db.js';

export interface ImportedFile {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly digest: string;
}

export function importedFile(db: Db, realPath: string): ImportedFile | undefined {
  const r = db
    .prepare<[string], { path: string; dev: number; ino: number; size: number; mtime_ms: number; digest: string }>(
      'SELECT path, dev, ino, size, mtime_ms, digest FROM imported_files WHERE path = ?',
    )
    .get(realPath);
  return r === undefined
    ? undefined
    : { path: r.path, dev: r.dev, ino: r.ino, size: r.size, mtimeMs: r.mtime_ms, digest: r.digest };
}

/**
 * Whether some file of exactly these bytes (size and sha256) was imported whole: a file inside
 * a folder or Maildir is known by its bytes wherever it is now (a Maildir message moves from
 * new/ to cur/ and changes its name with its flags; its bytes stay).
 */
export function importedBytes(db: Db, size: number, digest: string): boolean {
  return (
    db
      .prepare<[string, number], { one: number }>(
        'SELECT 1 AS one FROM imported_files WHERE digest = ? AND size = ? LIMIT 1',
      )
      .get(digest, size) !== undefined
  );
}

export function recordImportedFiles(db: Db, files: readonly ImportedFile[], run: number): void {
  const put = db.prepare(
    `INSERT INTO imported_files (path, dev, ino, size, mtime_ms, digest, run) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size, mtime_ms = excluded.mtime_ms,
       digest = excluded.digest, run = excluded.run`,
  );
  db.transaction(() => {
    for (const f of files) put.run(f.path, f.dev, f.ino, f.size, Math.floor(f.mtimeMs), f.digest, run);
  })();
}
