/**
 * Entry point of extraction: one thread in, its items and options out.
 *
 *   collectItems (units: owned sentences -> learnt kinds -> runs; patches and trailers by structure)
 *   -> targets (the item a reply answers, from the quote above it)
 *   -> options (a proposal with the items that refine, back or attack it)
 */
import type { StoredThread } from '../store/types.js';
import { findIdentifiers } from './identifiers.js';
import { defaultModel, type Model } from './model.js';
import { collectItems, type RawItem } from './items.js';
import { forgetNormalized } from './lexicon.js';
import { buildOptions } from './options.js';
import { linkPolicies, policyCitations, type PolicyCitation } from './policies.js';
import { findTargets } from './targets.js';
import { forgetWords } from '../shingles.js';
import { forgetAnalyses } from './nlp.js';
import type { Extraction, Item } from './types.js';

export type { DesignOption, Extraction, Item, ItemKind, OptionStatus } from './types.js';
export type { PolicyCitation } from './policies.js';

/** Items and options of one thread; options citing a simulator policy's quoted words name that policy. */
export function extractThread(
  thread: StoredThread,
  citations: readonly PolicyCitation[] = policyCitations(),
  model: Model = defaultModel(),
): Extraction {
  // Per-thread memo tables: nothing learnt from one thread's text speeds up (or leaks into) the next.
  forgetNormalized();
  forgetWords();
  forgetAnalyses();
  const raw = collectItems(thread, model);
  const ids = new Map<RawItem, string>(raw.map((r, i) => [r, `${thread.id}:i${i + 1}`]));
  const targets = findTargets(raw);
  const { options, optionOf } = buildOptions(thread, raw, targets, ids);
  const items: Item[] = raw.map((r) => {
    const text = r.sentences.join(r.kind === 'review' || r.patch ? '\n\n' : ' ');
    const target = targets.get(r);
    return {
      id: ids.get(r) ?? '',
      kind: r.kind,
      thread: thread.id,
      message: r.message.key,
      author: r.author,
      date: r.date,
      text,
      target: target !== undefined ? (ids.get(target) ?? null) : null,
      file: r.hunk?.file ?? null,
      hunk: r.hunk?.header ?? null,
      option: optionOf.get(r) ?? null,
      identifiers: findIdentifiers(text),
    };
  });
  return { items, options: linkPolicies(options, items, citations) };
}
