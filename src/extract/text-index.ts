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
/** A word starts and ends with a letter or digit; inner punctuation keeps identifiers whole ("area->pages", "dma_map_*"). */
const WORDS = /[a-z0-9_\u00c0-\uffff](?:[a-z0-9_\u00c0-\uffff'\->.*&=]*[a-z0-9_\u00c0-\uffff*])?/g;

/** Lower case, curly quotes straightened, quote markers and punctuation dropped: the words only, as ids. */
export function wordIds(text: string): number[] {
  const out: number[] = [];
  for (const m of text.toLowerCase().replace(/[\u2018\u2019]/g, "'").matchAll(WORDS)) {
    const w = m[0];
    let id = vocabulary.get(w);
    if (id === undefined) {
      id = vocabulary.size + 1;
      vocabulary.set(w, id);
    }
    out.push(id);
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

export class TextIndex<T> {
  private readonly byShingle = new Map<number, T[]>();
  /** Texts under K words are kept whole: their one "shingle" is the text itself. */
  private readonly shortTexts = new Map<number, T[]>();

  add(text: string, owner: T): void {
    const ids = wordIds(text);
    if (ids.length > 0 && ids.length < K) push(this.shortTexts, hashRun(ids, 0, ids.length), owner);
    for (const s of shingles(ids)) push(this.byShingle, s, owner);
  }

  /** The owners whose text holds at least `share` of the shingles of `text`, best first. */
  find(text: string, share = 0.6): { owner: T; share: number }[] {
    const ids = wordIds(text);
    if (ids.length === 0) return [];
    if (ids.length < K) return [...new Set(this.shortTexts.get(hashRun(ids, 0, ids.length)) ?? [])].map((owner) => ({ owner, share: 1 }));
    const list = new Set(shingles(ids));
    const counts = new Map<T, number>();
    for (const s of list) for (const owner of new Set(this.byShingle.get(s) ?? [])) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    const out: { owner: T; share: number }[] = [];
    for (const [owner, n] of counts) if (n / list.size >= share) out.push({ owner, share: n / list.size });
    return out.sort((a, b) => b.share - a.share);
  }

  /** Owners hit by the shingles of `text`, in the order of the text's words (for "the item quoted last"). */
  hitsInOrder(text: string): { owner: T; at: number }[] {
    const out: { owner: T; at: number }[] = [];
    shingles(wordIds(text)).forEach((s, at) => {
      for (const owner of this.byShingle.get(s) ?? []) out.push({ owner, at });
    });
    return out;
  }
}

/** Append, skipping a repeat of the last owner (one owner adds its texts in a row; a full scan would be quadratic on boilerplate). */
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
