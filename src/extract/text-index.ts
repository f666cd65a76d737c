/**
 * An index of word shingles (runs of K words) over a thread's text, built
 * once per thread. It answers "whose words are these?" for a quoted
 * sentence in time proportional to the sentence, where scanning every
 * message's text for each quote made extraction quadratic in thread size.
 *
 * Matching is fuzzy on purpose: a quote that was re-wrapped, trimmed at
 * either end or had "[...]" cut into it still shares most of its shingles
 * with the words it copies. Shingles are numbers (a hash of word ids), not
 * strings, so building the index allocates little.
 */
const K = 5;

/** Word ids shared by every index: the vocabulary of mail is small, and a shared map keeps hashes comparable. */
const vocabulary = new Map<string, number>();

/** The same sentence is looked up in several indexes of one thread (owners, quote names, targets): its ids are kept for that thread. */
const idsOf = new Map<string, readonly number[]>();

export function forgetWordIds(): void {
  idsOf.clear();
}

/** Lower case, curly quotes straightened, quote markers and punctuation dropped: the words only, as ids. */
export function wordIds(text: string): readonly number[] {
  let out = idsOf.get(text);
  if (out === undefined) {
    out = readIds(text);
    if (idsOf.size >= 20000) idsOf.clear();
    idsOf.set(text, out);
  }
  return out;
}

/** Letters (any script), digits and '_'. */
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || (c >= 0xc0 && c !== 0x2018 && c !== 0x2019);
/** Inner punctuation that keeps identifiers whole ("area->pages", "dma_map_*", "don't"); a word never ends on it, except '*'. */
const isInner = (c: number): boolean => c === 39 || c === 45 || c === 62 || c === 46 || c === 42 || c === 38 || c === 61;

/**
 * A word starts with a word character, runs over word characters and inner
 * punctuation, and ends at its last word character or '*' (a scanner: this
 * runs on every sentence of a thread, several times faster than the regex).
 */
function readIds(text: string): number[] {
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
    let j = i + 1;
    for (; j < n; j++) {
      const c = s.charCodeAt(j);
      if (isWordChar(c) || c === 42) end = j + 1;
      else if (!isInner(c) && c !== 0x2018 && c !== 0x2019) break;
    }
    let w = s.slice(i, end);
    if (w.includes('\u2018') || w.includes('\u2019')) w = w.replace(/[\u2018\u2019]/g, "'");
    let id = vocabulary.get(w);
    if (id === undefined) {
      id = vocabulary.size + 1;
      vocabulary.set(w, id);
    }
    out.push(id);
    i = end;
  }
  return out;
}

/** Two 26-bit multiplicative hashes side by side: exact in a double, collisions negligible at mail scale. */
function hashRun(ids: readonly number[], from: number, to: number): number {
  let a = 0x2545f491;
  let b = 0x9e3779b9;
  for (let i = from; i < to; i++) {
    const w = ids[i] ?? 0;
    a = Math.imul(a ^ w, 0x01000193) >>> 0;
    b = Math.imul(b + w, 0x5bd1e995) >>> 0;
  }
  return (a & 0x3ffffff) * 0x4000000 + (b & 0x3ffffff);
}

function shingles(ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  if (ids.length < K) return [hashRun(ids, 0, ids.length)];
  const out: number[] = [];
  for (let i = 0; i + K <= ids.length; i++) out.push(hashRun(ids, i, i + K));
  return out;
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

export class TextIndex<T> {
  private readonly byShingle = new Postings<T>();
  /** Texts under K words are kept whole: their one "shingle" is the text itself. */
  private readonly shortTexts = new Postings<T>();

  add(text: string, owner: T): void {
    const ids = wordIds(text);
    if (ids.length === 0) return;
    if (ids.length < K) {
      const h = hashRun(ids, 0, ids.length);
      this.shortTexts.add(h, owner);
      this.byShingle.add(h, owner);
      return;
    }
    for (let i = 0; i + K <= ids.length; i++) this.byShingle.add(hashRun(ids, i, i + K), owner);
  }

  /** The owners whose text holds at least `share` of the shingles of `text`, best first. */
  find(text: string, share = 0.6): { owner: T; share: number }[] {
    const ids = wordIds(text);
    if (ids.length === 0) return [];
    if (ids.length < K) return [...new Set(this.shortTexts.get(hashRun(ids, 0, ids.length)))].map((owner) => ({ owner, share: 1 }));
    const list = new Set(shingles(ids));
    const counts = new Map<T, number>();
    for (const s of list) {
      const owners = this.byShingle.get(s);
      if (owners.length === 1) counts.set(owners[0] as T, (counts.get(owners[0] as T) ?? 0) + 1);
      else for (const owner of new Set(owners)) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    const out: { owner: T; share: number }[] = [];
    for (const [owner, n] of counts) if (n / list.size >= share) out.push({ owner, share: n / list.size });
    return out.sort((a, b) => b.share - a.share);
  }

  /** Owners hit by the shingles of `text`, in the order of the text's words (for "the item quoted last"). */
  hitsInOrder(text: string): { owner: T; at: number }[] {
    const out: { owner: T; at: number }[] = [];
    shingles(wordIds(text)).forEach((s, at) => {
      for (const owner of this.byShingle.get(s)) out.push({ owner, at });
    });
    return out;
  }
}
