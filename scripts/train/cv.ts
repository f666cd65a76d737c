/**
 * Cross-validated figures of the unit classifier on the labelled corpus:
 * each thread (or each list) is predicted by a model trained on all the
 * others, so every figure is one on threads the model never saw.
 */
import { UNIT_KINDS, classify, type Model, type SentenceInput, type UnitKind } from '../../src/extract/model.js';
import { isPatchText } from '../../src/extract/units.js';
import type { CorpusThread, Label } from './corpus.js';
import { DEFAULT_TRAINING, train, type Sample, type TrainOptions } from './mlp.js';

export interface KindScore {
  readonly labels: number;
  readonly predicted: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}
export interface Scores {
  readonly perKind: Record<UnitKind, KindScore>;
  /** Micro-averaged over the item kinds (every kind but none). */
  readonly items: KindScore;
  readonly units: number;
}

export function samplesOf(threads: readonly CorpusThread[]): Sample[] {
  return threads.flatMap((t) =>
    t.labels.flatMap((l, i) => {
      const u = t.units[i];
      // A patch's own commit message is never classified (predictUnit), so it teaches nothing.
      if (l === null || (u !== undefined && isPatchText(u))) return [];
      return [
        {
          features: t.features[i] ?? [],
          ...(t.sentences[i] === undefined ? {} : { sentence: t.sentences[i] }),
          kind: l.k,
          key: `${t.slug}\u0000${l.m}\u0000${u?.text ?? l.t}\u0000${(t.features[i] ?? []).join(' ')}`,
        },
      ];
    }),
  );
}

const score = (labels: number, predicted: number, correct: number): KindScore => {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = labels === 0 ? 0 : correct / labels;
  return {
    labels,
    predicted,
    correct,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
};

export function scorePairs(pairs: readonly { gold: UnitKind; predicted: UnitKind }[]): Scores {
  const perKind = {} as Record<UnitKind, KindScore>;
  let g = 0,
    p = 0,
    c = 0;
  for (const k of UNIT_KINDS) {
    const labels = pairs.filter((x) => x.gold === k).length;
    const predicted = pairs.filter((x) => x.predicted === k).length;
    const correct = pairs.filter((x) => x.gold === k && x.predicted === k).length;
    perKind[k] = score(labels, predicted, correct);
    if (k !== 'none') {
      g += labels;
      p += predicted;
      c += correct;
    }
  }
  return { perKind, items: score(g, p, c), units: pairs.length };
}

/** What the extractor makes of unit i: a patch's own commit message is the patch option, never classified (items.ts). */
export function predictUnit(model: Model, t: CorpusThread, i: number): UnitKind {
  const u = t.units[i];
  if (u !== undefined && isPatchText(u)) return 'none';
  return classify(model, t.features[i] ?? [], model.sentence === null ? undefined : t.sentences[i]);
}

export interface Fold {
  readonly held: string;
  readonly pairs: { gold: UnitKind; predicted: UnitKind; thread: string }[];
}

/**
 * Predictions for every labelled unit, each by a model trained without its group: its thread, its
 * subsystem's list, or (a number n) its fold of n, the threads dealt to folds in slug order.
 */
export function crossValidate(
  corpus: readonly CorpusThread[],
  by: 'thread' | 'list' | number,
  opts: TrainOptions = DEFAULT_TRAINING,
  sentence: SentenceInput | null = null,
): Fold[] {
  const slugs = corpus.map((t) => t.slug).sort();
  const group = (t: CorpusThread): string =>
    by === 'thread' ? t.slug : by === 'list' ? t.subsystem : `fold ${slugs.indexOf(t.slug) % by}`;
  const groups = [...new Set(corpus.map(group))].sort();
  // A group is predicted only by a model that saw other data (one subsystem alone has no leave-one-out).
  return groups
    .filter((held) => corpus.some((t) => group(t) !== held))
    .map((held) => {
      const { model } = train(samplesOf(corpus.filter((t) => group(t) !== held)), opts, 'trained', sentence);
      const pairs = corpus
        .filter((t) => group(t) === held)
        .flatMap((t) =>
          t.labels.flatMap((l, i) =>
            l === null ? [] : [{ gold: l.k, predicted: predictUnit(model, t, i), thread: t.slug }],
          ),
        );
      return { held, pairs };
    });
}

/** Cohen's kappa on the kind, over the units two labellings share. */
export function kappa(
  a: readonly (Label | null)[],
  b: readonly (Label | null)[],
): { n: number; kappa: number; agreement: number } {
  const pairs: [UnitKind, UnitKind][] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x !== null && y !== null && y !== undefined) pairs.push([x.k, y.k]);
  });
  const n = pairs.length;
  if (n === 0) return { n, kappa: NaN, agreement: NaN };
  const observed = pairs.filter(([x, y]) => x === y).length / n;
  let expected = 0;
  for (const k of UNIT_KINDS)
    expected += (pairs.filter(([x]) => x === k).length / n) * (pairs.filter(([, y]) => y === k).length / n);
  return { n, kappa: expected === 1 ? 1 : (observed - expected) / (1 - expected), agreement: observed };
}
