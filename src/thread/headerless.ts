/**
 * Step 3 of threading (plan.ts): a parent for mail without usable headers, from its words.
 * The attribution line of the voice it answers first (author and time, checked against the
 * text it quotes), then the earlier mail whose own words make up most of its quotes, then the
 * reader's hint (a Patchwork comment answers its patch).
 */
import { layoutBody, type Layout } from './layout.js';
import { type AuthorIndex, instantOf, type OwnTextIndex, quotedLines, shingles, timeFit } from './match.js';
import { THREAD_TUNING as T } from './tuning.js';
import type { ThreadInput } from './types.js';

/**
 * Whether text matching could give this header-less message a parent: only a hint, an
 * attribution of the voice it answers or the lines it quotes can. Mail without any (a
 * cover letter, a new patch) is a root whatever else the database holds.
 */
export function seeksParent(m: ThreadInput): boolean {
  if (m.parentHint) return true;
  if (!m.body) return false;
  const layout = layoutBody(m.body);
  if (layout.attributions.some((a) => a.voiceDepth === 1 && (a.name || a.email))) return true;
  return quotedLines(layout, 1).length > 0;
}

export function hinted(m: ThreadInput, byKey: Map<string, ThreadInput>, resolve: (k: string) => string): string | null {
  if (!m.parentHint) return null;
  const k = resolve(m.parentHint);
  return byKey.has(k) && k !== m.key ? k : null;
}

export function isEarlier(cand: ThreadInput, m: ThreadInput): boolean {
  const a = instantOf(cand.date);
  const b = instantOf(m.date);
  return a === null || b === null || a <= b + T.parentClockSkew.value;
}

/**
 * A header-less reply's body, laid out once: attribution, quote and contradiction checks
 * all read it, and laying it out again for each (and for each candidate) made most of a
 * re-thread's garbage.
 */
export class Reply {
  readonly layout: Layout;
  private directLines: string[] | null = null;
  private directShingles: Set<number> | null = null;

  constructor(body: string) {
    this.layout = layoutBody(body);
  }

  /** Normalised lines quoted at depth 1 (what the reply answers). */
  quoted(): string[] {
    return (this.directLines ??= quotedLines(this.layout, 1));
  }

  quotedShingles(): Set<number> {
    return (this.directShingles ??= shingles(this.quoted().join(' ')));
  }
}

/** The parent named by the attribution of the voice `m` quotes directly. */
export function byAttribution(
  m: ThreadInput,
  reply: Reply,
  authors: AuthorIndex,
  voices: AuthorIndex,
  own: () => OwnTextIndex,
): string | null {
  const layout = reply.layout;
  const attr = layout.attributions.find((a) => a.voiceDepth === 1);
  if (!attr || (!attr.name && !attr.email)) return null;
  const who = { name: attr.name, email: attr.email };
  const pool = [...authors.candidates(who), ...voices.candidates(who)].filter(
    (c) => c.key !== m.key && isEarlier(c, m),
  );
  if (pool.length === 0) return null;
  if (attr.when) {
    let best: ThreadInput | null = null;
    let bestD = Infinity;
    for (const c of pool) {
      // Real mail wins a tie against a voice recovered from a quote.
      const d = timeFit(attr.when, c.date) + (c.reconstructed ? 1 : 0);
      if (d < bestD && !quotesContradict(reply, c.key, own)) {
        bestD = d;
        best = c;
      }
    }
    if (best) return best.key;
  }
  // No usable time: the candidate whose own words the reply quotes, else nothing certain.
  const quoted = reply.quotedShingles();
  let best: string | null = null;
  let bestC = 0;
  for (const c of pool) {
    const cov = own().coverage(c.key, quoted);
    if (cov > bestC) {
      bestC = cov;
      best = c.key;
    }
  }
  return bestC >= T.attributionQuoteShare.value ? best : null;
}

/** Whether the text a reply quotes directly from the candidate disagrees with it (as copies.ts `contradicted`). */
function quotesContradict(reply: Reply, candidate: string, own: () => OwnTextIndex): boolean {
  const want = reply.quotedShingles();
  return (
    want.size >= T.minShingles.value &&
    own().hasText(candidate) &&
    own().coverage(candidate, want) < T.contradictedShare.value
  );
}

/** The earlier message whose own words make up most of what `m` quotes directly. */
export function byQuotes(
  m: ThreadInput,
  reply: Reply,
  byKey: Map<string, ThreadInput>,
  own: () => OwnTextIndex,
): string | null {
  const quoted = reply.quoted();
  if (quoted.length === 0) return null;
  let best: string | null = null;
  let bestN = 0;
  let bestT = -Infinity;
  for (const [k, n] of own().score(quoted)) {
    const c = byKey.get(k);
    if (!c || k === m.key || !isEarlier(c, m)) continue;
    const t = instantOf(c.date) ?? -Infinity;
    // Most lines quoted; among equals the latest (a reply quotes what it answers, older mail less).
    if (n > bestN || (n === bestN && t > bestT)) {
      best = k;
      bestN = n;
      bestT = t;
    }
  }
  return bestN >= Math.min(T.quotedLinesMatched.value, quoted.length) ? best : null;
}
