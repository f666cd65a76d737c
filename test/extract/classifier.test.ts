/**
 * The learnt unit classifier on the labelled corpus (data/corpus): its
 * cross-validated figures, and the committed weights being what the corpus
 * trains (so nobody edits the model by hand or forgets to retrain).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UNIT_KINDS } from '../../src/extract/model.js';
import { isPatchText } from '../../src/extract/units.js';
import { corpusSentenceInput, loadCorpus } from '../../scripts/train/corpus.js';
import { crossValidate, scorePairs } from '../../scripts/train/cv.js';
import { DEFAULT_TRAINING } from '../../scripts/train/mlp.js';
import { corpusDigest, modelJson } from '../../scripts/train.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = await loadCorpus(repo);
const sentence = corpusSentenceInput(repo);

/**
 * The figures one network reaches with the sentence vectors, 10 folds by thread on 299 threads:
 * proposal F1 47.4 and 48.6, item-kind recall 47.7 and 48.1 (seeds 7 and 8; without the vectors
 * 46.3 and 46.7, 45.7 and 45.5). The shipped average of three networks is higher; its figures are in
 * data/model/MODEL.md. One network is checked here, not three, to keep the suite's time: a change to
 * the features, the vectors, the corpus or the training that loses more than noise fails.
 */
const FLOOR = { proposal: 0.46, items: 0.46 };
const ONE_NETWORK = { ...DEFAULT_TRAINING, members: 1 };

test('the corpus labels every unit the unit reader finds, and every label finds its unit', () => {
  assert.ok(corpus.length > 0);
  for (const t of corpus) {
    // The unit reader may have changed since a thread was labelled (a quoted copy now skipped whole): a few labels may be left over.
    assert.ok(t.unmatched <= Math.max(3, t.labels.length * 0.05), `${t.slug}: ${t.unmatched} labels match no unit`);
    const missing = t.labels.filter((l) => l === null).length;
    assert.ok(
      missing <= Math.max(2, t.units.length * 0.02),
      `${t.slug}: ${missing} of ${t.units.length} units have no label`,
    );
  }
});

test('every unit the classifier is trained on has its sentence vector, and the model reads them', () => {
  assert.ok(sentence !== null, 'data/corpus/sentences.json is missing: run `npm run sentences`');
  const committed = JSON.parse(fs.readFileSync(path.join(repo, 'data', 'model', 'kinds.json'), 'utf8')) as {
    version: number;
    sentence?: { dims: number };
  };
  assert.equal(committed.version, 4);
  assert.equal(committed.sentence?.dims, sentence.dims);
  const trained = corpus.flatMap((t) => t.labels.map((l, i) => ({ l, v: t.sentences[i], u: t.units[i] })));
  // A patch's own commit message is never classified (nor encoded): it is the patch option itself.
  const missing = trained.filter((x) => x.l !== null && x.v === undefined && x.u !== undefined && !isPatchText(x.u));
  assert.ok(missing.length <= trained.length * 0.01, `${missing.length} labelled units have no sentence vector`);
});

test('cross-validated proposal F1 and item recall (10 folds by thread, one network) stay at the figures reached', () => {
  const s = scorePairs(crossValidate(corpus, 10, ONE_NETWORK, sentence).flatMap((f) => f.pairs));
  assert.ok(
    s.perKind.proposal.f1 >= FLOOR.proposal,
    `proposal F1 ${s.perKind.proposal.f1.toFixed(3)} < ${FLOOR.proposal}`,
  );
  assert.ok(s.items.recall >= FLOOR.items, `item-kind recall ${s.items.recall.toFixed(3)} < ${FLOOR.items}`);
});

test('the committed model is exactly what training on the committed corpus gives (training is deterministic)', () => {
  const committed = fs.readFileSync(path.join(repo, 'data', 'model', 'kinds.json'), 'utf8');
  assert.deepEqual((JSON.parse(committed) as { kinds: string[] }).kinds, [...UNIT_KINDS]);
  assert.ok(
    committed === modelJson(corpus, corpusDigest(repo, corpus), sentence),
    'the committed model differs from what the corpus trains: run `npm run train`',
  );
});
