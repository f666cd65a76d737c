/**
 * Word shingles (runs of k words), the one measure of "these are the same words"
 * that threading (is this voice that mail? does this reply quote that one?) and extraction
 * (whose words does this quote hold?) share. Matching is fuzzy on purpose: a quote that was
 * re-wrapped, trimmed at either end or had "[...]" cut into it still shares most of its
 * shingles with the words it copies.
 *
 * Words and shingles are numbers, hashed where they lie in the text (no substrings, no
 * vocabulary): a re-thread makes tens of thousands of shingle sets, and strings made them its
 * largest cost in memory and garbage. Each is two independent 26-bit hashes side by side, exact
 * in a double; two different words or runs colliding is a 1-in-2^52 event, which could move a
 * share by one part in a set's size, never decide a match.
 */

/*
 * Words per shingle (k) is each user's tuned number: fewer words match common phrases across
 * unrelated mail, more lose a quote cut every few words. Threading runs 4 (thread/tuning.ts
 * shingleWords), extraction 5 (extract/tuning.ts shingleWords).
 */

const HALF = 0x4000000; // 2^26

/** Letters (any script), digits and '_'. */
const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 0xc0 && c !== 0x2018 && c !== 0x2019);
/** Inner punctuation that keeps identifiers whole ("area->pages", "dma_map_*", "don't"); a word never ends on it, except '*'. */
const isInner = (c: number): boolean =>
  c === 39 || c === 45 || c === 62 || c === 46 || c === 42 || c === 38 || c === 61;
const isCurlyQuote = (c: number): boolean => c === 0x2018 || c === 0x2019;

/** The word s[from, to), curly quotes read as "'", as two 26-bit hashes in one number. */
function hashWord(s: string, from: number, to: number): number {
  let a = 0x811c9dc5;
  let b = 0x1b873593;
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    if (isCurlyQuote(c)) c = 39;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 6) * HALF + (b >>> 6);
}

/**
 * The words of a text, lower case, as hashes. A word starts with a word character, runs over
 * word characters and inner punctuation, and ends at its last word character or '*'
 * (a scanner: this runs on every sentence and body, several times faster than the regex):
 *
 *   > area->pages is "don’t care", see dma_map_*.
 *     ^^^^^^^^^^^    ^^^^^ ^^^^   ^^^ ^^^^^^^^^
 */
export function wordHashes(text: string): number[] {
  const s = text.toLowerCase();
  const out: number[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    for (let j = i + 1; j < n; j++) {
      const c = s.charCodeAt(j);
      if (isWordChar(c) || c === 42) end = j + 1;
      else if (!isInner(c) && !isCurlyQuote(c)) break;
    }
    out.push(hashWord(s, i, end));
    i = end;
  }
  return out;
}

/** The run words[from, to) as one hash (two 26-bit halves, each over both halves of every word). */
function hashRun(words: readonly number[], from: number, to: number): number {
  let a = 0x2545f491;
  let b = 0x9e3779b9;
  for (let i = from; i < to; i++) {
    const w = words[i] ?? 0;
    const lo = w % HALF;
    const hi = (w - lo) / HALF;
    a = Math.imul(Math.imul(a ^ lo, 0x01000193) ^ hi, 0x01000193) >>> 0;
    b = Math.imul(Math.imul(b + hi, 0x5bd1e995) + lo, 0x5bd1e995) >>> 0;
  }
  return (a & 0x3ffffff) * HALF + (b & 0x3ffffff);
}

/** The shingle standing for a text under k words: the text itself. */
function wholeText(words: readonly number[]): number {
  return hashRun(words, 0, words.length);
}

/** The shingles of `words` in order, repeats kept; a text under k words has one, itself (none if it has no word). */
function shinglesOfWords(words: readonly number[], k: number): number[] {
  if (words.length === 0) return [];
  if (words.length < k) return [wholeText(words)];
  const out: number[] = [];
  for (let i = 0; i + k <= words.length; i++) out.push(hashRun(words, i, i + k));
  return out;
}

/** The set of a text's shingles of `k` words. */
export function shingles(text: string, k: number): Set<number> {
  return new Set(shinglesOfWords(wordHashes(text), k));
}

/**
 * A text's shingles kept sorted in a typed array, to test many quotes against: a re-thread keeps
 * one for every candidate it weighs (whole patch mails among them), and a Set of boxed numbers
 * took four to five times the memory.
 */
export class SortedShingles {
  private readonly sorted: Float64Array;

