/**
 * The diffstat git format-patch writes after the `---` line:
 *
 *    drivers/iommu/iommufd/pages.c           | 44 +++++++++++++++++++++++--
 *    .../iommu/intel/very/long/path.c        |  2 +-
 *    drivers/{old => new}/x.c                |  0
 *    firmware/blob.bin                       | Bin 0 -> 1234 bytes
 *    4 files changed, 65 insertions(+), 4 deletions(-)
 *
 * and the check of a parsed diff against it.
 */
import type { PatchFile } from './types.js';

export interface DiffstatEntry {
  /** As printed: may start with ".../" (truncated) or hold a "{old => new}" rename. */
  readonly name: string;
  /** Changed lines (insertions + deletions); null for binary files. */
  readonly changed: number | null;
}

export interface Diffstat {
  readonly files: number;
  readonly added: number;
  readonly deleted: number;
  readonly entries: readonly DiffstatEntry[];
}

const SUMMARY = /^\s*(\d+) files? changed(?:, (\d+) insertions?\(\+\))?(?:, (\d+) deletions?\(-\))?\s*$/;
const ENTRY = /^\s*(\S.*?)\s+\|\s+(?:(\d+)(?: [+-]*)?|Bin\b.*)\s*$/;

/**
 * The last summary line before `end` (the first diff line), with the file lines above it.
 * The last one wins because a pull-request cover or a changelog may quote an older one first.
 */
export function findDiffstat(lines: readonly string[], end: number): Diffstat | null {
  for (let i = Math.min(end, lines.length) - 1; i >= 0; i--) {
    const m = SUMMARY.exec(lines[i] ?? '');
    if (!m) continue;
    const entries: DiffstatEntry[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const e = ENTRY.exec(lines[j] ?? '');
      if (!e) break;
      entries.unshift({ name: e[1] ?? '', changed: e[2] === undefined ? null : Number(e[2]) });
    }
    return { files: Number(m[1]), added: Number(m[2] ?? 0), deleted: Number(m[3] ?? 0), entries };
  }
  return null;
}

/** Sentences describing every disagreement between the diffstat and the parsed files. */
export function checkDiffstat(stat: Diffstat, files: readonly PatchFile[]): string[] {
  const problems: string[] = [];
  const added = files.reduce((n, f) => n + f.added, 0);
  const deleted = files.reduce((n, f) => n + f.deleted, 0);
  if (stat.files !== files.length || stat.added !== added || stat.deleted !== deleted) {
    problems.push(
      `diffstat says ${stat.files} file(s), +${stat.added}/-${stat.deleted}; the diff has ${files.length} file(s), +${added}/-${deleted}`,
    );
  }
  const unmatched = new Set(files);
  for (const entry of stat.entries) {
    const file = files.find((f) => unmatched.has(f) && entryMatches(entry.name, f));
    if (!file) {
      problems.push(`diffstat names ${entry.name}, which the diff does not change`);
      continue;
    }
    unmatched.delete(file);
    if (entry.changed !== null && !file.binary && entry.changed !== file.added + file.deleted) {
      problems.push(
        `diffstat gives ${file.path} ${entry.changed} changed line(s); the diff has ${file.added + file.deleted}`,
      );
    }
  }
  return problems;
}

/**
 * Expands "dir/{a => b}/f" and "a => b" to the new name. git shortens long names from the
 * left ("...d-files.patch => x.patch}" lost its "{"), so a name starting "..." matches by suffix.
 */
function entryMatches(name: string, file: PatchFile): boolean {
  const truncated = name.startsWith('...');
  let n = truncated ? name.slice(3) : name;
  const brace = /^(.*)\{(.*) => (.*)\}(.*)$/.exec(n);
  const cut = /^.* => (.*)\}(.*)$/.exec(n);
  if (brace) n = `${brace[1] ?? ''}${brace[3] ?? ''}${brace[4] ?? ''}`.replace(/\/\//g, '/');
  else if (cut) n = `${cut[1] ?? ''}${cut[2] ?? ''}`;
  else if (n.includes(' => ')) n = n.slice(n.indexOf(' => ') + 4);
  else if (truncated) n = n.replace('}', ''); // even the " => " was cut off
  if (truncated) return file.path.endsWith(n) || (file.oldPath?.endsWith(n) ?? false);
  return file.path === n || file.oldPath === n;
}
