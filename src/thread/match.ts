/**
 * Finding the message a header-less reply answers, the way a reader does: the attribution
 * line names an author and a time ("On Thu, May 16, 2024 at 10:32:43AM +0800, Yan Zhao
 * wrote:"), and the quoted text is the parent's own words.
 */
import { layoutBody, type Layout } from './layout.js';
import { nameTokens, sameAuthor } from '../mail/names.js';
import type { ThreadInput } from './types.js';
import { distance, type When } from '../mail/date.js';
import type { Address } from '../mail/types.js';
import { THREAD_TUNING as T } from './tuning.js';
import { SortedShingles, share, shingles as shinglesOf } from '../shingles.js';

/** Parsed dates: matching compares the same candidates' dates again and again, and Date.parse is not cheap. */
const instants = new Map<string, number | null>();
const INSTANT_CACHE_MAX = 200_000;

export function instantOf(iso: string | null): number | null {
  if (!iso) return null;
  const known = instants.get(iso);
  if (known !== undefined) return known;
  const t = Date.parse(iso);
  const at = Number.isNaN(t) ? null : t;
  if (instants.size >= INSTANT_CACHE_MAX) instants.clear();
  instants.set(iso, at);
  return at;
}

const REPLY_PREFIX = /^\s*(?:(?:re|fwd?|aw|sv)\s*(?:\[\d+\])?\s*:\s*)+/i;

/** A subject without its "Re:"/"Fwd:" prefixes, lower case: what a thread's mail shares. */
export function baseSubject(subject: string): string {
  return subject.replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** More archived mail under one subject than this is boilerplate: no word-match candidates from it. */
export const MAX_SUBJECT_CANDIDATES = T.maxSubjectCandidates.value;

/** Whether a subject says it answers something ("Re:", "Fwd:"). */
export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIX.test(subject);
}

/** A quoted or own line reduced to what survives re-quoting and re-wrapping. */
export function normLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Messages by author name token and e-mail, for cheap candidate lookup. */
export class AuthorIndex {
  private readonly byToken = new Map<string, ThreadInput[]>();
  /** Answers per asked address: a prolific author is asked about once per voice that names them. */
  private readonly memo = new Map<string, ThreadInput[]>();

  /**
   * `countOf`: how many messages the whole database files under a name token, when this
   * index holds only some of them (an incremental re-thread loads the candidates that can
   * win): the rarest token is then chosen as a whole threading would choose it.
   */
  constructor(private readonly countOf?: (token: string) => number) {}

  add(m: ThreadInput): void {
    this.memo.clear();
    const keys = new Set(nameTokens(m.from.name));
    if (m.from.email) keys.add(m.from.email.toLowerCase());
    for (const k of keys) {
      const list = this.byToken.get(k);
      if (list) list.push(m);
      else this.byToken.set(k, [m]);
    }
  }

  /** Messages by `who`, in the order they were added. The array is shared: do not mutate it. */
  candidates(who: Address): readonly ThreadInput[] {
    const memoKey = `${who.name ?? ''}\u0000${who.email ?? ''}`;
    const known = this.memo.get(memoKey);
    if (known !== undefined) return known;
    const found = this.lookup(who);
    this.memo.set(memoKey, found);
    return found;
  }

  private lookup(who: Address): ThreadInput[] {
    // The rarest name token narrows the search; the e-mail adds those spelled otherwise.
    let best: readonly ThreadInput[] | undefined;
    let bestN = 0;
    for (const k of nameTokens(who.name)) {
      const list = this.byToken.get(k);
      const n = this.countOf ? this.countOf(k) : (list?.length ?? 0);
      if (n === 0) continue;
      if (!best || n < bestN) {
        best = list ?? [];
        bestN = n;
      }
    }
    const byEmail = who.email ? (this.byToken.get(who.email.toLowerCase()) ?? []) : [];
    const all = best ? (byEmail.length ? [...new Set([...best, ...byEmail])] : best) : byEmail;
    return all.filter((m) => sameAuthor(m.from, who));
  }
}

/** FNV-1a over UTF-16 code units, twice with different offsets: a 52-bit hash exact in a double. */
export function lineHash(line: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return (a >>> 6) * 0x4000000 + (b >>> 6);
}

/** A text's shingles as threading counts them: runs of shingleWords words (src/shingles.ts). */
export function shingles(text: string): Set<number> {
  return shinglesOf(text, T.shingleWords.value);
}

/** The text of a message whose words are read: its body, or (worded) read through `read`. */
export function textOf(m: ThreadInput, read?: (key: string) => string | undefined): string | undefined {
  return m.body ?? (m.worded === true ? read?.(m.key) : undefined);
}

