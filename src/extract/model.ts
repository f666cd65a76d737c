/**
 * The unit classifier: multinomial logistic regression over the sparse
 * binary features of features.ts, its weights trained by `npm run train`
 * from the labelled corpus (data/corpus) and committed as data
 * (data/model/kinds.json, with its model card beside it).
 *
 * The file is parsed once, at the boundary, with zod; inference is a sum of
 * the weights of the features present and a softmax.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { ItemKind } from './types.js';

/** What a unit can be: an item kind, or nothing to extract. */
export const UNIT_KINDS = ['proposal', 'concern', 'question', 'support', 'oppose', 'review', 'none'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const isItemKind = (k: UnitKind): k is ItemKind => k !== 'none';

const ModelFile = z.object({
  version: z.literal(1),
  kinds: z.array(z.enum(UNIT_KINDS)),
  /** Feature name -> one weight per kind, in `kinds` order. */
  weights: z.record(z.string(), z.array(z.number())),
  trainedOn: z.object({ threads: z.number(), units: z.number(), sha256: z.string() }),
});

export interface Model {
  readonly kinds: readonly UnitKind[];
  readonly weights: ReadonlyMap<string, Float64Array>;
  /** Digest of the training data: part of the extraction cache's fingerprint. */
  readonly fingerprint: string;
}

export function modelFromJson(json: unknown): Model {
  const file = ModelFile.parse(json);
  const n = file.kinds.length;
  const weights = new Map<string, Float64Array>();
  for (const [name, w] of Object.entries(file.weights)) {
    if (w.length !== n) throw new Error(`model: feature ${name} has ${w.length} weights for ${n} kinds`);
    weights.set(name, Float64Array.from(w));
  }
  return { kinds: file.kinds, weights, fingerprint: file.trainedOn.sha256 };
}

/** data/model/kinds.json of the repo: src/extract (under tsx) and dist/src/extract (built) both reach it. */
function modelPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, '..', '..', 'data'), path.join(here, '..', '..', '..', 'data')].map((d) => path.join(d, 'model', 'kinds.json'));
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[0] ?? '';
}

let loaded: Model | null = null;
/** The shipped model (read once per process). */
export function defaultModel(): Model {
  loaded ??= modelFromJson(JSON.parse(fs.readFileSync(modelPath(), 'utf8')));
  return loaded;
}

/** Probabilities of each kind (in model.kinds order) for one unit's features. */
export function scores(model: Model, features: readonly string[]): Float64Array {
  const z = new Float64Array(model.kinds.length);
  for (const f of features) {
    const w = model.weights.get(f);
    if (w === undefined) continue;
    for (let k = 0; k < z.length; k++) z[k] = (z[k] ?? 0) + (w[k] ?? 0);
  }
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp((z[k] ?? 0) - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = (z[k] ?? 0) / sum;
  return z;
}

export function classify(model: Model, features: readonly string[]): UnitKind {
  const p = scores(model, features);
  let best = 0;
  for (let k = 1; k < p.length; k++) if ((p[k] ?? 0) > (p[best] ?? 0)) best = k;
  return model.kinds[best] ?? 'none';
}
