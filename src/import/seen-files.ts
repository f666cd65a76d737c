/**
 * Recognising a file imported before: its real path, device, inode and size as recorded,
 * verified by the sha256 of its bytes (a touched file with the same bytes is still the
 * same; a rewritten one of the same size is not). Directories, Maildirs and public-inbox
 * repositories are not recorded: the store's duplicate check and the public-inbox
 * checkpoints serve those.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ImportedFile } from '../store/files.js';

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
