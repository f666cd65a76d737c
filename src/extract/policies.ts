/**
 * Linking design options to the simulator policies that replay them. Each
 * policy file cites the words of the mail it comes from (provenance.quote);
 * an option whose items hold most of those words (matched by shingles, so
 * re-wrapping, quote markers and a trailing note in the citation do not
 * matter) is the option that policy implements. Nothing here names a
 * policy: the policy data decides.
 */
import { loadFamilies, loadPolicies } from '../sim/index.js';
import { personKey } from '../mail/names.js';
import { dayOf } from './people.js';
import { TextIndex } from '../shingles.js';
import type { DesignOption, Item } from './types.js';
import { EXTRACT_TUNING as T } from './tuning.js';

export interface PolicyCitation {
  readonly id: string;
  readonly quote: string;
  /** Who wrote the cited words and when (YYYY-MM-DD), from the policy's provenance. */
  readonly author?: string | null;
  readonly date?: string | null;
}

let cached: readonly PolicyCitation[] | null = null;

/** The citations of the simulator's own policy files, loaded once through its loader. */
export function policyCitations(): readonly PolicyCitation[] {
  if (cached === null) {
    try {
      const family = loadFamilies().flatMap((f) => [...f.policies.values()]);
      cached = [...loadPolicies().values(), ...family].map((p) => ({
        id: p.id,
        quote: p.provenance.quote,
        author: p.provenance.author,
        date: p.provenance.date,
      }));
    } catch {
      // Without readable policy data extraction still works; options just name no policy.
      cached = [];
    }
  }
  return cached;
}

/** Share of a citation's words an option must hold: most of the quote, not a phrase in common. */
const MIN_SHARE = T.policyMinShare.value;
/** Shares this close are a tie: a re-wrapped quote or an "(e.g. ...)" moves a share by a few points. */
const TIE = T.policyTie.value;

interface Candidate {
  readonly option: string;
  readonly policy: string;
  readonly share: number;
  /** 1 when the citation's author and day are the option's proposer and day. */
  readonly provenance: number;
  /** Share of the option's title words the citation holds: is the quote about what the option proposes, or its background? */
  readonly specific: number;
}

const STOP = new Set([
  'the',
  'and',
  'for',
  'with',
  'that',
  'this',
  'are',
  'was',
  'not',
  'but',
  'into',
  'from',
  'have',
  'has',
  'can',
  'could',
  'would',
  'should',
  'will',
  'all',
  'any',
  'one',
  'its',
  'their',
  'them',
  'then',
  'than',
  'when',
  'also',
]);

/** Content words, crudely stemmed ("caches" = "cache", "domains" = "domain"). */
function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[a-z0-9_]+(?:-[a-z0-9_]+)*/g) ?? []) {
    if (w.length < 3 || STOP.has(w)) continue;
    out.add(w.length > 4 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w);
  }
  return out;
}

function containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
  if (part.size === 0) return 0;
  let n = 0;
  for (const w of part) if (whole.has(w)) n++;
  return n / part.size;
}

/**
 * Either direction counts: the option holds most of the quote (a policy
 * citing one sentence of a long proposal), or the quote holds most of one
 * of the option's proposals (a policy citing a proposal and what followed).
 *
 * Several policies can cite words of one option (a patch's commit message
 * holds both the risk it answers and the fix it makes). Each option takes
 * one policy and each policy one option, best pair first: the larger share
 * of the quote, then, among near-equal shares, the citation by the option's
 * own proposer on its day, then the one whose words name what the option
 * proposes (its title) rather than its background. The loser of a tie keeps
 * its next-best option, if any holds enough of its words.
 */
export function linkPolicies(
  options: readonly DesignOption[],
  items: readonly Item[],
  citations: readonly PolicyCitation[],
): DesignOption[] {
  if (citations.length === 0 || options.length === 0) return [...options];
  const optionWords = new TextIndex<string>(T.shingleWords.value);
  const quoteWords = new TextIndex<string>(T.shingleWords.value);
  for (const c of citations) quoteWords.add(c.quote, c.id);
  const byId = new Map(items.map((i) => [i.id, i]));
  const shares = new Map<string, number>();
  const offer = (option: string, policy: string, share: number): void => {
    const key = `${option}\u0000${policy}`;
    if (share > (shares.get(key) ?? 0)) shares.set(key, share);
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
  if (shares.size === 0) return options.map((o) => ({ ...o, policy: null }));
  const optionById = new Map(options.map((o) => [o.id, o]));
  const citationById = new Map(citations.map((c) => [c.id, c]));
  const candidates: Candidate[] = [...shares].map(([key, share]) => {
    const [option = '', policy = ''] = key.split('\u0000');
    const o = optionById.get(option);
    const c = citationById.get(policy);
    const proposer = o === undefined ? undefined : byId.get(o.items[0] ?? '');
    const sameAuthor =
      proposer !== undefined && c?.author != null && personKey(c.author) === personKey(proposer.author);
    const sameDay = proposer !== undefined && c?.date != null && dayOf(c.date) === dayOf(proposer.date);
    return {
      option,
      policy,
      share,
      provenance: sameAuthor && sameDay ? 1 : 0,
      specific: containment(contentWords(o?.title ?? ''), contentWords(c?.quote ?? '')),
    };
  });
  candidates.sort((a, b) =>
    Math.abs(a.share - b.share) > TIE
      ? b.share - a.share
      : b.provenance - a.provenance || b.specific - a.specific || b.share - a.share,
  );
  const chosen = new Map<string, string>();
  const placed = new Set<string>();
  for (const c of candidates) {
    if (chosen.has(c.option) || placed.has(c.policy)) continue;
    chosen.set(c.option, c.policy);
    placed.add(c.policy);
  }
  return options.map((o) => ({ ...o, policy: chosen.get(o.id) ?? null }));
}
