/**
 * The unit classifier: a few small feed-forward networks (each one hidden
 * layer of rectified units, then a softmax over the kinds) over the sparse
 * binary features of features.ts, their probabilities averaged. The members
 * differ only in the seed of their initial weights, shuffle and dropout: each
 * alone errs on units where the others do not, and the average is steadier
 * than any one (10 folds by thread on 299 threads: one network 44.4 item-kind
 * F1 on average over three seeds, their average 45.6). Their weights are
 * trained by `npm run train` from the labelled corpus (data/corpus) and
 * committed as data (data/model/kinds.json, with its model card beside it).
 *
 * The file is parsed once, at the boundary, with zod; inference looks up the
 * rows of the features present once, then per member adds those rows, clips
 * at zero and takes a softmax of the output layer: a few thousand additions
 * per sentence and member.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EXTRACT_TUNING as T } from './tuning.js';
import type { ItemKind } from './types.js';

/** What a unit can be: an item kind, or nothing to extract. */
export const UNIT_KINDS = ['proposal', 'concern', 'question', 'support', 'oppose', 'review', 'none'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const isItemKind = (k: UnitKind): k is ItemKind => k !== 'none';

const NetworkFile = z.object({
  hidden: z.number().int().positive(),
  /** features x hidden weights, float32 little-endian, base64. */
  input: z.string(),
  inputBias: z.array(z.number()),
  /** hidden x kinds weights, row-major. */
  output: z.array(z.number()),
  outputBias: z.array(z.number()),
});
export type NetworkJson = z.infer<typeof NetworkFile>;

const SentenceFile = z.object({
  /** The encoder whose vectors the networks read (src/extract/encoder.ts). */
  encoder: z.string(),
  /** Encoder dimensions in, network inputs out. */
  from: z.number().int().positive(),
  dims: z.number().int().positive(),
  /** from x dims, float32 little-endian, base64: the encoder vector times this is the input. */
  projection: z.string(),
});

const ModelFile = z.object({
  version: z.union([z.literal(3), z.literal(4)]),
  kinds: z.array(z.enum(UNIT_KINDS)),
  /** The feature names the networks know, in the order of the rows of each `input`. */
  features: z.array(z.string()),
  /** The networks whose probabilities are averaged. */
  members: z.array(NetworkFile).min(1),
  /** Version 4: the networks also read the unit's sentence vector (input rows after the features). */
  sentence: SentenceFile.optional(),
  trainedOn: z.object({ threads: z.number(), units: z.number(), sha256: z.string() }),
});
export type ModelJson = z.infer<typeof ModelFile>;

/** One network: features -> hidden (rectified) -> kinds. */
export interface Network {
  readonly hidden: number;
  readonly input: Float32Array;
  readonly inputBias: Float32Array;
  readonly output: Float32Array;
  readonly outputBias: Float32Array;
}

export interface Model {
  readonly kinds: readonly UnitKind[];
  /** Feature name -> its row in every member's `input`. */
  readonly index: ReadonlyMap<string, number>;
  readonly members: readonly Network[];
  /** Every member's input rows side by side (row r: member 1's hidden weights, then member 2's, ...), so a feature is one contiguous add. */
  readonly fused: { readonly width: number; readonly input: Float32Array; readonly bias: Float64Array };
  /** Digest of the training data: part of the extraction cache's fingerprint. */
  readonly fingerprint: string;
  /** What the networks read of a sentence's meaning, beyond its features (null: nothing). */
  readonly sentence: SentenceInput | null;
}

/** How an encoder's vector becomes network inputs: rows D .. D + dims - 1 of every input layer. */
export interface SentenceInput {
  readonly encoder: string;
  readonly from: number;
  readonly dims: number;
  /** from x dims, row-major. */
  readonly projection: Float32Array;
}

/** The network inputs of one encoder vector. */
export function project(s: SentenceInput, vector: Float32Array): Float32Array {
  const out = new Float32Array(s.dims);
  for (let k = 0; k < s.from; k++) {
    const v = vector[k] ?? 0;
    if (v === 0) continue;
    const at = k * s.dims;
    for (let d = 0; d < s.dims; d++) out[d] = (out[d] ?? 0) + v * (s.projection[at + d] ?? 0);
  }
  return out;
}

export function encodeFloats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function decodeFloats(text: string, expected: number, what: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== expected * 4)
    throw new Error(`model: ${what} holds ${bytes.byteLength / 4} weights, expected ${expected}`);
  const out = new Float32Array(expected);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < expected; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

function networkFromJson(file: NetworkJson, D: number, K: number, which: string): Network {
  const H = file.hidden;
  if (file.inputBias.length !== H)
    throw new Error(`model: ${which}: ${file.inputBias.length} hidden biases for ${H} hidden units`);
  if (file.output.length !== H * K)
    throw new Error(`model: ${which}: ${file.output.length} output weights for ${H} x ${K}`);
  if (file.outputBias.length !== K)
    throw new Error(`model: ${which}: ${file.outputBias.length} output biases for ${K} kinds`);
  return {
    hidden: H,
    input: decodeFloats(file.input, D * H, `${which} input`),
    inputBias: Float32Array.from(file.inputBias),
    output: Float32Array.from(file.output),
    outputBias: Float32Array.from(file.outputBias),
  };
}

export function modelFromJson(json: unknown): Model {
  const file = ModelFile.parse(json);
  const K = file.kinds.length;
  const s = file.sentence;
  if (s !== undefined && file.version !== 4) throw new Error('model: a sentence input needs model version 4');
  const sentence =
    s === undefined
      ? null
      : {
          encoder: s.encoder,
          from: s.from,
          dims: s.dims,
          projection: decodeFloats(s.projection, s.from * s.dims, 'sentence projection'),
        };
  const D = file.features.length + (sentence?.dims ?? 0);
  const members = file.members.map((m, i) => networkFromJson(m, D, K, `member ${i + 1}`));
  return {
    kinds: file.kinds,
    index: new Map(file.features.map((f, i) => [f, i])),
    members,
    fused: fuse(members, D),
    fingerprint: file.trainedOn.sha256,
    sentence,
  };
}

/** The members' input layers side by side, row by row (see Model.fused). */
export function fuse(members: readonly Network[], D: number): Model['fused'] {
  const width = members.reduce((n, m) => n + m.hidden, 0);
  const input = new Float32Array(D * width);
  const bias = new Float64Array(width);
  let offset = 0;
  for (const m of members) {
    for (let r = 0; r < D; r++) input.set(m.input.subarray(r * m.hidden, (r + 1) * m.hidden), r * width + offset);
    bias.set(m.inputBias, offset);
    offset += m.hidden;
  }
  return { width, input, bias };
}

/** A member as the model file stores it. */
export function networkJson(n: Network): NetworkJson {
  return {
    hidden: n.hidden,
    input: encodeFloats(n.input),
    inputBias: [...n.inputBias],
    output: [...n.output],
    outputBias: [...n.outputBias],
  };
}

/** A file of the repo's data/model: src/extract (under tsx) and dist/src/extract (built) both reach it. */
export function modelDataPath(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, '..', '..', 'data'), path.join(here, '..', '..', '..', 'data')].map((d) =>
    path.join(d, 'model', name),
  );
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[0] ?? '';
}

