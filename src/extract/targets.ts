/**
 * The item a reply answers: the one whose words sit in the quoted passage
 * right above it (nearest passage first). Agreement and objection go to the
 * proposal in that passage when there is one; otherwise the last item quoted.
 */
import type { RawItem } from './items.js';

const PREFERENCE: Record<RawItem['kind'], number> = { proposal: 3, concern: 2, oppose: 1, support: 1, question: 1, review: 0 };

export function findTargets(items: readonly RawItem[]): Map<RawItem, RawItem> {
  const out = new Map<RawItem, RawItem>();
  for (const item of items) {
    for (const passage of item.context) {
      let best: { item: RawItem; at: number } | null = null;
      for (const other of items) {
        if (other === item || other.key.length < 8) continue;
        const at = passage.indexOf(other.key);
        if (at < 0) continue;
        const better = best === null
          || PREFERENCE[other.kind] > PREFERENCE[best.item.kind]
          || (PREFERENCE[other.kind] === PREFERENCE[best.item.kind] && at > best.at);
        if (better) best = { item: other, at };
      }
      if (best !== null) {
        out.set(item, best.item);
        break;
      }
    }
  }
  return out;
}
