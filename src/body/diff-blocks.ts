/**
 * Plugin: cut diff blocks (quoted or not) out of the prose and remember which
 * file and hunk each quoted one shows, so the reply under it can be anchored.
 * Diff lines left in the prose would become lists and code under remark.
 *
 *   > @@ -198,6 +198,11 @@ struct iopt_pages {   <- hunk header: diff starts
 *   >  	u8 account_mode;                      <- context / + / - lines continue it
 *   > +	bool cache_flush_required:1;
 *   Move this up a line ...                     <- prose at a lower depth: anchored to that hunk
 *
 * Without a header, a run of code-shaped lines is a diff only when it shows a
 * changed line; otherwise it is code pasted into the mail, or indented prose:
 *
 *   > 	mutex_lock(&iopt->mutex);              ┐ a hunk fragment whose header was trimmed:
 *   > -	down_write(&iopt->iova_rwsem);         ┘ diff (it has a removed line)
 *           if (refcount_read(&ioas->refs) > 1) {   ─ pasted code, no +/-: 'code', not a hunk
 *       * unbind is automatically done ...;         ─ an indented list: prose
 */
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { scanDiffs } from '../patch/diff.js';
import { mapProse } from './regroup.js';
import type { BlockRole, MailBlock, MailRoot, QuotedHunk } from './types.js';

const HUNK = /^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;
const FILE_HEADER =
  /^(?:diff --git |diff -\S+ |index [0-9a-f]{6,}\.\.[0-9a-f]{6,}|\+\+\+ \S|--- (?:a\/|\/dev\/null|\S+\.\S+))/;
const DIFFSTAT =
  /^\s*\S+\s+\|\s+(?:\d+ ?[+-]*|Bin .*)$|^\s*\d+ files? changed(?:, \d+ insertions?\(\+\))?(?:, \d+ deletions?\(-\))?\s*$/;
