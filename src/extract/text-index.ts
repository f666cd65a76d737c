/**
 * An index of word shingles (runs of K words) over a thread's text, built
 * once per thread. It answers "whose words are these?" for a quoted
 * sentence in time proportional to the sentence, where scanning every
 * message's text for each quote made extraction quadratic in thread size.
 *
 * Matching is fuzzy on purpose: a quote that was re-wrapped, trimmed at
 * either end or had "[...]" cut into it still shares most of its shingles
 * with the words it copies.
 */
const K = 5;

/** Lower case, curly quotes straightened, quote markers and punctuation dropped: the words only. */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/(?:^|\s)>+/g, ' ')
    .split(/[^\p{L}\p{N}_'\->.()*&=]+/u)
    .map((w) => w.replace(/^[.'()\-]+|[.'()\-,]+$/g, ''))
    .filter((w) => w !== '');
}

function shingles(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  if (words.length < K) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + K <= words.length; i++) out.push(words.slice(i, i + K).join(' '));
  return out;
}

export class TextIndex<T> {
  private readonly byShingle = new Map<string, T[]>();
  /** Short texts (under K words) are kept whole: their one "shingle" is the text itself. */
  private readonly shortTexts = new Map<string, T[]>();

  add(text: string, owner: T): void {
    const words = wordsOf(text);
    if (words.length < K) {
      const key = words.join(' ');
      if (key !== '') push(this.shortTexts, key, owner);
    }
    for (const s of shingles(words)) push(this.byShingle, s, owner);
  }

  /**
   * The owners whose text holds at least `share` of the shingles of `text`,
   * best first, with the share each holds.
   */
  find(text: string, share = 0.6): { owner: T; share: number }[] {
    const words = wordsOf(text);
    if (words.length === 0) return [];
    if (words.length < K) {
      const hits = this.shortTexts.get(words.join(' ')) ?? [];
      return [...new Set(hits)].map((owner) => ({ owner, share: 1 }));
    }
    const list = shingles(words);
    const counts = new Map<T, number>();
    for (const s of new Set(list)) for (const owner of new Set(this.byShingle.get(s) ?? [])) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    const total = new Set(list).size;
    return [...counts.entries()]
      .map(([owner, n]) => ({ owner, share: n / total }))
      .filter((h) => h.share >= share)
      .sort((a, b) => b.share - a.share);
  }

  /** Owners hit by the shingles of `text`, in the order of the text's words (for "the last item quoted"). */
  hitsInOrder(text: string): { owner: T; at: number }[] {
    const words = wordsOf(text);
    const out: { owner: T; at: number }[] = [];
    shingles(words).forEach((s, at) => {
      for (const owner of this.byShingle.get(s) ?? []) out.push({ owner, at });
    });
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
