/**
 * The labelled corpus's figures, all on threads the scoring model never saw:
 * leave-one-thread-out and leave-one-subsystem-out per-kind precision, recall
 * and F1; option counts per thread (the extractor run with the model trained
 * without that thread) against the labelled options; attribution accuracy;
 * Cohen's kappa where a thread was labelled twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractThread } from '../../src/extract/index.js';
import { setKnownSentenceInputs } from '../../src/extract/encoder.js';
import { corpusDir, corpusSentenceInput, loadCorpus, readSentenceVectors, type CorpusThread } from '../train/corpus.js';
import { crossValidate, kappa, samplesOf, scorePairs, type Scores } from '../train/cv.js';
import { DEFAULT_TRAINING, train } from '../train/mlp.js';

export interface ThreadOptions {
  readonly slug: string;
  readonly messages: number;
  readonly labelled: number;
  readonly extracted: number;
}

/**
 * Proposals as items, the way the key-phrase label sets score them: a labelled proposal (a run of
 * proposal units of one message and option) is found when an extracted proposal item holds one of its
 * sentences; an extracted proposal is right when it holds a sentence labelled proposal.
 */
export interface ItemScore {
  readonly labelled: number;
  readonly found: number;
  readonly extracted: number;
  readonly right: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface CorpusEvaluation {
  readonly threads: number;
  readonly folds: 'thread' | number;
  readonly units: number;
  readonly subsystems: readonly string[];
  readonly byThread: Scores;
  readonly bySubsystem: Scores;
  readonly perSubsystem: readonly { readonly subsystem: string; readonly scores: Scores }[];
  readonly options: readonly ThreadOptions[];
  /** Proposal items of every thread, extracted with the model trained without that thread. */
  readonly proposalItems: ItemScore | null;
  /** Share of labelled units whose author the labeller did not correct. */
  readonly attribution: { readonly correct: number; readonly n: number };
  readonly agreement: {
    readonly threads: number;
    readonly n: number;
    readonly kappa: number;
    readonly agreement: number;
  } | null;
}

/** Labelled options of a thread: proposals' distinct tags, or the options line when it lists more. */
function labelledOptions(t: CorpusThread): number {
  const tags = new Set(t.labels.filter((l) => l?.k === 'proposal' && l.o !== null).map((l) => l?.o));
  if (t.units.some((u) => u.role !== 'reply')) tags.add('patch');
  return Math.max(tags.size, t.options.length);
}

/**
 * `folds`: 'thread' trains one model per thread (leave one thread out: minutes of CPU on the whole corpus);
 * a number n deals the threads to n folds in slug order (the default, 10).
 */
export async function evaluateCorpus(
  root: string,
  opts: { options?: boolean; folds?: 'thread' | number } = {},
): Promise<CorpusEvaluation> {
  const corpus = await loadCorpus(root);
  const folds = opts.folds ?? 10;
  const sentence = corpusSentenceInput(root);
  setKnownSentenceInputs(readSentenceVectors(corpusDir(root)));
  const byThreadFolds = crossValidate(corpus, folds, DEFAULT_TRAINING, sentence);
  const byThread = scorePairs(byThreadFolds.flatMap((f) => f.pairs));
  const bySubsystemFolds = crossValidate(corpus, 'list', DEFAULT_TRAINING, sentence);
  const bySubsystem = scorePairs(bySubsystemFolds.flatMap((f) => f.pairs));
  const subsystems = [...new Set(corpus.map((t) => t.subsystem))].sort();
  const perSubsystem = subsystems.map((s) => ({
    subsystem: s,
    scores: scorePairs(
      byThreadFolds.flatMap((f) => f.pairs).filter((p) => corpus.find((t) => t.slug === p.thread)?.subsystem === s),
    ),
  }));
  const options: ThreadOptions[] = [];
  const tally = { labelled: 0, found: 0, extracted: 0, right: 0 };
  if (opts.options !== false) {
    const slugs = corpus.map((t) => t.slug).sort();
    const foldOf = (t: CorpusThread): string => (folds === 'thread' ? t.slug : String(slugs.indexOf(t.slug) % folds));
    const models = new Map<string, ReturnType<typeof train>['model']>();
    for (const t of corpus) {
      const fold = foldOf(t);
      let model = models.get(fold);
      if (model === undefined)
        models.set(
          fold,
          (model = train(
            samplesOf(corpus.filter((x) => foldOf(x) !== fold)),
            DEFAULT_TRAINING,
            'trained',
            sentence,
          ).model),
        );
      const extractions = t.threads.map((th) => extractThread(th, undefined, model));
      options.push({
        slug: t.slug,
        messages: t.threads.reduce((n, th) => n + th.messages.filter((m) => !m.ghost).length, 0),
        labelled: labelledOptions(t),
        extracted: extractions.reduce((n, e) => n + e.options.length, 0),
      });
      const items = extractions
        .flatMap((e) => e.items)
        .filter((i) => i.kind === 'proposal' && !i.text.includes('\n\n'));
      const flat = (x: string): string => x.replace(/\s+/g, ' ').trim().toLowerCase();
      const texts = items.map((i) => ({ message: i.message, text: flat(i.text) }));
      // Labelled proposals: runs of consecutive proposal units of one message and one option.
      const runs: string[][] = [];
      let last: { key: string; o: string | null } | null = null;
      t.units.forEach((u, i) => {
        const l = t.labels[i];
        if (l === null || l === undefined || l.k !== 'proposal' || u.role !== 'reply') {
          last = null;
          return;
        }
        const prev: { key: string; o: string | null } | null = last;
        if (prev !== null && prev.key === u.message.key && prev.o === l.o) runs[runs.length - 1]?.push(flat(u.text));
        else runs.push([flat(u.text)]);
        last = { key: u.message.key, o: l.o };
      });
      const labelledTexts = new Set(runs.flat());
      tally.labelled += runs.length;
      tally.found += runs.filter((r) => r.some((s) => texts.some((x) => x.text.includes(s)))).length;
      tally.extracted += texts.length;
      tally.right += texts.filter((x) => [...labelledTexts].some((s) => x.text.includes(s))).length;
    }
  }
  const precision = tally.extracted === 0 ? 0 : tally.right / tally.extracted;
  const recall = tally.labelled === 0 ? 0 : tally.found / tally.labelled;
  const proposalItems =
    opts.options === false
      ? null
      : {
          ...tally,
          precision,
          recall,
          f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
        };
  const labelled = corpus.flatMap((t) => t.labels.filter((l) => l !== null));
  const attribution = { correct: labelled.filter((l) => l?.w === null).length, n: labelled.length };
  let agreement: CorpusEvaluation['agreement'] = null;
  if (fs.existsSync(path.join(corpusDir(root), 'labels-2'))) {
    const second = await loadCorpus(root, 'labels-2');
    const pairs = second
      .map((s) => {
        const first = corpus.find((t) => t.slug === s.slug);
        return first === undefined ? null : { first: first.labels, second: s.labels };
      })
      .filter((x) => x !== null);
    if (pairs.length > 0) {
      const k = kappa(
        pairs.flatMap((p) => p.first),
        pairs.flatMap((p) => p.second),
      );
      agreement = { threads: pairs.length, ...k };
    }
  }
  return {
    threads: corpus.length,
    folds,
    units: samplesOf(corpus).length,
    subsystems,
    byThread,
    bySubsystem,
    perSubsystem,
    options,
    proposalItems,
    attribution,
    agreement,
  };
}
