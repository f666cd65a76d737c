/**
 * Who wrote each line of a body: its quote depth (0 = the sender's own words) and the
 * attribution lines that name the voices at each depth.
 *
 * Two cases need more than counting '>':
 * - Outlook top-posting ("-----Original Message-----" / "From: ... Sent: ..." at depth 0):
 *   everything under that block is the quoted mail, one level deeper.
 * - Dumps that lost their quote markers (lkml.iu.edu pages of format=flowed mail): there
 *   the sender's own text comes as long unwrapped lines while quoted text keeps its hard
 *   wraps, the first block under a stack of k attributions is the deepest voice, and a
 *   paragraph that opens with an answer ("No, ...", "Yes, ...") replies to the one above it.
 */
import { findAttributions, splitQuoted, type Attribution, type QuotedLine } from './attribution.js';
import { THREAD_TUNING as T } from './tuning.js';

export interface Layout {
  readonly lines: readonly QuotedLine[];
  readonly attributions: readonly Attribution[];
  /** Line indexes that belong to an attribution (not anyone's words). */
  readonly attributionLines: ReadonlySet<number>;
  /** True when the depths were inferred because the body has attributions but no quote markers. */
  readonly inferred: boolean;
}

/** Lines longer than this were not hard-wrapped by a mail client: the sender's own flowed text. */
const UNWRAPPED = T.unwrappedLineChars.value;
const ANSWER =
  /^(?:No|Nope|Yes|Yeah|Yep|Right|Agreed|Correct|Exactly|Indeed|Sure|OK|Okay|Eh|Hmm|Well|True|I agree|I disagree|I don't think|Not really|Makes sense)\b[,.!:\s-]/;
const SIGNATURE = /^(?:--\s*$|Thanks|Regards|Cheers|Best)/i;

export function layoutBody(body: string): Layout {
  const raw = splitQuoted(body);
  const hasMarkers = raw.some((l) => l.depth > 0);
  const attributions = findAttributions(raw, !hasMarkers);
  const attributionLines = new Set<number>();
  for (const a of attributions) for (let i = a.start; i <= a.end; i++) attributionLines.add(i);

  const top = attributions.find((a) => a.voiceDepth === 0);
  if (top) return shiftBelow(raw, attributions, attributionLines, top);
  if (!hasMarkers && attributions.length > 0) return inferDepths(raw, attributions, attributionLines);
  return { lines: raw, attributions, attributionLines, inferred: false };
}

/** Outlook top-posting: the block and all lines below it move one level deeper. */
function shiftBelow(
  raw: QuotedLine[],
  attributions: Attribution[],
  attributionLines: Set<number>,
  top: Attribution,
): Layout {
  let start = top.start;
  if (start > 0 && /^-{2,}\s*Original Message\s*-{2,}$/i.test(raw[start - 1]?.text.trim() ?? '')) {
    start--;
    attributionLines.add(start);
  }
  const lines = raw.map((l, i) => (i >= start ? { depth: l.depth + 1, text: l.text } : l));
  const shifted = attributions.map((a) => (a.start >= top.start ? { ...a, voiceDepth: a.voiceDepth + 1 } : a));
  return { lines, attributions: shifted, attributionLines, inferred: false };
}

interface Para {
  from: number;
  to: number;
  long: boolean;
  answer: boolean;
}

function inferDepths(raw: QuotedLine[], attributions: Attribution[], attributionLines: Set<number>): Layout {
  // Renumber the attributions as a stack: the k-th "On ... wrote:" in a row names depth k.
  const first = attributions[0];
  if (!first) return { lines: raw, attributions, attributionLines, inferred: false };
  const stack: Attribution[] = [];
  let cursor = first.start;
  for (const a of attributions) {
    const between = raw.slice(cursor, a.start).filter((l, k) => !attributionLines.has(cursor + k) && l.text.trim());
    if (stack.length > 0 && between.length > 0) break;
    stack.push({ ...a, voiceDepth: stack.length + 1 });
    cursor = a.end + 1;
  }
  const k = stack.length;
  const paras: Para[] = [];
  let i = cursor;
  while (i < raw.length) {
    const t = raw[i]?.text ?? '';
    if (t.trim() === '' || attributionLines.has(i)) {
      i++;
      continue;
    }
    const long = t.length > UNWRAPPED;
    let j = i;
    // A paragraph ends at a blank line or where unwrapped and wrapped text meet.
    while (j + 1 < raw.length) {
      const n = raw[j + 1]?.text ?? '';
      if (n.trim() === '' || attributionLines.has(j + 1) || n.length > UNWRAPPED !== long) break;
      j++;
    }
    paras.push({ from: i, to: j, long, answer: ANSWER.test(t.trim()) });
    i = j + 1;
  }
  const depth: number[] = paras.map((p, n) => (p.long ? 0 : n === 0 ? k : 1));
  // The signature and anything after it belong to the sender.
  const sig = paras.findIndex((p) => SIGNATURE.test(raw[p.from]?.text.trim() ?? ''));
  const anyLong = paras.some((p) => p.long);
  if (sig >= 0 && anyLong) for (let n = sig; n < paras.length; n++) depth[n] = 0;
  // So does a one-line sign-off closing the mail ("Robin.").
  const last = paras[paras.length - 1];
  if (anyLong && last && last.from === last.to && (raw[last.from]?.text.trim().length ?? 0) <= T.signOffChars.value) {
    depth[paras.length - 1] = 0;
  }
  // An answer is one level above what it answers.
  for (let n = paras.length - 1; n > 0; n--) {
    const p = paras[n];
    const prev = paras[n - 1];
    if (!p || !prev || !p.answer || prev.long) continue;
    const d = depth[n] ?? 0;
    if ((depth[n - 1] ?? 0) <= d) depth[n - 1] = Math.min(k, d + 1);
  }
  const lines = raw.map((l) => ({ depth: 0, text: l.text }));
  paras.forEach((p, n) => {
    for (let x = p.from; x <= p.to; x++) lines[x] = { depth: depth[n] ?? 0, text: raw[x]?.text ?? '' };
  });
  // Attribution lines sit one level above the voice they name.
  for (const a of stack)
    for (let x = a.start; x <= a.end; x++) lines[x] = { depth: a.voiceDepth - 1, text: raw[x]?.text ?? '' };
  const kept = new Set<number>();
  for (const a of stack) for (let x = a.start; x <= a.end; x++) kept.add(x);
  return { lines, attributions: stack, attributionLines: kept, inferred: true };
}

/** Effective quote depth of every line of `body` (markers counted, or inferred when a dump lost them). */
export function lineDepths(body: string): number[] {
  return layoutBody(body).lines.map((l) => l.depth);
}
