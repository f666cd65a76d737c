/**
 * The sentence encoder the classifier reads: run for real (its npm-shipped
 * weights, offline, in a worker thread), and what it gives at run time is what
 * the corpus file trained on.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENCODER_DIMS, encodeSentences, quantize, textKey } from '../../src/extract/encoder.js';
import { project } from '../../src/extract/model.js';
import { corpusDir, corpusSentenceInput, loadCorpus, readSentenceVectors } from '../../scripts/train/corpus.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the encoder gives one unit-length vector per sentence, the same for the same text, closer for closer meaning', () => {
  const [a, b, c, a2] = encodeSentences([
    'We could flush the IOTLB before unpinning the pages instead.',
    'How about flushing the IOTLB first, then unpinning?',
    'Thanks, applied to the tree.',
    'We could flush the IOTLB before unpinning the pages instead.',
  ]);
  for (const v of [a, b, c]) {
    assert.equal(v?.length, ENCODER_DIMS);
    assert.ok(Math.abs(Math.hypot(...(v ?? [])) - 1) < 0.05);
  }
  assert.deepEqual(a2, a);
  const cos = (x?: Float32Array, y?: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < ENCODER_DIMS; i++) s += (x?.[i] ?? 0) * (y?.[i] ?? 0);
    return s;
  };
  assert.ok(cos(a, b) > cos(a, c) + 0.1, `proposal-proposal ${cos(a, b)} vs proposal-thanks ${cos(a, c)}`);
});

test('run-time sentence inputs match the corpus file the model was trained on', async () => {
  const input = corpusSentenceInput(repo);
  const stored = readSentenceVectors(corpusDir(repo));
  assert.ok(input !== null && stored !== null);
  const corpus = await loadCorpus(repo);
  // Every 997th unit: a sample across threads and lists, a few seconds of encoding.
  const texts = corpus.flatMap((t) => t.units.map((u) => u.text)).filter((_, i) => i % 997 === 0);
  const live = encodeSentences(texts).map((v) => quantize(project(input, v)));
  let compared = 0;
  texts.forEach((t, i) => {
    const want = stored.get(textKey(t));
    if (want === undefined) return;
    compared++;
    const got = live[i] ?? new Float32Array();
    const worst = Math.max(...want.map((w, d) => Math.abs(w - (got[d] ?? 0))));
    assert.ok(worst <= 2 / 64, `${JSON.stringify(t.slice(0, 60))}: off by ${worst}`);
  });
  assert.ok(compared >= 20, `only ${compared} units compared`);
});
