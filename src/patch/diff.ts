/**
 * Finds unified diffs in the lines of a mail body and reads them into files and hunks.
 *
 * Hand-written rather than parse-diff because mail needs things a diff library does not do:
 * only UNQUOTED lines may start a diff (a `> +foo` line is review context), a hunk ends
 * exactly when its `@@ -a,b +c,d @@` line budget is spent (so the `-- ` signature after the
 * last hunk is never read as a deleted line), renames/copies/modes/binary files are kept,
 * and a hunk that stops early (a mailer wrapped or trimmed it) is reported, not guessed.
 *
 * The scanner is a line-at-a-time state machine:
 *
 *   text ──"diff --git" / "diff -u" / "--- x"+"+++ y"+"@@"──▶ header ──"@@ ... @@"──▶ hunk
 *     ▲                                                        │  ▲                  │
 *     └──────────── any line that is not a diff header ────────┘  └─ budget spent ───┘
 */
import { gitDiffNames, headerName, unquote } from './diff-names.js';
import type { Hunk, PatchFile } from './types.js';

export interface DiffScan {
  readonly files: PatchFile[];
  /** Index of the first line that belongs to a diff, or -1 when there is none. */
  readonly firstLine: number;
  /** 1 for each line that belongs to a diff, so other readers (trailers) can skip it. */
  readonly diffLines: Uint8Array;
  /** Problems found, as plain sentences; the caller adds the place. */
  readonly problems: string[];
}

type Status = NonNullable<PatchFile['status']>;

/** A file being read; becomes a PatchFile once its last hunk is done. */
interface FileDraft {
  gitHeader: boolean;
  oldName: string | null;
  newName: string | null;
  status: Status;
  binary: boolean;
  /** Saw an extended header (mode, rename, index ...): a hunk-less file is still a change. */
  extended: boolean;
  sawMinusPlus: boolean;
  hunks: Hunk[];
}

