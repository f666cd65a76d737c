/**
 * Parser plugin: cut a body into blocks of consecutive lines at one quote
 * depth. Grouping by depth first is what keeps remark's lazy continuation
 * from swallowing an unquoted reply line into the quote above it.
 *
 *   > > A        depth 2  ┐ block
 *   > > B        depth 2  ┘
 *   > C          depth 1  ─ block
 *   D            depth 0  ─ block
 */
import type { Plugin, Processor } from 'unified';
import { outlookQuoteStart } from './outlook.js';
import type { MailBlock, MailLine, MailRoot } from './types.js';

/** `>`, `> >`, `>>` and `> > >` all nest; one space after the last marker belongs to it. */
const QUOTE = /^(?:[ ]?>)+[ ]?/;

/**
 * The one quote-depth rule (threading, voices and extraction all read depths through it).
 * Two or more blanks before a '>' are no quote marker: the kernel test robot writes
 * "  > 19\t\tstruct page **page_array);" for the offending source line, shell transcripts "   > EOF".
 */
export function quoteDepth(line: string): { depth: number; text: string } {
  // Most lines start with neither '>' nor a blank: no regex for them (this runs on every line of every body).
  const c = line.charCodeAt(0);
  if (c !== 62 && c !== 32) return { depth: 0, text: line };
  const m = QUOTE.exec(line);
  if (m === null) return { depth: 0, text: line };
  let depth = 0;
  for (const ch of m[0]) if (ch === '>') depth++;
  return { depth, text: line.slice(m[0].length) };
}

export function splitByDepth(body: string): MailRoot {
  const children: MailBlock[] = [];
  let current: MailBlock | null = null;
  const rows = body.replace(/\r\n?/g, '\n').split('\n');
  const quoted = rows.map((r) => quoteDepth(r));
  // A top-posted Outlook original (src/body/outlook.ts) is quoted text without markers: one level deeper.
  const outlook = outlookQuoteStart(quoted);
  for (let i = 0; i < rows.length; i++) {
    let { depth, text } = quoted[i] ?? { depth: 0, text: '' };
    // David Laight's client quotes the header it heads but not its From: line ("From: Christoph Hellwig\n> Sent: ..."):
    // the line belongs to the quoted header block under it.
    if (depth === 0 && text.startsWith('From:') && /^Sent:\s*\S/.test(quoted[i + 1]?.text ?? '')) {
      const next = quoted[i + 1]?.depth ?? 0;
      if (next > 0) depth = next;
    }
    // trimEnd, not /\s+$/: the regex retries at every blank of a long inner run of blanks (quadratic).
    const line: MailLine = { text: text.trimEnd(), depth: outlook >= 0 && i >= outlook ? depth + 1 : depth, line: i };
    if (current === null || current.depth !== line.depth) {
      current = { type: 'mailBlock', role: 'prose', depth: line.depth, lines: [], voice: null, hunk: null };
      children.push(current);
    }
    current.lines.push(line);
  }
  return { type: 'mailRoot', children };
}

const mailQuoteDepth: Plugin<[], string, MailRoot> = function () {
  (this as unknown as Processor<MailRoot>).parser = (document: string) => splitByDepth(document);
};
export default mailQuoteDepth;
