/**
 * Reading a mail body: a unified processor of our own small plugins.
 *
 *   quote-depth (parser) -> attribution -> diff-blocks -> trailers -> prose
 *
 * The result is a list of passages: paragraphs of prose, each with its quote
 * depth, the voice it belongs to and the quoted diff hunk it answers.
 */
import { unified, type Processor } from 'unified';
import mailAttribution from './attribution.js';
import mailDiffBlocks from './diff-blocks.js';
import mailProse from './prose.js';
import mailQuoteDepth from './quote-depth.js';
import mailTrailers from './trailers.js';
import type { BodyContext, MailRoot, Passage } from './types.js';

export type { BodyContext, Passage, QuotedHunk, Voice } from './types.js';
export { parseAttributionLine } from './attribution.js';
export { parseAttributionDate } from '../mail/date.js';
export { quoteDepth } from './quote-depth.js';
export { diffLineKey } from './diff-blocks.js';

let processor: Processor<MailRoot, MailRoot, MailRoot> | null = null;

export function bodyProcessor(): Processor<MailRoot, MailRoot, MailRoot> {
  processor ??= unified()
    .use(mailQuoteDepth)
    .use(mailAttribution)
    .use(mailDiffBlocks)
    .use(mailTrailers)
    .use(mailProse)
    .freeze() as unknown as Processor<MailRoot, MailRoot, MailRoot>;
  return processor;
}

/** The prose passages of one body, in order. */
export function readBody(body: string, context: BodyContext): Passage[] {
  const p = bodyProcessor();
  const tree = p.parse(body);
  const vfile = { value: body, data: { mailContext: context, passages: [] as Passage[] } };
  // runSync with a plain object makes a VFile from it; read the passages off that VFile.
  let out: Passage[] = [];
  p.run(tree, vfile, (err, _tree, done) => {
    if (err) throw err;
    out = done?.data.passages ?? [];
  });
  return out;
}
