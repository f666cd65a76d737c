/**
 * Plugin: hand each prose block to remark-parse, with the constructs that
 * misfire on mail switched off, and turn its paragraphs and list items into
 * passages carrying depth, voice and the quoted hunk they answer.
 * Text is sliced from the source by position, so `__init__`, `\*` and
 * `&amp;` keep the characters the author typed.
 */
import remarkParse from 'remark-parse';
import { unified, type Plugin, type Processor } from 'unified';
import type { Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import type { MailBlock, MailRoot, Passage, Voice } from './types.js';

/**
 * Off: headings (`# ...`, text over `---`/`===`), indented code (tab-indented
 * prose), emphasis (`__init__`, `*p = x*`), escapes and entities, HTML, links
 * (`[ask Will ...]`), thematic breaks, and block quotes (depth is already known).
 */
const DISABLED = [
  'headingAtx',
  'setextUnderline',
  'codeIndented',
  'attention',
  'characterEscape',
  'characterReference',
  'htmlFlow',
  'htmlText',
  'thematicBreak',
  'blockQuote',
  'definition',
  'labelStartImage',
  'labelStartLink',
  'labelEnd',
  'autolink',
  'hardBreakEscape',
];

let markdown: Processor<Root> | null = null;

function parser(): Processor<Root> {
  markdown ??= unified()
    .use(remarkParse)
    .data('micromarkExtensions', [{ disable: { null: DISABLED } }])
    .freeze() as unknown as Processor<Root>;
  return markdown;
}

const NOBODY: Voice = { name: null, email: null, date: null, attributed: false };

function collect(
  nodes: readonly RootContent[],
  listItem: boolean,
  emit: (start: number, end: number, line: number, listItem: boolean) => void,
): void {
  for (const node of nodes) {
    if (node.type === 'paragraph') {
      const p = node.position;
      if (p?.start.offset !== undefined && p.end.offset !== undefined)
        emit(p.start.offset, p.end.offset, p.start.line, listItem);
    } else if (node.type === 'list') {
      for (const item of node.children) collect(item.children, true, emit);
    }
    // code (fenced) and anything else is not discussion
  }
}

/**
 * One remark parse per body, not per block: remark-parse rebuilds its
 * tokenizer configuration on every call, which costs more than parsing a
 * short reply. Blocks are joined with a lone "." paragraph between them, so
 * no list or paragraph can run from one block into the next.
 */
const SEPARATOR = '\n\n.\n\n';

/** Code fences: the one block construct left on in remark that the fast path does not read. */
const NEEDS_REMARK = /^\s{0,3}(?:```|~~~)/;
/**
 * A list item's marker line; "1." may start a list anywhere, other numbers only after a blank line or another item (CommonMark).
 * Any indent: with indented code off, micromark takes a bullet at any indent, so a nested item is a passage of its own here as there.
 */
const BULLET = /^(\s*)(?:[-*+]|(\d{1,9})[.)])(?:\s+|$)/;

/**
 * Fast path for bodies without fenced code: paragraphs split at blank
 * lines and list items at their markers, as remark reads them, but without
 * building a tokenizer per body (remark cost ~3x the rest of extraction).
 * Every inline construct that could change the text is off in remark too,
 * so slicing the source lines gives the same passages.
 *
 *   text line        ┐ paragraph
 *   text line        ┘
 *   - item one       ─ list item (marker cut)
 *     continued      ─ ... same item
 *   2. item two      ─ list item
 */
function plainPassages(block: MailBlock): Passage[] {
  const out: Passage[] = [];
  let start = -1;
  let first = '';
  let listItem = false;
  let inList = false;
  const flush = (end: number): void => {
    if (start < 0) return;
    const rest = block.lines.slice(start + 1, end).map((l) => l.text);
    const text = [first, ...rest].join('\n').trim();
    if (text !== '')
      out.push({
        depth: block.depth,
        voice: block.voice ?? NOBODY,
        text,
        line: block.lines[start]?.line ?? 0,
        listItem,
        hunk: block.hunk,
      });
    start = -1;
  };
  block.lines.forEach((l, i) => {
    if (l.text.trim() === '') {
      flush(i);
      return;
    }
    const marker = BULLET.exec(l.text);
    if (marker !== null && l.text.trim() === marker[0].trim() && start < 0) {
      // A bare "+" or "-" line is an empty list item: no words.
      inList = true;
      return;
    }
    // An ordered item other than "1." cannot interrupt a paragraph; a "-" under text would be a setext underline (off).
    const opens =
      marker !== null &&
      l.text.trim().length > marker[0].trim().length &&
      (start < 0 || listItem || marker[2] === undefined || marker[2] === '1');
    if (opens) {
      flush(i);
      start = i;
      first = l.text.slice(marker[0].length);
      listItem = true;
      inList = true;
    } else if (start < 0) {
      start = i;
      first = l.text;
      // An indented paragraph after a blank line inside a list continues the item.
      listItem = inList && /^\s{2,}/.test(l.text);
      if (!listItem) inList = false;
    }
  });
  flush(block.lines.length);
  return out;
}

export function passagesOf(blocks: readonly MailBlock[]): Passage[] {
  const plain: MailBlock[] = [];
  const fenced: MailBlock[] = [];
  for (const b of blocks) (b.lines.some((l) => NEEDS_REMARK.test(l.text)) ? fenced : plain).push(b);
  if (fenced.length === 0) return plain.flatMap(plainPassages);
  // Body order: every passage knows its first body line.
  return [...plain.flatMap(plainPassages), ...parsePassages(fenced)].sort((a, b) => a.line - b.line);
}

/** Remark's reading, for the differential test and for blocks with fenced code. */
export function remarkPassages(blocks: readonly MailBlock[]): Passage[] {
  return parsePassages(blocks);
}

function parsePassages(blocks: readonly MailBlock[]): Passage[] {
  const starts: number[] = [];
  const ends: number[] = [];
  let doc = '';
  for (const block of blocks) {
    if (doc !== '') doc += SEPARATOR;
    starts.push(doc.length);
    doc += block.lines.map((l) => l.text).join('\n');
    ends.push(doc.length);
  }
  if (doc.trim() === '') return [];
  const tree = parser().parse(doc);
  const out: Passage[] = [];
  let b = 0;
  collect(tree.children, false, (start, end, _line, listItem) => {
    while (b + 1 < starts.length && (starts[b + 1] ?? Infinity) <= start) b++;
    const block = blocks[b];
    const from = starts[b] ?? 0;
    // Paragraphs outside every block are the separators.
    if (block === undefined || start < from || start >= (ends[b] ?? 0)) return;
    const local = doc.slice(from, start);
    const text = doc.slice(start, Math.min(end, ends[b] ?? end)).trim();
    if (text === '') return;
    let lineIndex = 0;
    for (let k = local.indexOf('\n'); k >= 0; k = local.indexOf('\n', k + 1)) lineIndex++;
    out.push({
      depth: block.depth,
      voice: block.voice ?? NOBODY,
      text,
      line: block.lines[lineIndex]?.line ?? 0,
      listItem,
      hunk: block.hunk,
    });
  });
  return out;
}

const mailProse: Plugin<[], MailRoot> = function () {
  return (tree: MailRoot, file: VFile): void => {
    file.data.passages = passagesOf(
      tree.children.filter((b) => b.role === 'prose' && b.lines.some((l) => l.text.trim() !== '')),
    );
  };
};
export default mailProse;