  constructor(text: string, k: number) {
    this.sorted = Float64Array.from(shingles(text, k)).sort();
  }

  get size(): number {
    return this.sorted.length;
  }

  has(x: number): boolean {
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = sorted[mid] ?? 0;
      if (v === x) return true;
      if (v < x) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}

/** The share of `want`'s shingles found in `have` (0 when `want` is empty). */
export function share(want: ReadonlySet<number>, have: { has(x: number): boolean }): number {
  if (want.size === 0) return 0;
  let hit = 0;
  for (const s of want) if (have.has(s)) hit++;
  return hit / want.size;
}

/** The same sentence is looked up in several indexes of one thread (owners, quote names, targets): its words are kept until forgetWords. */
const wordsOf = new Map<string, readonly number[]>();
const WORDS_CACHE_MAX = 20_000;

function cachedWords(text: string): readonly number[] {
  let out = wordsOf.get(text);
  if (out === undefined) {
    out = wordHashes(text);
    if (wordsOf.size >= WORDS_CACHE_MAX) wordsOf.clear();
    wordsOf.set(text, out);
  }
  return out;
}

/** Drop the words kept for TextIndex look-ups (extraction does it after each thread). */
export function forgetWords(): void {
  wordsOf.clear();
}

/**
 * Owners by key. Most shingles of a thread have one owner: it is kept
 * inline, and only a shared shingle gets a list (building an index was
 * mostly the allocation of one-element arrays).
 */
class Postings<T> {
  private readonly one = new Map<number, T>();
  private readonly many = new Map<number, T[]>();

  /** Append, skipping a repeat of the last owner (one owner adds its texts in a row; a full scan would be quadratic on boilerplate). */
  add(key: number, owner: T): void {
    const list = this.many.get(key);
    if (list !== undefined) {
      if (list[list.length - 1] !== owner) list.push(owner);
      return;
    }
    if (!this.one.has(key)) this.one.set(key, owner);
    else {
      const first = this.one.get(key) as T;
      if (first !== owner) {
        this.many.set(key, [first, owner]);
        this.one.delete(key);
      }
    }
  }

  get(key: number): readonly T[] {
    const list = this.many.get(key);
    if (list !== undefined) return list;
    return this.one.has(key) ? [this.one.get(key) as T] : [];
  }
}

/**
 * Texts by their shingles, built once per thread: "whose words are these?" for a quoted
 * sentence in time proportional to the sentence, where scanning every message's text for
 * each quote made extraction quadratic in thread size.
 */
export class TextIndex<T> {
  private readonly byShingle = new Postings<T>();
  /** Texts under k words are kept whole: their one shingle is the text itself. */
  private readonly shortTexts = new Postings<T>();

  /** `k`: words per shingle. */
  constructor(private readonly k: number) {}

  add(text: string, owner: T): void {
    const words = cachedWords(text);
    if (words.length === 0) return;
    if (words.length < this.k) this.shortTexts.add(wholeText(words), owner);
    for (const s of shinglesOfWords(words, this.k)) this.byShingle.add(s, owner);
  }

  /** The owners whose text holds at least `atLeast` of the shingles of `text`, best first. */
  find(text: string, atLeast = 0.6): { owner: T; share: number }[] {
    const words = cachedWords(text);
    if (words.length === 0) return [];
    if (words.length < this.k)
      return [...new Set(this.shortTexts.get(wholeText(words)))].map((owner) => ({ owner, share: 1 }));
    const list = new Set(shinglesOfWords(words, this.k));
    const counts = new Map<T, number>();
    for (const s of list) {
      const owners = this.byShingle.get(s);
      if (owners.length === 1) counts.set(owners[0] as T, (counts.get(owners[0] as T) ?? 0) + 1);
      else for (const owner of new Set(owners)) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    const out: { owner: T; share: number }[] = [];
    for (const [owner, n] of counts) if (n / list.size >= atLeast) out.push({ owner, share: n / list.size });
    return out.sort((a, b) => b.share - a.share);
  }

  /** Owners hit by the shingles of `text`, in the order of the text's words (for "the item quoted last"). */
  hitsInOrder(text: string): { owner: T; at: number }[] {
    const out: { owner: T; at: number }[] = [];
    shinglesOfWords(cachedWords(text), this.k).forEach((s, at) => {
      for (const owner of this.byShingle.get(s)) out.push({ owner, at });
    });
    return out;
  }
}
