/**
 * Linking design options to the simulator policies that replay them. Each
 * policy file cites the words of the mail it comes from (provenance.quote);
 * an option whose items hold most of those words (matched by shingles, so
 * re-wrapping, quote markers and a trailing note in the citation do not
 * matter) is the option that policy implements. Nothing here names a
 * policy: the policy data decides.
 */
import { loadPolicies } from '../sim/index.js';
import { TextIndex } from './text-index.js';
import type { DesignOption, Item } from './types.js';

export interface PolicyCitation {
  readonly id: string;
  readonly quote: string;
}

let cached: readonly PolicyCitation[] | null = null;

/** The citations of the simulator's own policy files, loaded once through its loader. */
export function policyCitations(): readonly PolicyCitation[] {
  if (cached === null) {
    try {
      cached = [...loadPolicies().values()].map((p) => ({ id: p.id, quote: p.provenance.quote }));
    } catch {
      // Without readable policy data extraction still works; options just name no policy.
      cached = [];
    }
  }
  return cached;
}

/** Share of a citation's words an option must hold: most of the quote, not a phrase in common. */
const MIN_SHARE = 0.5;

/**
 * Either direction counts: the option holds most of the quote (a policy
 * citing one sentence of a long proposal), or the quote holds most of one
 * of the option's proposals (a policy citing a proposal and what followed).
 */
export function linkPolicies(options: readonly DesignOption[], items: readonly Item[], citations: readonly PolicyCitation[]): DesignOption[] {
  if (citations.length === 0 || options.length === 0) return [...options];
  const optionWords = new TextIndex<string>();
  const quoteWords = new TextIndex<string>();
  for (const c of citations) quoteWords.add(c.quote, c.id);
  const byId = new Map(items.map((i) => [i.id, i]));
  const best = new Map<string, { policy: string; share: number }>();
  const offer = (option: string, policy: string, share: number): void => {
    const prior = best.get(option);
    if (prior === undefined || share > prior.share) best.set(option, { policy, share });
  };
  for (const o of options) {
    for (const id of o.items) {
      const item = byId.get(id);
      // Support and objections quote the option's words too; the option's own words are its proposals.
      if (item === undefined || item.kind !== 'proposal') continue;
      optionWords.add(item.text, o.id);
      if (item.text.split(/\s+/).length < 8) continue;
      for (const hit of quoteWords.find(item.text, MIN_SHARE)) offer(o.id, hit.owner, hit.share);
    }
  }
  for (const c of citations) for (const hit of optionWords.find(c.quote, MIN_SHARE)) offer(hit.owner, c.id, hit.share);
  // One option per policy in a thread: the one that holds its words best.
  const bestFor = new Map<string, { option: string; share: number }>();
  for (const [option, { policy, share }] of best) {
    const prior = bestFor.get(policy);
    if (prior === undefined || share > prior.share) bestFor.set(policy, { option, share });
  }
  const chosen = new Map([...bestFor].map(([policy, { option }]) => [option, policy]));
  return options.map((o) => ({ ...o, policy: chosen.get(o.id) ?? null }));
}
