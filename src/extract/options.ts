/**
 * Design options: every proposal opens one; support, objections, concerns
 * and questions join the option of the item they answer; review comments
 * join the option of the patch they review.
 *
 * Where an option stood when the thread ended, from who said what about it:
 * - superseded: its proposer agreed to an alternative put forward in answer
 *   to it, or its proposer or one of its objectors put a later option
 *   forward in answer to it (through the item the proposal answers, else
 *   the message it replies to) and nobody backed the original afterwards.
 *   The successor is that answering option, not merely the next in time.
 * - a patch with review tags (Reviewed-by, Acked-by, Tested-by) and no Nacked-by: supported, even
 *   when its author later takes up a reviewer's idea (that refines the series);
 * - otherwise the last stance taken by someone other than the proposer:
 *   support -> supported; an objection (a refusal, or a drawback raised
 *   against the proposer's words) -> opposed while nobody answered it, open
 *   once the proposer or another voice replied to it.
 * The proposer's own "no" to an objection defends the option; it is not a
 * stance against it.
 */
import type { StoredMessage, StoredThread } from '../store/types.js';
import { jaccard, type RawItem } from './items.js';
import { personKey } from '../mail/names.js';
import { titleFrom, titleFromSubject } from './title.js';
import type { DesignOption, OptionStatus } from './types.js';
import { EXTRACT_TUNING as T } from './tuning.js';

interface Building {
  id: string;
  title: string;
  proposal: RawItem;
  members: RawItem[];
}

/** When an item was written; NaN when the words carry no date (a quote its reply does not date). */
function when(item: RawItem): number {
  return item.date === null ? NaN : Date.parse(item.date);
}
/** Earlier by date; by the order found (quoted voices first) when either is undated or both share a date. */
const before = (a: RawItem, b: RawItem): boolean => {
  const x = when(a);
  const y = when(b);
  return Number.isNaN(x) || Number.isNaN(y) || x === y ? a.seq < b.seq : x < y;
};
/** The model's probability a proposal needs to open an option of its own (extract/tuning.ts). */
const OPENS_OPTION = T.opensOption.value;
/** Share of content words two proposals must have in common to be one option put forward twice. */
const NEAR_DUPLICATE = T.nearDuplicate.value;
const STOP = new Set([
  'the',
  'and',
  'that',
  'this',
  'with',
  'for',
  'not',
  'but',
  'are',
  'can',
  'could',
  'would',
  'should',
  'have',
  'has',
  'then',
  'than',
  'just',
  'into',
  'from',
  'some',
  'there',
  'what',
  'which',
  'when',
  'also',
  'maybe',
  'think',
  'way',
  'why',
  'how',
  'about',
  'you',
  'we',
  'it',
  'its',
  "it's",
  'be',
  'is',
  'do',
  'if',
  'or',
  'to',
  'of',
  'in',
  'on',
  'a',
  'an',
]);
function contentWords(sentences: readonly string[]): Set<string> {
  return new Set(
    (
      sentences
        .join(' ')
        .toLowerCase()
        .match(/[\p{L}\p{N}_>.-]{3,}/gu) ?? []
    )
      .map((w) => w.replace(/[.-]+$/, ''))
      .filter((w) => w.length >= 3 && !STOP.has(w)),
  );
}
const same = (a: string | null, b: string | null): boolean => a !== null && b !== null && personKey(a) === personKey(b);

