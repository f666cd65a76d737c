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

export function passagesOf(block: MailBlock): Passage[] {
  const source = block.lines.map((l) => l.text).join('\n');
  if (source.trim() === '') return [];
  const tree = parser().parse(source);
  const out: Passage[] = [];
  collect(tree.children, false, (start, end, line, listItem) => {
    const text = source.slice(start, end).trim();
    if (text === '') return;
    out.push({
      depth: block.depth,
      voice: block.voice ?? NOBODY,
      text,
      line: block.lines[line - 1]?.line ?? 0,
      listItem,
      hunk: block.hunk,
    });
  });
  return out;
}

const mailProse: Plugin<[], MailRoot> = function () {
  return (tree: MailRoot, file: VFile): void => {
    const passages: Passage[] = [];
    for (const block of tree.children) if (block.role === 'prose') passages.push(...passagesOf(block));
    file.data.passages = passages;
  };
};
export default mailProse;
