/**
 * Scoring with the rules written at the top of the seed gold file: a label
 * is matched by an item of the same kind (or an `alt` kind) whose author
 * matches and whose text contains the key phrase (whitespace collapsed, '>'
 * removed); the label is matched once, by the tightest such item, and
 * further items with its words are duplicates. Labels list every proposal
 * but only a sample of the other kinds, so precision is scored on proposals
 * (only those from the labelled messages, when the file has a `scope`) and
 * recall on everything; overall F1 = F1(proposal precision, overall recall).
 */
import { dayOf } from '../../src/extract/people.js';
import { personKey } from '../../src/mail/names.js';
import type { Item, ItemKind } from '../../src/extract/types.js';
import { KINDS, type Gold, type Label } from './gold.js';
import type { SeedRun } from './run.js';

const flat = (s: string): string => s.replace(/>/g, ' ').replace(/\s+/g, ' ').trim();

export interface Scores {
  readonly perKind: Record<
    ItemKind,
    { labels: number; matched: number; predicted: number; recall: number; precision: number | null; f1: number | null }
  >;
  readonly proposal: { precision: number; recall: number; f1: number };
  readonly overall: { precision: number; recall: number; f1: number };
  readonly duplicates: number;
  readonly attribution: { author: number; date: number; n: number };
  readonly target: { correct: number; n: number };
  readonly hunk: { correct: number; n: number };
  readonly threading: { correct: number; n: number } | null;
  readonly missed: readonly string[];
  /** Labels with a target whose item answers something else: label, wanted label, the words of what it got. */
  readonly wrongTargets: readonly string[];
  /** Proposals predicted in the labelled messages that no label matched. */
  readonly unmatched: readonly string[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const bare = (id: string): string => id.replace(/^<|>$/g, '');

export function score(gold: Gold, runs: readonly SeedRun[]): Scores {
  const itemsOf = (seed: string): readonly Item[] => runs.find((r) => r.seed === seed)?.items ?? [];
  const kindOk = (l: Label, i: Item): boolean => i.kind === l.kind || (l.alt ?? []).includes(i.kind);
  const textOk = (l: Label, i: Item): boolean => flat(i.text).includes(flat(l.key));
  const authorOk = (l: Label, i: Item): boolean => personKey(l.author) === personKey(i.author);
  const chosen = new Map<string, Item>();
  const usedItems = new Set<Item>();
  let authorRight = 0;
  let authorN = 0;
  for (const l of gold.labels) {
    const byText = itemsOf(l.seed).filter((i) => kindOk(l, i) && textOk(l, i));
    if (byText.length > 0) {
      authorN++;
      if (byText.some((i) => authorOk(l, i))) authorRight++;
    }
    // The tightest item carrying the words: a cover letter holds its alternatives' words too.
    const hit =
      byText.filter((i) => authorOk(l, i) && !usedItems.has(i)).sort((a, b) => a.text.length - b.text.length)[0] ??
      byText.find((i) => authorOk(l, i));
    if (hit !== undefined) {
      chosen.set(l.id, hit);
      usedItems.add(hit);
    }
  }
  // Items carrying a matched label's words that were not the match: quoted copies or repeats.
  let duplicates = 0;
  for (const run of runs) {
    for (const i of run.items) {
      if (usedItems.has(i)) continue;
      if (
        gold.labels.some(
          (l) =>
            l.seed === run.seed &&
            chosen.has(l.id) &&
            kindOk(l, i) &&
            textOk(l, i) &&
            flat(i.text).length < 4 * flat(l.key).length + 200,
        )
      )
        duplicates++;
    }
  }
  const scoped = inScope(gold, runs);
  const allItems = runs.flatMap((r) => r.items).filter(scoped);
  const perKind = {} as Scores['perKind'];
  for (const k of KINDS) {
    const labels = gold.labels.filter((l) => l.kind === k);
    const matched = labels.filter((l) => chosen.has(l.id)).length;
    const predicted = allItems.filter((i) => i.kind === k);
    const recall = ratio(matched, labels.length);
    const precision =
      k === 'proposal' ? ratio(predicted.filter((i) => usedItems.has(i)).length, predicted.length) : null;
    perKind[k] = {
      labels: labels.length,
      matched,
      predicted: predicted.length,
      recall,
      precision,
      f1: precision === null ? null : f1(precision, recall),
    };
  }
  const proposal = {
    precision: perKind.proposal.precision ?? 0,
    recall: perKind.proposal.recall,
    f1: perKind.proposal.f1 ?? 0,
  };
  const overallRecall = ratio(chosen.size, gold.labels.length);
  let dateRight = 0;
  for (const [id, item] of chosen) {
    const l = gold.labels.find((x) => x.id === id);
    if (l !== undefined && dayOf(l.date) === dayOf(item.date)) dateRight++;
  }
  let targetRight = 0;
  const targeted = gold.labels.filter((l) => l.target !== undefined && chosen.has(l.id));
  const wrongTargets: string[] = [];
  const byId = new Map(runs.flatMap((r) => r.items).map((i) => [i.id, i]));
  for (const l of targeted) {
    const want = chosen.get(l.target ?? '');
    const got = chosen.get(l.id)?.target ?? null;
    if (want !== undefined && got === want.id) targetRight++;
    else
      wrongTargets.push(
        `${l.id} -> ${l.target ?? '?'}${want === undefined ? ' (unmatched)' : ''}, got: ${got === null ? 'none' : flat(byId.get(got)?.text ?? got).slice(0, 90)}`,
      );
  }
  let hunkRight = 0;
  const reviews = gold.labels.filter((l) => l.file !== undefined && chosen.has(l.id));
  for (const l of reviews) if (chosen.get(l.id)?.file === l.file) hunkRight++;
  return {
    perKind,
    proposal,
    overall: { precision: proposal.precision, recall: overallRecall, f1: f1(proposal.precision, overallRecall) },
    duplicates,
    attribution: { author: ratio(authorRight, authorN), date: ratio(dateRight, chosen.size), n: chosen.size },
    target: { correct: targetRight, n: targeted.length },
    hunk: { correct: hunkRight, n: reviews.length },
    threading: scoreThreading(gold, runs),
    wrongTargets,
    missed: gold.labels.filter((l) => !chosen.has(l.id)).map((l) => `${l.id} ${l.kind} ${l.author ?? '-'}: ${l.key}`),
    unmatched: allItems
      .filter((i) => i.kind === 'proposal' && !usedItems.has(i))
      .map((i) => `${i.author ?? '-'}: ${flat(i.text).slice(0, 110)}`),
  };
}

/** Items from the messages the labels file says were read (all items when it has no scope). */
function inScope(gold: Gold, runs: readonly SeedRun[]): (i: Item) => boolean {
  if (gold.scope === undefined) return () => true;
  const ids = new Set(gold.scope.flatMap((s) => s.messages.map(bare)));
  const keys = new Set(
    runs
      .flatMap((r) => r.threads.flatMap((t) => t.messages))
      .filter((m) => m.messageId !== null && ids.has(bare(m.messageId)))
      .map((m) => m.key),
  );
  return (i) => keys.has(i.message);
}

/** Seed 002: does every archived message hang under the message gold says it answers? */
function scoreThreading(gold: Gold, runs: readonly SeedRun[]): { correct: number; n: number } | null {
  const threading = gold.threading;
  if (threading === undefined) return null;
  const run = runs.find((r) => r.seed === threading.seed);
  const messages = (run?.threads ?? []).flatMap((t) => t.messages).filter((m) => !m.reconstructed && !m.ghost);
  const minute = (iso: string | null): number => (iso === null ? NaN : Math.floor(Date.parse(iso) / 60000));
  const keyOf = new Map<number, string>();
  for (const g of threading.messages) {
    const m = messages.find(
      (x) =>
        personKey(x.author.name) === personKey(g.author) &&
        Math.abs(minute(x.date) - minute(g.date.replace('Z', ':00Z'))) <= 1,
    );
    if (m !== undefined) keyOf.set(g.n, m.key);
  }
  let correct = 0;
  for (const g of threading.messages) {
    const m = messages.find((x) => x.key === keyOf.get(g.n));
    if (m === undefined) continue;
    const want = g.parent === null ? null : (keyOf.get(g.parent) ?? 'missing');
    if (m.parent === want) correct++;
  }
  return { correct, n: threading.messages.length };
}