/** A line of code a reviewer kept from a hunk whose header they trimmed away. */
const CODE =
  /^\/\*\*?\s*$|^[+\- ]?\t|^[+\- ]\s*(?:\/?\*|#\s*(?:include|define|if|endif)|[}{]\s*$)|^[+\- ]\s+\S.*[;{},]\s*$|^[+-]\S.*[;{})]\s*$/;
/**
 * In a quote, an added line the reviewer kept without its header: "+" then
 * indentation or a word ("+struct foo *", "+         help text"). "+1" and
 * "+ " bullets are prose.
 */
const QUOTED_ADDED = /^\+(?:\t|\s{2,}\S|[A-Za-z_#/*{}]|$)/;

/**
 * A changed line as diffs write it: the sign, then a tab, deeper indentation or code
 * ("-\tdown_write(", "+    help text", "+struct foo *", "+ * @size: ..."). "- item" and "+1" are prose.
 */
const CHANGED = /^[+-](?:\t|\s{2,}\S|[A-Za-z_#/*{}()&]| \*(?:\s|\/|$))/;
/** A line only code looks like: a statement, a declaration, a brace, a preprocessor line, a compiler's caret. */
const CODE_SHAPED = [
  /^\s*(?:if|for|while|switch)\s*\(|^\s*(?:return|goto|break|continue)\b[^.!?]*;\s*$/,
  /^\s*(?:struct|static|int|void|unsigned|long|char|const|bool|enum|union|u8|u16|u32|u64|s32|s64|size_t)\b[\w\s*]*[\w)\]]\s*(?:[;,=({]|$)/,
  /\b[A-Za-z_]\w*\([^()]*\)?[^.!?]*[;{,)]\s*$/,
  /->|==|!=|&&|\|\||\+\+|\+=|<<|>>|^\s*\w[\w.[\]]*\s*=\s*\S.*;\s*$/,
  /^\s*[{}]\s*[;,]?\s*$|^\s*}\s*(?:else\b|while\b)|^\s*#\s*(?:include|define|if|ifdef|ifndef|else|elif|endif)\b|\/\*|\*\/|^\s*\/\//,
  // "__u32 format;", "struct device *dev;": a type and a name, nothing else
  /^\s*(?:const\s+)?(?:(?:struct|union|enum|unsigned)\s+)?[A-Za-z_]\w*\s+\**[A-Za-z_]\w*(?:\[[^\]]*\]|\s*:\s*\d+)?\s*[;=]/,
  // initialisers and blocks: "at_data = {", ".ioasid = gva_ioasid;", "} while (0)", "struct foo {"
  /=\s*\{\s*$|\)\s*\{\s*$|^\s*\.\w+\s*=|^\s*(?:struct|union|enum)\s+\w+\s*\{\s*$/,
  // a compiler's report: "  304 |  atu = ...;", "      |      ^~~"
  /^\s*\^~*\s*$|^\s*\d*\s+\|\s+\S/,
];
const BULLET = /^\s*(?:[-*+o]|\d{1,3}[.)])\s+\S/;

function isSignatureSeparator(text: string): boolean {
  return text === '--' || text === '-- ';
}

function codeShaped(text: string): boolean {
  return !BULLET.test(text) && CODE_SHAPED.some((re) => re.test(text));
}

/**
 * What a run of diff-looking lines that has no diff syntax is: code when most of its
 * lines look like code, else indented prose (a list, a wrapped paragraph).
 */
function unmarkedRun(lines: readonly { text: string }[]): BlockRole {
  const texts = lines.map((l) => l.text).filter((t) => t.trim() !== '');
  // Inside a "/** ... */" comment the " * " lines are the comment's, not list bullets; a bare " *"
  // line (a comment's blank line) says so even when the paste left the opener out.
  const comment = texts.some((t) => /^\s*\/\*|\*\/\s*$|^\s*\*\s*$/.test(t));
  const code = texts.filter((t) => codeShaped(t) || (comment && /^\s*\*(?:\s|$)/.test(t))).length;
  return code * 2 >= texts.length && code > 0 ? 'code' : 'prose';
}

/**
 * The quote depths whose last text was a diff with diff syntax: a reviewer cuts a quoted
 * hunk with comments at a lower depth, and the hunk goes on after them with context
 * lines only; a mail client that wraps a quoted line does the same.
 *
 *   > > +	help                                  <- diff at depth 2: open
 *   > What "core kernel subsystems".            <- depth 1: depth 2 stays open
 *   > >  config AX45MP_L2_CACHE                 <- context only, still that diff
 *   > Shouldn't all of these now depend on CACHE_COHERENCY_CLASS?
 */
type OpenDiffs = Set<number>;

function diffRoles(block: MailBlock, open: OpenDiffs): BlockRole[] {
  const roles: BlockRole[] = block.lines.map(() => 'prose');
  let inDiff = false;
  // The run of diff-looking lines being read, and whether it has shown diff syntax (a header or a changed line).
  let run: { start: number; real: boolean } | null = null;
  const lines = block.lines;
  const close = (end: number): void => {
    if (run !== null && !run.real) {
      const role = unmarkedRun(lines.slice(run.start, end));
      for (let k = run.start; k < end; k++) roles[k] = role;
    } else if (run !== null) {
      open.add(block.depth);
    }
    run = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]?.text ?? '';
    let header = false;
    if (
      HUNK.test(text) ||
      FILE_HEADER.test(text) ||
      DIFFSTAT.test(text) ||
      (block.depth === 0 && text === '---' && DIFFSTAT.test(lines[i + 1]?.text ?? ''))
    ) {
      inDiff = true;
      header = true;
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
    if (!inDiff) {
      close(i);
      // Words at this depth end the quoted diff; other depths' words only interrupt it.
      if (text.trim() !== '' && roles[i] === 'prose') open.delete(block.depth);
      continue;
    }
    roles[i] = 'diff';
    run ??= { start: i, real: open.has(block.depth) };
    if (header || CHANGED.test(text)) run.real = true;
  }
  close(lines.length);
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
function hunkOf(
  block: MailBlock,
  previous: QuotedHunk | null,
  hunks: readonly PatchHunkRef[],
  patchLines?: ReadonlyMap<string, string>,
): QuotedHunk {
  const texts = block.lines.map((l) => l.text);
  let file: string | null = null;
  if (texts.some((t) => t.startsWith('+++ ') || t.startsWith('diff --git '))) {
    // The patch scanner names the files (the new name; the old one of a deleted file).
    const files = scanDiffs(texts).files;
    const last = files[files.length - 1];
    if (last !== undefined) file = last.path;
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
    const open: OpenDiffs = new Set();
    const before = tree.children;
    mapProse(tree, (block, index) => {
      // An attribution line starts another mail's words: no diff of the last one goes on in them.
      if (before[index - 1]?.role === 'attribution') open.clear();
      return diffRoles(block, open);
    });
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
