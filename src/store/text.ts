/**
 * Splitting a body into the sender's own words and the words they quote, for
 * the two FTS columns: a line is quoted when the body reader's one rule
 * (quoteDepth) gives it a depth, whatever the nesting.
 */
import { quoteDepth } from '../body/quote-depth.js';

export interface SplitBody {
  readonly own: string;
  readonly quoted: string;
}

/**
 * Runs on the import's main thread for every archived message: a body without '>' is all
 * the sender's own, and only lines that start with '>' or a blank go to quoteDepth.
 */
export function splitQuoted(body: string): SplitBody {
  if (!body.includes('>')) return { own: body, quoted: '' };
  const own: string[] = [];
  const quoted: string[] = [];
  let start = 0;
  for (;;) {
    const nl = body.indexOf('\n', start);
    const end = nl < 0 ? body.length : nl;
    const line = body.slice(start, end);
    const q = quoteDepth(line);
    if (q.depth > 0) quoted.push(q.text);
    else own.push(line);
    if (nl < 0) break;
    start = nl + 1;
  }
  return { own: own.join('\n'), quoted: quoted.join('\n') };
}

/** Milliseconds since the epoch for an ISO date, or null when there is none or it does not parse. */
export function dateMs(date: string | null): number | null {
  if (date === null) return null;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : null;
}
