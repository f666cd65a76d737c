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
  'headingAtx', 'setextUnderline', 'codeIndented', 'attention', 'characterEscape', 'characterReference',
  'htmlFlow', 'htmlText', 'thematicBreak', 'blockQuote', 'definition', 'labelStartImage', 'labelStartLink',
  'labelEnd', 'autolink', 'hardBreakEscape',
];

let markdown: Processor<Root> | null = null;

function parser(): Processor<Root> {
  markdown ??= unified().use(remarkParse).data('micromarkExtensions', [{ disable: { null: DISABLED } }]).freeze() as unknown as Processor<Root>;
  return markdown;
}

const NOBODY: Voice = { name: null, email: null, date: null, attributed: false };

function collect(nodes: readonly RootContent[], listItem: boolean, emit: (start: number, end: number, line: number, listItem: boolean) => void): void {
  for (const node of nodes) {
    if (node.type === 'paragraph') {
      const p = node.position;
      if (p?.start.offset !== undefined && p.end.offset !== undefined) emit(p.start.offset, p.end.offset, p.start.line, listItem);
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

export function passagesOf(blocks: readonly MailBlock[]): Passage[] {
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
    file.data.passages = passagesOf(tree.children.filter((b) => b.role === 'prose' && b.lines.some((l) => l.text.trim() !== '')));
  };
};
export default mailProse;
