/**
 * Recognising a file imported before: its real path, device, inode and size as recorded,
 * verified by the sha256 of its bytes (a touched file with the same bytes is still the
 * same; a rewritten one of the same size is not), and read on from its old end when it grew
 * (grownFrom). The files found inside a folder or Maildir are recorded too, and known again
 * by their bytes wherever they are now (knownInside). Public-inbox repositories are not
 * recorded: their checkpoints (the last commit stored) serve them.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { importedBytes, importedFile, recordImportedFiles, type Db, type ImportedFile } from '../store/index.js';

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
    for await (const chunk of fs.createReadStream(file, { start: 0, end: size - 1, highWaterMark: 1 << 20 }))
      hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Where to go on reading a file that grew since it was recorded (an mbox that mail was
 * appended to): the recorded end, when the file still starts with the recorded bytes (same
 * digest), is not compressed, and a message starts there ("From " after a newline). Else
 * null: the file is read whole (the store's duplicate check keeps that correct, only slower).
 */
export async function grownFrom(
  before: ImportedFile | undefined,
  now: Omit<ImportedFile, 'digest'>,
): Promise<number | null> {
  if (before === undefined || before.size <= 0 || now.size <= before.size) return null;
  const fd = fs.openSync(now.path, 'r');
  try {
    const head = Buffer.alloc(6);
    fs.readSync(fd, head, 0, 6, 0);
    if ((head[0] === 0x1f && head[1] === 0x8b) || head.subarray(0, 6).equals(XZ_MAGIC)) return null;
    const seam = Buffer.alloc(6);
    fs.readSync(fd, seam, 0, 6, before.size - 1);
    if (seam.toString('latin1') !== '\nFrom ') return null;
  } finally {
    fs.closeSync(fd);
  }
  return (await digest(now.path, before.size)) === before.digest ? before.size : null;
}

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

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

/**
 * Which of `paths` to read: those not imported whole before (the rest are `skipped`), where
 * to start in those that grew since (`resumed`: their old end), and the files among them to
 * record when read.
 */
export async function inputsToRead(
  db: Db,
  paths: readonly string[],
): Promise<{ read: string[]; skipped: string[]; resumed: Map<string, number>; toRecord: ToRecord[] }> {
  const read: string[] = [];
  const skipped: string[] = [];
  const resumed = new Map<string, number>();
  const toRecord: ToRecord[] = [];
  for (const p of paths) {
    const id = identity(p);
    const before = id === null ? undefined : importedFile(db, id.path);
    if (id !== null && (await sameFile(before, id))) {
      skipped.push(p);
      continue;
    }
    read.push(p);
    const from = id === null ? null : await grownFrom(before, id);
    if (from !== null) resumed.set(p, from);
    if (id !== null) toRecord.push({ file: id, digest: digest(id.path, id.size).catch(() => '') });
  }
  return { read, skipped, resumed, toRecord };
}

/**
 * ReadOptions.known for the files inside the folders and Maildirs of an import: a file is known
 * when a file of the same size and sha256 was imported whole (then it is not read, and
 * counted); else it is added to `toRecord`, to be recorded once the import has stored its mail.
 */
export function knownInside(
  db: Db,
  toRecord: ToRecord[],
): { known: (file: string) => Promise<boolean>; count: () => number } {
  let n = 0;
  return {
    known: async (file) => {
      const id = identity(file);
      if (id === null) return false;
      const d = await digest(id.path, id.size);
      if (importedBytes(db, id.size, d)) {
        n++;
        return true;
      }
      toRecord.push({ file: id, digest: Promise.resolve(d) });
      return false;
    },
    count: () => n,
  };
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
