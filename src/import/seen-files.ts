/**
 * Recognising a file imported before: its real path, device, inode and size as recorded,
 * verified by the sha256 of its bytes (a touched file with the same bytes is still the
 * same; a rewritten one of the same size is not). Directories, Maildirs and public-inbox
 * repositories are not recorded: the store's duplicate check and the public-inbox
 * checkpoints serve those.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { importedFile, recordImportedFiles, type Db, type ImportedFile } from '../store/index.js';

/**
 * A regular file's identity, or null for anything else, and for a path that is not plainly
 * the file's (a name that is not UTF-8 reaches here mangled; such input is simply read).
 */
export function identity(p: string): Omit<ImportedFile, 'digest'> | null {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return null;
    return { path: fs.realpathSync(p), dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

/** The sha256 of a file's first `size` bytes, streamed. */
export async function digest(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size > 0) {
    for await (const chunk of fs.createReadStream(file, { start: 0, end: size - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Whether `now` is the file recorded as `before`: same size, same bytes. */
export async function sameFile(before: ImportedFile | undefined, now: Omit<ImportedFile, 'digest'>): Promise<boolean> {
  if (before === undefined || before.size !== now.size) return false;
  return (await digest(now.path, now.size)) === before.digest;
}

/** A file to read, hashed while the import reads it; recorded once every message of it is stored. */
export interface ToRecord {
  readonly file: Omit<ImportedFile, 'digest'>;
  readonly digest: Promise<string>;
}

/** Which of `paths` to read: those not imported whole before (the rest are `skipped`), and the files among them to record when read. */
export async function inputsToRead(db: Db, paths: readonly string[]): Promise<{ read: string[]; skipped: string[]; toRecord: ToRecord[] }> {
  const read: string[] = [];
  const skipped: string[] = [];
  const toRecord: ToRecord[] = [];
  for (const p of paths) {
    const id = identity(p);
    if (id !== null && (await sameFile(importedFile(db, id.path), id))) {
      skipped.push(p);
      continue;
    }
    read.push(p);
    if (id !== null) toRecord.push({ file: id, digest: digest(id.path, id.size).catch(() => '') });
  }
  return { read, skipped, toRecord };
}

/** Record the files read whole in import `run`; one that vanished or could not be hashed is simply read again next time. */
export async function recordRead(db: Db, toRecord: readonly ToRecord[], run: number): Promise<void> {
  const read: ImportedFile[] = [];
  for (const r of toRecord) {
    const d = await r.digest;
    if (d !== '') read.push({ ...r.file, digest: d });
  }
  recordImportedFiles(db, read, run);
}
