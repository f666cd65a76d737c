/**
 * The item a reply answers: the one whose words sit in the quoted passage
 * right above it (nearest passage first). Agreement and objection go to the
 * proposal in that passage when there is one; otherwise the item quoted
 * last, since a reply answers the words right above it. Every item's
 * sentences are indexed once, so each quoted passage costs its own length.
 */
import type { RawItem } from './items.js';
import { TextIndex } from '../shingles.js';
import { EXTRACT_TUNING } from './tuning.js';

const PREFERENCE: Record<RawItem['kind'], number> = {
  proposal: 3,
  concern: 2,
  oppose: 1,
  support: 1,
  question: 1,
  review: 0,
};

/** A patch is what the whole thread answers; a reply quoting a proposal made in the discussion answers that one. */
const rank = (item: RawItem): number => PREFERENCE[item.kind] - (item.patch ? 0.5 : 0);

export function findTargets(items: readonly RawItem[]): Map<RawItem, RawItem> {
  const index = new TextIndex<RawItem>(EXTRACT_TUNING.shingleWords.value);
  // A patch's text is long and quoted piecemeal; its sentences are indexed like any other item's.
  for (const item of items) for (const s of item.sentences) index.add(s, item);
  const out = new Map<RawItem, RawItem>();
  // The items of one reply share the quotes above them: look each quote up once.
  const hitsOf = new Map<string, { owner: RawItem; at: number }[]>();
  for (const item of items) {
    if (item.answers !== undefined) {
      out.set(item, item.answers);
      continue;
    }
    for (const passage of item.context) {
      let hits = hitsOf.get(passage);
      if (hits === undefined) {
        hits = index.hitsInOrder(passage);
        hitsOf.set(passage, hits);
      }
      let best: { item: RawItem; at: number } | null = null;
      for (const { owner, at } of hits) {
        // Never the same voice in the same message: one does not answer oneself in one breath.
        if (owner === item || (owner.message === item.message && owner.author === item.author)) continue;
        const better =
          best === null || rank(owner) > rank(best.item) || (rank(owner) === rank(best.item) && at >= best.at);
        if (better) best = { item: owner, at };
      }
      if (best !== null) {
        out.set(item, best.item);
        break;
      }
    }
  }
  return out;
}
