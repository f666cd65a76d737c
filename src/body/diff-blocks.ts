/**
 * Plugin: cut diff blocks (quoted or not) out of the prose and remember which
 * file and hunk each quoted one shows, so the reply under it can be anchored.
 * Diff lines left in the prose would become lists and code under remark.
 *
 *   > @@ -198,6 +198,11 @@ struct iopt_pages {   <- hunk header: diff starts
 *   >  	u8 account_mode;                      <- context / + / - lines continue it
 *   > +	bool cache_flush_required:1;
 *   Move this up a line ...                     <- prose at a lower depth: anchored to that hunk
 */
import parseDiff from 'parse-diff';
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { mapProse } from './regroup.js';
import type { BlockRole, MailBlock, MailRoot, QuotedHunk } from './types.js';

const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const FILE_HEADER = /^(?:diff --git |diff -\S+ |index [0-9a-f]{6,}\.\.[0-9a-f]{6,}|\+\+\+ \S|--- (?:a\/|\/dev\/null|\S+\.\S+))/;
const DIFFSTAT = /^\s*\S+\s+\|\s+(?:\d+ ?[+-]*|Bin .*)$|^\s*\d+ files? changed(?:, \d+ insertions?\(\+\))?(?:, \d+ deletions?\(-\))?\s*$/;
/** A line of code a reviewer kept from a hunk whose header they trimmed away. */
const CODE = /^[+\- ]?\t|^[+\- ]\s*(?:\/?\*|#\s*(?:include|define|if|endif)|[}{]\s*$)|^[+\- ]\s+\S.*[;{},]\s*$|^[+-]\S.*[;{})]\s*$/;
/**
 * In a quote, an added line the reviewer kept without its header: "+" then
 * indentation or a word ("+struct foo *", "+         help text"). "+1" and
 * "+ " bullets are prose.
 */
const QUOTED_ADDED = /^\+(?:\t|\s{2,}\S|[A-Za-z_#/*{}]|$)/;

function isSignatureSeparator(text: string): boolean {
  return text === '--' || text === '-- ';
}

function diffRoles(block: MailBlock): BlockRole[] {
  const roles: BlockRole[] = block.lines.map(() => 'prose');
  let inDiff = false;
  const lines = block.lines;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.text ?? '';
    if (HUNK.test(text) || FILE_HEADER.test(text) || DIFFSTAT.test(text) || (block.depth === 0 && text === '---' && DIFFSTAT.test(lines[i + 1]?.text ?? ''))) {
      inDiff = true;
    } else if (inDiff && !isSignatureSeparator(text) && /^[ +\-\\]/.test(text)) {
      // context, added, removed, "\ No newline at end of file"
    } else if (inDiff && text === '') {
      // A blank line inside a hunk only continues it when diff follows.
      const next = lines.slice(i + 1).find((l) => l.text !== '');
      if (next === undefined || !(/^[ +\-\\@]/.test(next.text) && !isSignatureSeparator(next.text))) inDiff = false;
    } else if ((CODE.test(text) || (block.depth > 0 && QUOTED_ADDED.test(text))) && !isSignatureSeparator(text)) {
      inDiff = true;
    } else {
      inDiff = false;
    }
    if (inDiff) roles[i] = 'diff';
  }
  return roles;
}

interface PatchHunkRef {
  readonly file: string;
  readonly header: string;
  readonly section: string | null;
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

function lookupFile(header: string, hunks: readonly PatchHunkRef[]): string | null {
  const h = squash(header);
  const exact = hunks.find((p) => squash(p.header) === h);
  if (exact !== undefined) return exact.file;
  const ranges = /^@@ (\S+) (\S+) @@/.exec(h);
  const byRange = hunks.filter((p) => squash(p.header).startsWith(`@@ ${ranges?.[1] ?? '?'} ${ranges?.[2] ?? '?'} @@`));
  if (byRange.length === 1) return byRange[0]?.file ?? null;
  const section = squash(h.replace(/^@@[^@]*@@/, ''));
  if (section === '') return null;
  const bySection = hunks.filter((p) => p.section !== null && squash(p.section) === section);
  return bySection.length === 1 ? (bySection[0]?.file ?? null) : null;
}

/** The file of the thread's patches that carries most of a quoted block's code lines (a quote that kept no header). */
function fileByLines(texts: readonly string[], patchLines: ReadonlyMap<string, string> | undefined): string | null {
  if (patchLines === undefined || patchLines.size === 0) return null;
  const votes = new Map<string, number>();
  for (const t of texts) {
    const key = diffLineKey(t);
    if (key === null) continue;
    const file = patchLines.get(key);
    if (file !== undefined) votes.set(file, (votes.get(file) ?? 0) + 1);
  }
  let best: string | null = null;
  let n = 0;
  // The last line decides a tie: the reply answers what the quote ends on.
  for (const t of texts) {
    const key = diffLineKey(t);
    const file = key === null ? undefined : patchLines.get(key);
    if (file !== undefined && (votes.get(file) ?? 0) >= n) {
      best = file;
      n = votes.get(file) ?? 0;
    }
  }
  return best;
}

/** A diff line as patches and quotes of them both show it: its sign and its squashed code, when long enough to tell files apart. */
export function diffLineKey(line: string): string | null {
  const m = /^([+-])(.*)$/.exec(line);
  if (m === null) return null;
  const code = squash(m[2] ?? '');
  return code.length < 8 ? null : `${m[1]}${code}`;
}

/** The hunk a diff block shows last (the one a reply right under it answers). */
function hunkOf(block: MailBlock, previous: QuotedHunk | null, hunks: readonly PatchHunkRef[], patchLines?: ReadonlyMap<string, string>): QuotedHunk {
  const texts = block.lines.map((l) => l.text);
  let file: string | null = null;
  if (texts.some((t) => t.startsWith('+++ ') || t.startsWith('diff --git '))) {
    // parse-diff keeps the "@@ ... @@ section" header and the file names.
    const files = parseDiff(texts.join('\n'));
    const last = files[files.length - 1];
    const to = last?.to !== undefined && last.to !== '/dev/null' ? last.to : last?.from;
    if (to !== undefined) file = to;
  }
  const headers = texts.filter((t) => HUNK.test(t));
  const header = headers[headers.length - 1] ?? null;
  if (header === null) {
    if (file !== null) return { file, header: null };
    // A fragment re-quoted without its header: the patch line it copies names the file, else it continues the hunk above.
    const byLines = fileByLines(texts, patchLines);
    if (byLines !== null && byLines !== previous?.file) return { file: byLines, header: null };
    return previous ?? { file: byLines, header: null };
  }
  if (file === null) file = lookupFile(header, hunks) ?? fileByLines(texts, patchLines) ?? previous?.file ?? null;
  return { file, header: squash(header) };
}

const mailDiffBlocks: Plugin<[], MailRoot> = function () {
  return (tree: MailRoot, vfile: VFile): void => {
    mapProse(tree, (block) => diffRoles(block));
    const hunks = vfile.data.mailContext?.patchHunks ?? [];
    const patchLines = vfile.data.mailContext?.patchLines;
    const lastAtDepth = new Map<number, QuotedHunk>();
    let above: MailBlock | null = null;
    for (const block of tree.children) {
      if (block.role === 'diff') {
        block.hunk = hunkOf(block, lastAtDepth.get(block.depth) ?? null, hunks, patchLines);
        lastAtDepth.set(block.depth, block.hunk);
      } else if (block.role === 'prose' && above !== null && above.role === 'diff' && above.depth > block.depth) {
        block.hunk = above.hunk;
      }
      if (block.lines.some((l) => l.text.trim() !== '')) above = block;
    }
  };
};
export default mailDiffBlocks;
