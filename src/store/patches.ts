/** Rows of patches/patch_files/hunks back into Patch values, for one thread at a time. */
import type { Db } from './db.js';
import type { Hunk, Patch, PatchFile } from '../patch/types.js';

interface PatchRow {
  id: number;
  key: string;
  origin: string;
  added: number;
  deleted: number;
  diffstat_files: number | null;
  diffstat_added: number | null;
  diffstat_deleted: number | null;
}
interface FileRow {
  id: number;
  patch: number;
  path: string;
  old_path: string | null;
  status: string | null;
  binary: number;
  added: number;
  deleted: number;
}
interface HunkRow {
  file: number;
  header: string;
  section: string | null;
  old_start: number;
  old_lines: number;
  new_start: number;
  new_lines: number;
  added: number;
  deleted: number;
}

/** Patches of the messages of one thread, by message key. */
export function loadThreadPatches(db: Db, threadId: string): Map<string, Patch> {
  const patches = db
    .prepare<[string], PatchRow>(
      `SELECT p.id, m.key, p.origin, p.added, p.deleted, p.diffstat_files, p.diffstat_added, p.diffstat_deleted
       FROM patches p JOIN messages m ON m.id = p.message WHERE m.thread_id = ?`,
    )
    .all(threadId);
  if (patches.length === 0) return new Map();
  const files = db
    .prepare<[string], FileRow>(
      `SELECT f.id, f.patch, f.path, f.old_path, f.status, f.binary, f.added, f.deleted
       FROM patch_files f JOIN patches p ON p.id = f.patch JOIN messages m ON m.id = p.message
       WHERE m.thread_id = ? ORDER BY f.patch, f.ord`,
    )
    .all(threadId);
  const hunks = db
    .prepare<[string], HunkRow>(
      `SELECT h.file, h.header, h.section, h.old_start, h.old_lines, h.new_start, h.new_lines, h.added, h.deleted
       FROM hunks h JOIN patch_files f ON f.id = h.file JOIN patches p ON p.id = f.patch JOIN messages m ON m.id = p.message
       WHERE m.thread_id = ? ORDER BY h.file, h.ord`,
    )
    .all(threadId);
  const hunksByFile = groupBy(hunks, (h) => h.file);
  const filesByPatch = groupBy(files, (f) => f.patch);
  const out = new Map<string, Patch>();
  for (const p of patches) {
    const pf: PatchFile[] = (filesByPatch.get(p.id) ?? []).map((f) => {
      const file: PatchFile = {
        path: f.path,
        oldPath: f.old_path,
        added: f.added,
        deleted: f.deleted,
        hunks: (hunksByFile.get(f.id) ?? []).map(toHunk),
      };
      const status = fileStatus(f.status);
      return { ...file, ...(status === null ? {} : { status }), ...(f.binary === 1 ? { binary: true } : {}) };
    });
    out.set(p.key, {
      files: pf,
      added: p.added,
      deleted: p.deleted,
      diffstat:
        p.diffstat_files === null
          ? null
          : { files: p.diffstat_files, added: p.diffstat_added ?? 0, deleted: p.diffstat_deleted ?? 0 },
      origin: p.origin === 'attachment' ? 'attachment' : 'inline',
    });
  }
  return out;
}

function fileStatus(s: string | null): NonNullable<PatchFile['status']> | null {
  return s === 'added' || s === 'deleted' || s === 'renamed' || s === 'copied' || s === 'modified' ? s : null;
}

function toHunk(h: HunkRow): Hunk {
  return {
    header: h.header,
    section: h.section,
    oldStart: h.old_start,
    oldLines: h.old_lines,
    newStart: h.new_start,
    newLines: h.new_lines,
    added: h.added,
    deleted: h.deleted,
  };
}

function groupBy<T, K>(items: readonly T[], keyOf: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}