export function buildOptions(
  thread: StoredThread,
  items: readonly RawItem[],
  targets: ReadonlyMap<RawItem, RawItem>,
  ids: ReadonlyMap<RawItem, string>,
) {
  const optionOf = new Map<RawItem, string>();
  const building = new Map<string, Building>();
  let n = 0;
  const wordsOf = new Map<RawItem, Set<string>>();
  const words = (i: RawItem): Set<string> => {
    let w = wordsOf.get(i);
    if (w === undefined) {
      w = contentWords(i.sentences);
      wordsOf.set(i, w);
    }
    return w;
  };
  const resolveOption = (item: RawItem): string | undefined => {
    let at = targets.get(item);
    for (let hops = 0; at !== undefined && hops < 8; hops++) {
      const own = optionOf.get(at);
      if (own !== undefined) return own;
      at = targets.get(at);
    }
    return undefined;
  };
  const patchOptionId = (): string | undefined => [...building.values()].find((b) => b.proposal.patch)?.id;
  for (const item of items) {
    if (item.kind !== 'proposal') continue;
    // A refinement of an option already on the table joins it: the proposer restating or extending their own
    // proposal in answer to its discussion, or anyone putting the same thing forward again in other words.
    // The patches of a series (cover letter, patches, a respin posted in the thread) by one author are one option.
    const series = item.patch
      ? [...building.values()].find((b) => b.proposal.patch && same(b.proposal.author, item.author))
      : undefined;
    if (series !== undefined) {
      series.members.push(item);
      optionOf.set(item, series.id);
      continue;
    }
    const answered = targets.get(item);
    const refined =
      answered !== undefined && answered.kind === 'proposal' && !answered.patch && same(answered.author, item.author)
        ? optionOf.get(answered)
        : undefined;
    const twin =
      refined ??
      [...building.values()].find((b) => !b.proposal.patch && jaccard(words(b.proposal), words(item)) >= NEAR_DUPLICATE)
        ?.id;
    // A suggestion the model is unsure of does not open an option of its own: it stays an item of the
    // option it answers (most often the patch), where a reviewer reading that option sees it.
    const doubtful = item.confidence < OPENS_OPTION ? (resolveOption(item) ?? patchOptionId()) : undefined;
    const joined =
      twin === undefined ? (doubtful === undefined ? undefined : building.get(doubtful)) : building.get(twin);
    if (joined !== undefined) {
      joined.members.push(item);
      optionOf.set(item, joined.id);
      continue;
    }
    const id = `${thread.id}:o${++n}`;
    const title = item.patch
      ? titleFromSubject(item.message.subject || thread.subject)
      : titleFrom(item.sentences.join(' '));
    building.set(id, { id, title, proposal: item, members: [item] });
    optionOf.set(item, id);
  }
  const patchOption = items.find((i) => i.patch);
  const resolve = (item: RawItem): string | null => {
    let at: RawItem | undefined = item;
    for (let hops = 0; at !== undefined && hops < 8; hops++) {
      const own = optionOf.get(at);
      if (own !== undefined && at !== item) return own;
      at = targets.get(at);
    }
    return null;
  };
  // Quote ancestry: the option whose proposal sits in the nearest message this one replies to.
  const byKey = new Map<string, StoredMessage>(thread.messages.map((m) => [m.key, m]));
  const proposalsIn = new Map<string, Building[]>();
  for (const b of building.values()) {
    const list = proposalsIn.get(b.proposal.message.key) ?? [];
    list.push(b);
    proposalsIn.set(b.proposal.message.key, list);
  }
  const ancestorOption = (item: RawItem): string | null => {
    let key = item.message.parent;
    for (let hops = 0; key !== null && hops < 4; hops++) {
      const found = proposalsIn.get(key)?.filter((b) => !same(b.proposal.author, item.author) || b.proposal.patch);
      if (found !== undefined && found.length > 0) return found[found.length - 1]?.id ?? null;
      key = byKey.get(key)?.parent ?? null;
    }
    return null;
  };
  /** The option each later proposal answers. */
  const answers = new Map<RawItem, string>();
  for (const item of items) {
    if (item.kind === 'proposal') {
      const answered =
        resolve(item) ??
        (item.message.parent !== null && targets.get(item) === undefined ? ancestorOption(item) : null);
      if (answered !== null && answered !== optionOf.get(item)) answers.set(item, answered);
      continue;
    }
    const option =
      item.kind === 'review' && patchOption !== undefined ? (optionOf.get(patchOption) ?? null) : resolve(item);
    if (option === null) continue;
    optionOf.set(item, option);
    building.get(option)?.members.push(item);
  }
  // An option is an alternative the thread discussed: a suggestion nobody else took up (no answer by
  // another person) is folded into the option it answers, or the patch's, where its words stay visible.
  const patchId = patchOption === undefined ? undefined : optionOf.get(patchOption);
  // The patch's author putting forward a change to their own patch revises the patch: the same option.
  const patchAuthor = patchId === undefined ? null : (building.get(patchId)?.proposal.author ?? null);
  for (const b of [...building.values()]) {
    if (b.proposal.patch) continue;
    const into = answers.get(b.proposal) ?? patchId;
    const revision = same(b.proposal.author, patchAuthor) && into === patchId;
    if (!revision && b.members.some((m) => !same(m.author, b.proposal.author))) continue;
    // "No, do Z instead": a counter-proposal made with an objection to the option it answers is an alternative to it, taken up or not.
    const objected =
      into !== undefined &&
      (building.get(into)?.members.some((m) => m.message === b.proposal.message && m.kind === 'oppose') ?? false);
    if (objected && !revision) continue;
    const target = into === undefined || into === b.id ? undefined : building.get(into);
    if (target === undefined) continue;
    for (const m of b.members) {
      target.members.push(m);
      optionOf.set(m, target.id);
    }
    building.delete(b.id);
  }
  for (const [item, id] of answers) if (!building.has(id) || optionOf.get(item) === id) answers.delete(item);
  const repliedTo = new Set<string>();
  for (const m of thread.messages)
    if (m.parent !== null) repliedTo.add(`${m.parent}\u0000${personKey(m.author.name ?? m.author.email)}`);

  const options: DesignOption[] = [...building.values()].map((b) => {
    const proposer = b.proposal.author;
    const others = b.members.filter((m) => !same(m.author, proposer));
    // An objection: a refusal, or a drawback raised against the proposer's own words.
    const objections = others.filter(
      (m) =>
        m.kind === 'oppose' ||
        (m.kind === 'concern' &&
          (() => {
            const t = targets.get(m);
            return t !== undefined && optionOf.get(t) === b.id && (t === b.proposal || same(t.author, proposer));
          })()),
    );
    const objectors = objections.map((m) => m.author);
    const supports = others.filter((m) => m.kind === 'support');
    // Later options put forward in answer to this one, by its proposer or by someone who objected to it.
    // A patch's author answering its review with a further proposal refines the patch; it does not replace it.
    // A posted patch is replaced only when its author concedes (below): review answering it with ideas refines it.
    const successors = b.proposal.patch
      ? []
      : items.filter(
          (p) =>
            p.kind === 'proposal' &&
            answers.get(p) === b.id &&
            before(b.proposal, p) &&
            (same(p.author, proposer) ||
              objectors.some((a) => same(a, p.author)) ||
              b.members.some((m) => m.message === p.message && m.kind === 'oppose')),
        );
    // The proposer agreeing to an alternative answering this option (or put forward by one of its objectors).
    const conceded = items
      .filter((s) => s.kind === 'support' && same(s.author, proposer) && before(b.proposal, s))
      .map((s) => {
        const other = optionOf.get(s) ?? null;
        const o = other !== null && other !== b.id ? building.get(other) : undefined;
        if (o === undefined || !before(b.proposal, o.proposal)) return null;
        const related = answers.get(o.proposal) === b.id || objectors.some((a) => same(a, o.proposal.author));
        return related ? { at: s, option: o.id } : null;
      })
      .filter((x): x is { at: RawItem; option: string } => x !== null);
    let status: OptionStatus = 'open';
    let supersededBy: string | null = null;
    const lastConceded = conceded.sort((x, y) => (before(x.at, y.at) ? -1 : 1))[conceded.length - 1];
    // The answer given last; of the options one reply puts forward, the first is its headline (the rest detail it).
    const latest = successors.reduce<RawItem | undefined>(
      (acc, p) => (acc === undefined || before(acc, p) ? p : acc),
      undefined,
    );
    const lastSuccessor =
      latest === undefined
        ? undefined
        : successors.filter((p) => p.message === latest.message).sort((x, y) => x.seq - y.seq)[0];
    // Review tags are the list's own verdict on a patch: Reviewed-by/Acked-by without a NAK keeps it
    // supported whatever came after (its author taking up a reviewer's idea refines the series; a later
    // worry stays visible as an item of the option).
    const tagged =
      b.proposal.patch &&
      supports.some((m) => m.answers !== undefined) &&
      !objections.some((m) => m.answers !== undefined);
    if (lastConceded !== undefined && !tagged) {
      status = 'superseded';
      supersededBy = lastConceded.option;
    } else if (lastSuccessor !== undefined && !supports.some((s) => before(lastSuccessor, s))) {
      status = 'superseded';
      supersededBy = optionOf.get(lastSuccessor) ?? null;
    } else {
      const stances = [...supports, ...objections].sort((x, y) => (before(x, y) ? -1 : 1));
      const last = stances[stances.length - 1];
      if (last?.kind === 'support' || tagged) status = 'supported';
      else if (last !== undefined) {
        const answered =
          b.members.some((m) => targets.get(m) === last && !same(m.author, last.author) && before(last, m)) ||
          (repliedTo.has(`${last.message.key}\u0000${personKey(proposer)}`) && !same(last.author, proposer));
        status = answered ? 'open' : 'opposed';
      }
    }
    return {
      id: b.id,
      thread: thread.id,
      title: b.title,
      items: b.members.map((m) => ids.get(m) ?? '').filter((s) => s !== ''),
      policy: null,
      status,
      supersededBy,
    };
  });
  return { options, optionOf };
}
