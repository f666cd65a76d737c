/**
 * File names that are not UTF-8. Node hands out names as strings, and a name with
 * bytes that are not UTF-8 (`bad\xff\xfe.mbox`, from an old Latin-1 system) comes out
 * with U+FFFD in their place: that string names no file, so a folder import skipped
 * the file without a word and a named one "did not exist". Such a name is kept as its
 * bytes (a Buffer, which every fs call takes) and shown with the bad bytes as \xFF.
 */
import fs from 'node:fs';
import path from 'node:path';

/** What fs is given to open an input: its name as a string when it is UTF-8, else its bytes. */
export type InputPath = string | Buffer;

/** A name as text: itself when it is UTF-8; else its valid UTF-8 kept and each other byte as \xHH. */
export function pathName(p: InputPath): string {
  if (typeof p === 'string') return p;
  let out = '';
  let i = 0;
  while (i < p.length) {
    const b = p[i] ?? 0;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const seq = len === 0 ? null : p.subarray(i, i + len);
    if (seq !== null && seq.length === len && Buffer.from(seq.toString('utf8'), 'utf8').equals(seq)) {
      out += seq.toString('utf8');
      i += len;
    } else {
      out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    }
  }
  return out;
}

/** The entries of a folder, each as a string when its name is UTF-8, else as bytes. */
export async function listFolder(dir: InputPath): Promise<InputPath[]> {
  const names = await fs.promises.readdir(dir, { encoding: 'buffer' });
  return names.map((n) => {
    const s = n.toString('utf8');
    return Buffer.from(s, 'utf8').equals(n) ? s : n;
  });
}

export function joinPath(dir: InputPath, name: InputPath): InputPath {
  if (typeof dir === 'string' && typeof name === 'string') return path.join(dir, name);
  const d = typeof dir === 'string' ? Buffer.from(dir, 'utf8') : dir;
  const n = typeof name === 'string' ? Buffer.from(name, 'utf8') : name;
  return Buffer.concat([d, Buffer.from(d[d.length - 1] === 0x2f ? '' : '/'), n]);
}

export function startsWithDot(name: InputPath): boolean {
  return typeof name === 'string' ? name.startsWith('.') : name[0] === 0x2e;
}

/**
 * The file a path given on the command line names. Node decodes argv as UTF-8 too, so a
 * non-UTF-8 name arrives with U+FFFD in it; each component that does not exist as
 * written is looked up among its folder's entries by that same lossy decoding (only a
 * single match counts). Null when there is no such file.
 */
export function resolveInput(p: string): InputPath | null {
  if (fs.existsSync(p)) return p;
  if (!p.includes('\ufffd')) return null;
  const parts = p.split('/');
  let at: InputPath = parts[0] === '' ? '/' : '.';
  for (const [i, part] of parts.entries()) {
    if (part === '' || (i === 0 && part === '.')) continue;
    const direct = joinPath(at, part);
    if (fs.existsSync(direct)) {
      at = direct;
      continue;
    }
    let entries: Buffer[];
    try {
      entries = fs.readdirSync(at, { encoding: 'buffer' });
    } catch {
      return null;
    }
    const matches = entries.filter((e) => e.toString('utf8') === part);
    const only = matches[0];
    if (only === undefined || matches.length > 1) return null;
    at = joinPath(at, only);
  }
  return at;
}
