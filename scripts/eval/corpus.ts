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
import { loadCorpus, corpusDir, type CorpusThread } from '../train/corpus.js';
import { crossValidate, kappa, modelOf, samplesOf, scorePairs, type Scores } from '../train/cv.js';
import { train } from '../train/logreg.js';

export interface ThreadOptions { readonly slug: string; readonly messages: number; readonly labelled: number; readonly extracted: number }

export interface CorpusEvaluation {
  readonly threads: number;
  readonly units: number;
  readonly subsystems: readonly string[];
  readonly byThread: Scores;
  readonly bySubsystem: Scores;
  readonly perSubsystem: readonly { readonly subsystem: string; readonly scores: Scores }[];
  readonly options: readonly ThreadOptions[];
  /** Share of labelled units whose author the labeller did not correct. */
  readonly attribution: { readonly correct: number; readonly n: number };
  readonly agreement: { readonly threads: number; readonly n: number; readonly kappa: number; readonly agreement: number } | null;
}

/** Labelled options of a thread: proposals' distinct tags, or the options line when it lists more. */
function labelledOptions(t: CorpusThread): number {
  const tags = new Set(t.labels.filter((l) => l?.k === 'proposal' && l.o !== null).map((l) => l?.o));
  if (t.units.some((u) => u.role !== 'reply')) tags.add('patch');
  return Math.max(tags.size, t.options.length);
}

export async function evaluateCorpus(root: string, opts: { options?: boolean } = {}): Promise<CorpusEvaluation> {
  const corpus = await loadCorpus(root);
  const byThreadFolds = crossValidate(corpus, 'thread');
  const byThread = scorePairs(byThreadFolds.flatMap((f) => f.pairs));
  const bySubsystemFolds = crossValidate(corpus, 'list');
  const bySubsystem = scorePairs(bySubsystemFolds.flatMap((f) => f.pairs));
  const subsystems = [...new Set(corpus.map((t) => t.subsystem))].sort();
  const perSubsystem = subsystems.map((s) => ({ subsystem: s, scores: scorePairs(byThreadFolds.flatMap((f) => f.pairs).filter((p) => corpus.find((t) => t.slug === p.thread)?.subsystem === s)) }));
  const options: ThreadOptions[] = [];
  if (opts.options !== false) {
    for (const t of corpus) {
      const model = modelOf(train(samplesOf(corpus.filter((x) => x !== t))));
      const extracted = t.threads.reduce((n, th) => n + extractThread(th, undefined, model).options.length, 0);
      options.push({ slug: t.slug, messages: t.threads.reduce((n, th) => n + th.messages.filter((m) => !m.ghost).length, 0), labelled: labelledOptions(t), extracted });
    }
  }
  const labelled = corpus.flatMap((t) => t.labels.filter((l) => l !== null));
  const attribution = { correct: labelled.filter((l) => l?.w === null).length, n: labelled.length };
  let agreement: CorpusEvaluation['agreement'] = null;
  if (fs.existsSync(path.join(corpusDir(root), 'labels-2'))) {
    const second = await loadCorpus(root, 'labels-2');
    const pairs = second.map((s) => {
      const first = corpus.find((t) => t.slug === s.slug);
      return first === undefined ? null : { first: first.labels, second: s.labels };
    }).filter((x) => x !== null);
    if (pairs.length > 0) {
      const k = kappa(pairs.flatMap((p) => p.first), pairs.flatMap((p) => p.second));
      agreement = { threads: pairs.length, ...k };
    }
  }
  return { threads: corpus.length, units: samplesOf(corpus).length, subsystems, byThread, bySubsystem, perSubsystem, options, attribution, agreement };
}