interface HunkDraft {
  header: string;
  section: string | null;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  oldLeft: number;
  newLeft: number;
  added: number;
  deleted: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;
const GIT_DIFF = /^diff --git /;
/** `diff -u a b`, `diff -urN a b`, CVS's `diff -u -r1.1 -r1.2 file`: options then names. */
const PLAIN_DIFF = /^diff (?:-{1,2}[\w=.-]+ )+\S/;
/** Base85 lines of a "GIT binary patch" body (first char encodes the line length). */
const BASE85 = /^[A-Za-z][0-9A-Za-z!#$%&()*+;<=>?@^_`{|}~-]+$/;

export function scanDiffs(lines: readonly string[]): DiffScan {
  const files: PatchFile[] = [];
  const diffLines = new Uint8Array(lines.length + 1); // a bitmap: a Set per diff line is slow
  const problems: string[] = [];
  let firstLine = -1;
  let file = null as FileDraft | null; // "as": assigned inside closures, so no narrowing to null
  let hunk = null as HunkDraft | null;
  let inBinaryPatch = false;

  const mark = (i: number): void => {
    diffLines[i] = 1;
    if (firstLine === -1) firstLine = i;
  };
  const closeHunk = (): void => {
    if (!hunk || !file) return;
    if (hunk.oldLeft > 0 || hunk.newLeft > 0) {
      problems.push(
        `hunk "${hunk.header}" in ${pathOf(file)} ends short of its header's counts (${hunk.oldLeft} old and ${hunk.newLeft} new line(s) missing)`,
      );
    }
    const { oldLeft: _o, newLeft: _n, ...done } = hunk;
    file.hunks.push(done);
    hunk = null;
  };
  const closeFile = (): void => {
    closeHunk();
    inBinaryPatch = false;
    if (file && (file.hunks.length > 0 || file.binary || file.extended)) files.push(finish(file));
    file = null;
  };
  const openFile = (gitHeader: boolean): FileDraft => {
    closeFile();
    file = {
      gitHeader,
      oldName: null,
      newName: null,
      status: 'modified',
      binary: false,
      extended: false,
      sawMinusPlus: false,
      hunks: [],
    };
    return file;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';

    if (hunk) {
      // Inside a hunk: the header's counts say exactly how many lines belong to it.
      const c = line.charAt(0);
      if (c === '\\') {
        mark(i);
        continue;
      } // "\ No newline at end of file"
      if (c === '+' && hunk.newLeft > 0) {
        hunk.added++;
        hunk.newLeft--;
      } else if (c === '-' && hunk.oldLeft > 0) {
        hunk.deleted++;
        hunk.oldLeft--;
      }
      // Mailers strip the trailing space of an empty context line, so "" counts as context.
      else if ((c === ' ' || line === '') && hunk.oldLeft > 0 && hunk.newLeft > 0) {
        hunk.oldLeft--;
        hunk.newLeft--;
      } else {
        closeHunk();
        i--;
        continue;
      } // damaged hunk: re-read this line as a header
      mark(i);
      if (hunk.oldLeft === 0 && hunk.newLeft === 0) closeHunk();
      continue;
    }

    if (inBinaryPatch) {
      if (/^(literal|delta) \d+$/.test(line) || BASE85.test(line) || line === '') {
        mark(i);
        continue;
      }
      inBinaryPatch = false;
    }

    const f: FileDraft | null = file;
    // Outside a diff only "diff ..." and "--- ..." can start one: skip prose without a regex.
    if (!f && line.charAt(0) !== 'd' && line.charAt(0) !== '-') continue;
    if (GIT_DIFF.test(line)) {
      const d = openFile(true);
      const names = gitDiffNames(line.slice('diff --git '.length));
      d.oldName = names?.[0] ?? null;
      d.newName = names?.[1] ?? null;
      mark(i);
    } else if (PLAIN_DIFF.test(line) && startsUnified(lines, i + 1)) {
      openFile(false);
      mark(i);
    } else if (
      line.startsWith('--- ') &&
      (lines[i + 1] ?? '').startsWith('+++ ') &&
      (f?.hunks.length === 0 && !f.sawMinusPlus ? true : HUNK.test(lines[i + 2] ?? ''))
    ) {
      // "--- a/x" + "+++ b/x": names for the open file, or a bare unified diff without a "diff" line.
      const d = f && f.hunks.length === 0 && !f.sawMinusPlus ? f : openFile(false);
      d.sawMinusPlus = true;
      const oldName = headerName(line.slice(4));
      const newName = headerName((lines[i + 1] ?? '').slice(4));
      if (oldName === null) d.status = 'added';
      if (newName === null) d.status = 'deleted';
      if (oldName !== null) d.oldName = oldName;
      if (newName !== null) d.newName = newName;
      if (!d.gitHeader) stripFirstComponent(d);
      mark(i);
      mark(i + 1);
      i++;
    } else if (f && HUNK.test(line)) {
      const m = HUNK.exec(line);
      if (m) {
        const oldLines = m[2] === undefined ? 1 : Number(m[2]);
        const newLines = m[4] === undefined ? 1 : Number(m[4]);
        const section = (m[5] ?? '').trim();
        hunk = {
          // Normalised to one space before the section: Patchwork pages show two.
          header: `@@ -${m[1]}${m[2] === undefined ? '' : `,${m[2]}`} +${m[3]}${m[4] === undefined ? '' : `,${m[4]}`} @@${section ? ` ${section}` : ''}`,
          section: section || null,
          oldStart: Number(m[1]),
          oldLines,
          newStart: Number(m[3]),
          newLines,
          oldLeft: oldLines,
          newLeft: newLines,
          added: 0,
          deleted: 0,
        };
        mark(i);
        if (oldLines === 0 && newLines === 0) closeHunk();
      }
    } else if (f && f.hunks.length === 0 && !f.sawMinusPlus && extendedHeader(f, line)) {
      mark(i);
      if (line === 'GIT binary patch') inBinaryPatch = true;
    } else if (f && /^Binary files .* differ$/.test(line)) {
      f.binary = true;
      mark(i);
    } else if (f && line.startsWith('\\')) {
      mark(i); // "\ No newline" after a hunk's last line
    } else if (f) {
      closeFile(); // prose, the `-- ` signature, a quote: the diff is over
    }
  }
  closeFile();
  return { files, firstLine, diffLines, problems };
}

/** Reads git's extended header lines into the draft; false when the line is not one. */
function extendedHeader(f: FileDraft, line: string): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^(rename|copy) (from|to) (.+)$/.exec(line))) {
    f.status = m[1] === 'rename' ? 'renamed' : 'copied';
    if (m[2] === 'from') f.oldName = unquote(m[3] ?? '');
    else f.newName = unquote(m[3] ?? '');
  } else if (/^new file mode \d+$/.test(line)) {
    f.status = 'added';
  } else if (/^deleted file mode \d+$/.test(line)) {
    f.status = 'deleted';
  } else if (line === 'GIT binary patch') {
    f.binary = true;
  } else if (
    !/^(old mode|new mode) \d+$|^(dis)?similarity index \d+%$|^index [0-9a-f]+\.\.[0-9a-f]+( \d+)?$/.test(line)
  ) {
    return false;
  }
  f.extended = true;
  return true;
}

/** A "diff -u" line only starts a diff when a "---"/"+++" pair follows within a few lines. */
function startsUnified(lines: readonly string[], from: number): boolean {
  for (let j = from; j < Math.min(lines.length, from + 4); j++) {
    if ((lines[j] ?? '').startsWith('--- ') && (lines[j + 1] ?? '').startsWith('+++ ')) return true;
  }
  return false;
}

/**
 * Non-git diffs ("--- linux.orig/mm/x.c", "+++ linux/mm/x.c") name a tree directory first;
 * drop it the way `patch -p1` would, but only when both sides have one to drop.
 */
function stripFirstComponent(f: FileDraft): void {
  const o = f.oldName;
  const n = f.newName;
  const cut = (s: string): string => s.slice(s.indexOf('/') + 1);
  if (o !== null && n !== null && o.includes('/') && n.includes('/') && o.split('/')[0] !== n.split('/')[0]) {
    f.oldName = cut(o);
    f.newName = cut(n);
  }
}

function pathOf(f: FileDraft): string {
  return (f.status === 'deleted' ? f.oldName : f.newName) ?? f.oldName ?? '(unnamed)';
}

function finish(f: FileDraft): PatchFile {
  const path = pathOf(f);
  const oldPath = f.oldName !== null && f.oldName !== path ? f.oldName : null;
  let added = 0;
  let deleted = 0;
  for (const h of f.hunks) {
    added += h.added;
    deleted += h.deleted;
  }
  return {
    path,
    oldPath,
    added,
    deleted,
    hunks: f.hunks,
    ...(f.status !== 'modified' ? { status: f.status } : {}),
    ...(f.binary ? { binary: true } : {}),
  };
}