let loaded: Model | null = null;
/** The shipped model (read once per process). */
export function defaultModel(): Model {
  loaded ??= modelFromJson(JSON.parse(fs.readFileSync(modelDataPath('kinds.json'), 'utf8')));
  return loaded;
}

/** The rows of the features a unit has (each once: the features are binary). */
export function featureRows(index: ReadonlyMap<string, number>, features: readonly string[]): number[] {
  const rows = new Set<number>();
  for (const f of features) {
    const r = index.get(f);
    if (r !== undefined) rows.add(r);
  }
  return [...rows];
}

/**
 * Probabilities of each kind (in model.kinds order) for one unit's features and,
 * when the model reads one, its projected sentence vector: the members' average.
 */
export function scores(model: Model, features: readonly string[], sentence?: Float32Array): Float64Array {
  const { width, input, bias } = model.fused;
  const h = Float64Array.from(bias);
  for (const r of featureRows(model.index, features)) {
    const at = r * width;
    for (let a = 0; a < width; a++) h[a] = (h[a] ?? 0) + (input[at + a] ?? 0);
  }
  if (model.sentence !== null && sentence !== undefined) {
    const first = model.index.size;
    for (let e = 0; e < model.sentence.dims; e++) {
      const v = sentence[e] ?? 0;
      if (v === 0) continue;
      const at = (first + e) * width;
      for (let a = 0; a < width; a++) h[a] = (h[a] ?? 0) + v * (input[at + a] ?? 0);
    }
  }
  const K = model.kinds.length;
  const p = new Float64Array(K);
  const z = new Float64Array(K);
  let offset = 0;
  for (const n of model.members) {
    z.set(n.outputBias);
    for (let a = 0; a < n.hidden; a++) {
      const v = h[offset + a] ?? 0;
      if (v <= 0) continue;
      for (let k = 0; k < K; k++) z[k] = (z[k] ?? 0) + v * (n.output[a * K + k] ?? 0);
    }
    offset += n.hidden;
    let max = -Infinity;
    for (const v of z) max = Math.max(max, v);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((z[k] ?? 0) - max);
      z[k] = e;
      sum += e;
    }
    for (let k = 0; k < K; k++) p[k] = (p[k] ?? 0) + (z[k] ?? 0) / sum;
  }
  for (let k = 0; k < K; k++) p[k] = (p[k] ?? 0) / model.members.length;
  return p;
}

/**
 * The kind chosen from the probabilities: the most probable after each kind's
 * prior weight (EXTRACT_TUNING.proposalWeight: a proposal missed costs a
 * reviewer more than one shown too many). Returns the index into model.kinds.
 */
export function decide(model: Model, p: Float64Array): number {
  let best = 0;
  let bestV = -Infinity;
  for (let k = 0; k < p.length; k++) {
    const v = (p[k] ?? 0) * (model.kinds[k] === 'proposal' ? T.proposalWeight.value : 1);
    if (v > bestV) {
      bestV = v;
      best = k;
    }
  }
  return best;
}

export function classify(model: Model, features: readonly string[], sentence?: Float32Array): UnitKind {
  return model.kinds[decide(model, scores(model, features, sentence))] ?? 'none';
}