/** Own (depth-0) text of each message with a body, for "a reply quotes its parent". */
export class OwnTextIndex {
  /** Keys by the hash of each own line (keys.ts lineHash, as the store's text_lines index files them). */
  private readonly byLine = new Map<number, string[]>();
  /** The own text of the messages whose body was carried; a worded message's is read again when weighed. */
  private readonly ownText = new Map<string, string>();
  /** Each candidate's own shingles, made when it is first weighed. */
  private readonly shingleCache = new Map<string, SortedShingles>();

  /** `read`: the body of a message added as worded (see ThreadInput.worded). */
  constructor(private readonly read?: (key: string) => string | undefined) {}

  add(m: ThreadInput): void {
    const body = textOf(m, this.read);
    if (!body) return;
    const layout = layoutBody(body);
    const own = new Set<number>();
    const text = ownLinesOf(layout, (n) => own.add(lineHash(n)));
    if (m.body !== undefined) this.ownText.set(m.key, text);
    for (const n of own) {
      const list = this.byLine.get(n);
      if (list) list.push(m.key);
      else this.byLine.set(n, [m.key]);
    }
  }

  /** Keys whose own text contains the most of `quoted` lines, with their counts. */
  score(quoted: readonly string[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const q of new Set(quoted.map(lineHash))) {
      const keys = this.byLine.get(q);
      if (!keys || keys.length > T.boilerplateLineOwners.value) continue; // boilerplate lines say nothing
      for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
  }

  /** Whether `key` has enough own words to judge a quote against. */
  hasText(key: string): boolean {
    return this.shinglesOf(key).size >= T.minShingles.value;
  }

  private shinglesOf(key: string): SortedShingles {
    let have = this.shingleCache.get(key);
    if (!have) {
      const carried = this.ownText.get(key);
      const body = carried === undefined ? this.read?.(key) : undefined;
      const text = carried ?? (body ? ownLinesOf(layoutBody(body)) : '');
      have = new SortedShingles(text, T.shingleWords.value);
      this.shingleCache.set(key, have);
    }
    return have;
  }

  /** Share of the shingles of `text` that occur in the own text of `key`. */
  coverage(key: string, text: string | ReadonlySet<number>): number {
    const want = typeof text === 'string' ? shingles(text) : text;
    // Most candidates (mail threaded by its headers) have no text loaded: nothing to cover.
    const have = this.shinglesOf(key);
    return have.size === 0 ? 0 : share(want, have);
  }
}

/**
 * A layout's own text (depth 0, attribution lines left out), joined by newlines; `line` is
 * given each normalised own line that quotedLines() could yield (what OwnTextIndex files).
 */
function ownLinesOf(layout: Layout, line?: (normalised: string) => void): string {
  const text: string[] = [];
  layout.lines.forEach((l, i) => {
    if (l.depth !== 0 || layout.attributionLines.has(i)) return;
    text.push(l.text);
    // Only lines quotedLines() can yield are ever looked up: diff lines never are.
    if (line === undefined || diffMark(l.text)) return;
    const n = normLine(l.text);
    if (n.length >= T.minQuotedLineChars.value && !NOT_QUOTED_TEXT.test(n)) line(n);
  });
  return text.join('\n');
}

/** Diff lines: quoted code says nothing about who is quoted. */
const NOT_QUOTED_TEXT = /^[-+@]|^diff --git|^index [0-9a-f]/;

/**
 * A line starting with '-', '+' or '@' normalises to one that NOT_QUOTED_TEXT rejects
 * (normLine keeps a first character that is not blank): skip normalising it. Patch mails
 * are mostly such lines.
 */
function diffMark(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 45 || c === 43 || c === 64;
}

/** The normalised lines of `body` at quote depth `depth` (long enough to be telling). */
export function quotedLines(body: string | Layout, depth: number): string[] {
  const layout = typeof body === 'string' ? layoutBody(body) : body;
  const out: string[] = [];
  layout.lines.forEach((l, i) => {
    if (l.depth !== depth || layout.attributionLines.has(i) || diffMark(l.text)) return;
    const n = normLine(l.text);
    if (n.length >= T.minQuotedLineChars.value && !NOT_QUOTED_TEXT.test(n)) out.push(n);
  });
  return out;
}

/** Whether a candidate's time fits the attribution's, and how far off it is (ms); Infinity when it does not. */
export function timeFit(when: When, candidateIso: string | null): number {
  const at = instantOf(candidateIso);
  if (at === null) return Infinity;
  const d = distance(when, at);
  const slack = when.dayOnly
    ? T.dayOnlySlack.value
    : when.offset === null
      ? T.unknownZoneSlack.value
      : T.knownZoneSlack.value;
  return d <= slack ? d : Infinity;
}
