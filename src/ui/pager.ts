/**
 * The message pager's text: a body becomes display lines that fit the pane.
 * Pure, so the scroll keys can count lines without drawing them.
 *
 *   On Tue, Jason wrote:          attribution (dimmed)
 *   > > older quote               ┐ one quoted block: folded to a marker
 *   > earlier                     │ plus its last QUOTE_CONTEXT lines
 *   > the line answered           ┘
 *   my answer                     text
 *   diff --git a/x.c b/x.c        file ┐
 *   @@ -1,3 +1,4 @@ fn            hunk │ diff: until a line that no diff
 *   +added / -removed / context   add, del, diff ┘ could hold (or "-- ")
 */
import { bodyBlocks } from './format.js';

export type LineKind = 'text' | 'quote' | 'fold' | 'attribution' | 'file' | 'hunk' | 'add' | 'del' | 'diff' | 'header';

export interface PagerLine {
  readonly kind: LineKind;
  readonly text: string;
}

/** Quoted lines kept under a folded block, so the reader sees what the answer replies to (as b4 review does). */
export const QUOTE_CONTEXT = 2;
const TAB_STOP = 8;

/** Tabs to spaces at 8-column stops: a tab's width depends on its column, which the terminal would otherwise decide past the box's edge. */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(TAB_STOP - (out.length % TAB_STOP));
    else out += ch;
  }
  return out;
}

/** Break a line into pieces of at most `width` characters, at a space when one is near the end. */
export function wrapLine(line: string, width: number): string[] {
  const w = Math.max(1, width);
  const chars = [...line];
  if (chars.length <= w) return [line];
  const out: string[] = [];
  let start = 0;
  while (chars.length - start > w) {
    let cut = start + w;
    const space = chars.lastIndexOf(' ', cut);
    if (space > start + w / 2) cut = space + 1;
    out.push(chars.slice(start, cut).join('').trimEnd());
    start = cut;
  }
  out.push(chars.slice(start).join(''));
  return out;
}

const attribution = /(wrote|writes|said):\s*$/;
const diffStart = /^(diff --git |--- (a\/|\/dev\/null)|Index: )/;
const fileLine =
  /^(diff |index |--- |\+\+\+ |new file mode|deleted file mode|similarity index|rename (from|to) |old mode|new mode|Binary files )/;

/** The body's logical lines with their kinds; quoted blocks folded when `fold`. */
export function bodyLines(body: string, fold: boolean): PagerLine[] {
  const out: PagerLine[] = [];
  const blocks = bodyBlocks(body);
  blocks.forEach((block, b) => {
    if (block.quoted) {
      const hidden = block.lines.length - QUOTE_CONTEXT;
      if (fold && hidden > 1) {
        out.push({ kind: 'fold', text: `▸ ${hidden} quoted lines (z to unfold)` });
        for (const text of block.lines.slice(hidden)) out.push({ kind: 'quote', text });
      } else for (const text of block.lines) out.push({ kind: 'quote', text });
      return;
    }
    const nextQuoted = blocks[b + 1]?.quoted === true;
    let inDiff = false;
    block.lines.forEach((text, i) => {
      if (!inDiff && diffStart.test(text)) inDiff = true;
      if (inDiff && text === '-- ') inDiff = false;
      if (inDiff) {
        if (fileLine.test(text)) out.push({ kind: 'file', text });
        else if (text.startsWith('@@')) out.push({ kind: 'hunk', text });
        else if (text.startsWith('+')) out.push({ kind: 'add', text });
        else if (text.startsWith('-')) out.push({ kind: 'del', text });
        else if (text.startsWith(' ') || text === '' || text.startsWith('\\')) out.push({ kind: 'diff', text });
        else {
          inDiff = false;
          out.push({ kind: 'text', text });
        }
        return;
      }
      const last = i === block.lines.length - 1 || (i === block.lines.length - 2 && block.lines[i + 1] === '');
      out.push({ kind: nextQuoted && last && attribution.test(text) ? 'attribution' : 'text', text });
    });
  });
  return out;
}

/** Display lines: tabs expanded, every line wrapped to `width` (nothing is cut). */
export function pagerLines(lines: readonly PagerLine[], width: number): PagerLine[] {
  const out: PagerLine[] = [];
  for (const l of lines) {
    const text = expandTabs(l.text);
    // A wrapped quote keeps its '>' marks on every row, so it still reads as quoted without colour.
    const marks = l.kind === 'quote' ? (/^(>\s?)+/.exec(text)?.[0] ?? '') : '';
    if (marks === '' || marks.length > width / 2) {
      for (const row of wrapLine(text, width)) out.push({ kind: l.kind, text: row });
      continue;
    }
    const [first = '', ...rest] = wrapLine(text.slice(marks.length), width - marks.length);
    out.push({ kind: l.kind, text: marks + first });
    for (const row of rest) out.push({ kind: l.kind, text: marks + row });
  }
  return out;
}

/** The first line the pager may start at and still fill its height. */
export function maxScroll(lineCount: number, height: number): number {
  return Math.max(0, lineCount - height);
}

/** Date with the sender's zone as the headers carried it: "2024-05-09 14:13:00 +00:00". */
export function headerDate(iso: string | null): string {
  if (iso === null) return 'unknown';
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d(?::\d\d)?)(?:\.\d+)?(Z|[+-]\d\d:?\d\d)?$/.exec(iso);
  if (m === null) return iso;
  const zone = m[3] === undefined || m[3] === 'Z' ? '+0000' : m[3].replace(':', '');
  return `${m[1]} ${m[2]} ${zone}`;
}

/**
 * The first display line where `needle` is: a sentence (its first words, found
 * even when the pager wrapped it across rows) or any of several words. Case and
 * spacing do not matter. Null when it is not in these lines.
 */
export function findLine(lines: readonly PagerLine[], needle: string | readonly string[]): number | null {
  if (typeof needle !== 'string') {
    const words = needle.map((w) => w.toLowerCase()).filter((w) => w !== '');
    const i = lines.findIndex((l) => words.some((w) => l.text.toLowerCase().includes(w)));
    return words.length === 0 || i < 0 ? null : i;
  }
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const target = norm(needle).split(' ').slice(0, 8).join(' ');
  if (target === '') return null;
  // The lines joined as one text, remembering where each starts.
  const starts: number[] = [];
  let text = '';
  for (const l of lines) {
    starts.push(text.length);
    text += norm(l.text) + ' ';
  }
  const at = text.indexOf(target);
  if (at < 0) return null;
  let line = 0;
  while (line + 1 < starts.length && (starts[line + 1] ?? Infinity) <= at) line++;
  return line;
}
