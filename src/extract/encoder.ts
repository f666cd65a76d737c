/**
 * Sentence vectors for the unit classifier: what a sentence means, beyond the
 * words it shares with the labelled corpus. The encoder is the Universal
 * Sentence Encoder lite (512 dimensions), shipped with its weights in an npm
 * package and run offline in a worker thread (encoder-worker.ts); this module
 * asks it synchronously (synckit: the caller blocks on an Atomics wait), so
 * extraction keeps its synchronous shape.
 *
 * Cost: the encoder is the slowest part of extraction by far (tens of
 * sentences a second per core, against thousands for the rest), so every
 * vector is kept for the life of the process, keyed by the sentence's text.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSyncFn } from 'synckit';

export const ENCODER_DIMS = 512;
/** Characters of a unit the encoder reads; a longer unit is one run-on passage (a pasted log, a list). */
export const ENCODER_MAX_CHARS = 600;
/** Sentences sent to the worker per call. */
const BATCH = 128;

type Embed = (texts: readonly string[]) => number[][];
let embed: Embed | null = null;
const cache = new Map<string, Float32Array>();

function worker(): Embed {
  if (embed !== null) return embed;
  embed = createSyncFn<Embed>(workerPath());
  return embed;
}

/**
 * The worker's file: beside this module under tsx; from the built or bundled CLI
 * (dist/..., which holds no .mjs of ours), the source tree's copy found upwards.
 */
function workerPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(dir, 'encoder-worker.mjs');
  if (existsSync(beside)) return beside;
  for (;;) {
    const candidate = path.join(dir, 'src', 'extract', 'encoder-worker.mjs');
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('extract: the sentence encoder worker (src/extract/encoder-worker.mjs) is missing');
    dir = up;
  }
}

/** The vectors of `texts`, in order; repeated texts cost nothing. */
export function encodeSentences(texts: readonly string[]): Float32Array[] {
  const missing = [...new Set(texts.map(clip))].filter((t) => !cache.has(t));
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const vectors = worker()(batch);
    batch.forEach((t, k) => cache.set(t, Float32Array.from(vectors[k] ?? [])));
  }
  return texts.map((t) => cache.get(clip(t)) ?? new Float32Array(ENCODER_DIMS));
}

function clip(text: string): string {
  return text.slice(0, ENCODER_MAX_CHARS);
}

/**
 * Network inputs are kept on a grid of 1/QUANTUM, as the corpus file stores
 * them (int8): what the classifier reads at run time is what it was trained on.
 */
export const SENTENCE_QUANTUM = 64;

export function quantize(v: Float32Array): Float32Array {
  return v.map((x) => Math.max(-127, Math.min(127, Math.round(x * SENTENCE_QUANTUM))) / SENTENCE_QUANTUM);
}

/** The key a sentence's text is stored under (the corpus file, the known inputs). */
export const textKey = (text: string): string => createHash('sha256').update(clip(text)).digest('hex').slice(0, 20);

let known: ReadonlyMap<string, Float32Array> | null = null;
/**
 * Network inputs already computed by this encoder and the model's projection
 * (the training corpus's file), keyed by textKey: the evaluation of the corpus
 * extracts every labelled thread, half an hour of encoding otherwise.
 */
export function setKnownSentenceInputs(inputs: ReadonlyMap<string, Float32Array> | null): void {
  known = inputs;
}
export function knownSentenceInput(text: string): Float32Array | undefined {
  return known?.get(textKey(text));
}
