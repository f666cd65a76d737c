/**
 * `npm run eval [-- --gold FILE [--inputs PATH,...]]... [--speed] [--json] [--no-corpus] [--no-options] [--loto]`
 *
 * First the labelled corpus (data/corpus, eval/corpus.ts): cross-validated
 * per-kind figures, option counts per thread, attribution, agreement.
 * Then the key-phrase label sets: imports the inputs of each labels file through the real import path into a
 * temporary database, extracts items and options from every thread, and
 * scores them (rules in eval/score.ts). The held-out corpus labels
 * (test/extract/heldout*-labels.json, whose `inputs` name their mboxes) are
 * always scored beside the sets given, since unseen threads are what the
 * product is judged on; without --gold the sets are the seeds
 * (../shared/gold/seed-options.json on data/seeds) and the held-out labels.
 * --speed also times extraction on the corpus design threads, cold (first
 * pass in the process) and warm.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { KINDS, goldInputs, loadGold } from './eval/gold.js';
import {
  DESIGN_THREADS,
  repoRoot,
  runInputs,
  runSeeds,
  timeExtraction,
  type InputRun,
  type Speed,
} from './eval/run.js';
import type { Scores } from './eval/score.js';
import { evaluateCorpus, type CorpusEvaluation } from './eval/corpus.js';
import { scoreTable } from './train.js';
import { score } from './eval/score.js';

export { goldInputs, loadGold } from './eval/gold.js';
export { runInputs, runSeeds, timeExtraction, type InputRun, type SeedRun } from './eval/run.js';
export { score, type Scores } from './eval/score.js';

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);
const rate = (r: InputRun): string => `${r.messages} msgs, ${Math.round(r.messages / (r.extractMs / 1000))} msg/s`;

interface Evaluation {
  readonly name: string;
  readonly scores: Scores;
  readonly run: InputRun;
}

/** Seed and held-out figures in adjacent columns, then each set's misses. */
function report(evals: readonly Evaluation[]): string {
  const col = (f: (e: Evaluation) => string): string => evals.map((e) => f(e).padEnd(34)).join('');
  const lines = [
    `${''.padEnd(11)}${col((e) => e.name)}`,
    `${'kind'.padEnd(11)}${col(() => 'labels  R       P       F1')}`,
  ];
  for (const k of KINDS) {
    lines.push(
      `${k.padEnd(11)}${col((e) => {
        const r = e.scores.perKind[k];
        return `${String(r.labels).padStart(6)}  ${pct(r.recall)}  ${r.precision === null ? '   -  ' : pct(r.precision)}  ${r.f1 === null ? '' : pct(r.f1)}`;
      })}`,
    );
  }
  lines.push(
    `${'proposal'.padEnd(11)}${col((e) => `P ${pct(e.scores.proposal.precision)} R ${pct(e.scores.proposal.recall)} F1 ${pct(e.scores.proposal.f1)}`)}`,
    `${'overall'.padEnd(11)}${col((e) => `P ${pct(e.scores.overall.precision)} R ${pct(e.scores.overall.recall)} F1 ${pct(e.scores.overall.f1)}`)}`,
    `${'dupes'.padEnd(11)}${col((e) => String(e.scores.duplicates))}`,
    `${'author/day'.padEnd(11)}${col((e) => `${pct(e.scores.attribution.author)} / ${pct(e.scores.attribution.date)}`)}`,
    `${'targets'.padEnd(11)}${col((e) => `${e.scores.target.correct}/${e.scores.target.n}`)}`,
    `${'hunks'.padEnd(11)}${col((e) => `${e.scores.hunk.correct}/${e.scores.hunk.n}`)}`,
    `${'threading'.padEnd(11)}${col((e) => (e.scores.threading === null ? '-' : `${e.scores.threading.correct}/${e.scores.threading.n}`))}`,
    `${'extraction'.padEnd(11)}${col((e) => rate(e.run))}`,
    '(the seeds are threads the learnt model never trained on; P is proposal precision, R all labels)',
  );
  for (const e of evals) {
    lines.push(
      '',
      `${e.name}: missed`,
      ...e.scores.missed.map((m) => `  ${m}`),
      `${e.name}: wrong targets`,
      ...e.scores.wrongTargets.map((m) => `  ${m}`),
      `${e.name}: proposals no label matched`,
      ...e.scores.unmatched.map((m) => `  ${m}`),
    );
  }
  return lines.join('\n');
}

function corpusReport(c: CorpusEvaluation): string {
  const f = (x: number): string => (100 * x).toFixed(1);
  const lines = [
    `labelled corpus (data/corpus): ${c.threads} threads, ${c.units} labelled units, subsystems ${c.subsystems.join(', ')}`,
    '',
    `${c.folds === 'thread' ? 'leave one thread out (every thread predicted by a model trained without it)' : `${c.folds} folds by thread (every thread predicted by a model trained without its fold; --loto: one per thread)`}:`,
    scoreTable(c.byThread),
    '',
    'leave one subsystem out:',
    scoreTable(c.bySubsystem),
    '',
    'per subsystem (the same folds): proposal F1, item-kind recall',
    ...c.perSubsystem.map(
      (s) =>
        `  ${s.subsystem.padEnd(10)} ${f(s.scores.perKind.proposal.f1).padStart(5)}  ${f(s.scores.items.recall).padStart(5)}  (${s.scores.units} units)`,
    ),
    '',
    `attribution: ${c.attribution.correct}/${c.attribution.n} units credited to the right author (${f(c.attribution.correct / Math.max(1, c.attribution.n))}%)`,
    c.agreement === null
      ? 'agreement: no thread labelled twice'
      : `agreement: ${c.agreement.threads} threads labelled twice, ${c.agreement.n} units, raw ${f(c.agreement.agreement)}%, Cohen's kappa ${c.agreement.kappa.toFixed(3)}`,
  ];
  if (c.proposalItems !== null) {
    const p = c.proposalItems;
    lines.push(
      '',
      `proposal items (replies; an item holding a labelled proposal sentence, as the key-phrase sets score): P ${f(p.precision)} R ${f(p.recall)} F1 ${f(p.f1)} (${p.right}/${p.extracted} extracted, ${p.found}/${p.labelled} labelled)`,
    );
  }
  if (c.options.length > 0) {
    const ratio = c.options.map((o) => o.extracted / Math.max(1, o.labelled)).sort((a, b) => a - b);
    lines.push(
      '',
      `options per thread (extracted with the model trained without the thread / labelled): median ratio ${(ratio[Math.floor(ratio.length / 2)] ?? 0).toFixed(2)}`,
      ...c.options.map(
        (o) =>
          `  ${o.slug.padEnd(44)} ${String(o.messages).padStart(4)} msgs  ${String(o.extracted).padStart(3)} / ${o.labelled}`,
      ),
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const root = repoRoot();
  const sets: { gold: string; inputs: string[] | null }[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--gold') sets.push({ gold: path.resolve(argv[++i] ?? ''), inputs: null });
    else if (argv[i] === '--inputs') {
      const last = sets[sets.length - 1];
      if (last === undefined) throw new Error('--inputs must follow a --gold');
      last.inputs = (argv[++i] ?? '').split(',').map((p) => path.resolve(p));
    } else if (argv[i] === '--seeds') {
      const last = sets[sets.length - 1];
      if (last !== undefined) last.inputs = [path.resolve(argv[++i] ?? '')];
    }
  }
  if (sets.length === 0)
    sets.push({ gold: path.join(root, '..', 'shared', 'gold', 'seed-options.json'), inputs: null });
  const labelDir = path.join(root, 'test', 'extract');
  for (const f of fs
    .readdirSync(labelDir)
    .filter((n) => /^heldout.*-labels\.json$/.test(n))
    .sort()) {
    const heldout = path.join(labelDir, f);
    if (!sets.some((s) => s.gold === heldout)) sets.push({ gold: heldout, inputs: null });
  }
  // Timed first, so the cold pass is this process's first extraction.
  let speed: Speed | null = null;
  if (argv.includes('--speed'))
    speed = await timeExtraction(DESIGN_THREADS.map((p) => path.join(root, '..', 'shared', 'corpus', p)));
  const corpus = argv.includes('--no-corpus')
    ? null
    : await evaluateCorpus(root, {
        options: !argv.includes('--no-options'),
        folds: argv.includes('--loto') ? 'thread' : 10,
      });
  const evals: Evaluation[] = [];
  for (const set of sets) {
    const gold = loadGold(set.gold);
    let inputs = set.inputs ?? goldInputs(set.gold, gold);
    // A labels file without inputs is the seed gold: its inputs are the seed dumps.
    if (inputs.length === 0) inputs = [path.join(root, 'data', 'seeds')];
    const run =
      inputs.length === 1 && fs.statSync(inputs[0] ?? '').isDirectory() && gold.inputs === undefined
        ? await runSeeds(inputs[0] ?? '')
        : await runInputs(inputs);
    evals.push({ name: path.basename(set.gold, '.json'), scores: score(gold, run.runs), run });
  }
  if (argv.includes('--json')) {
    const out = evals.map((e) => ({
      name: e.name,
      ...e.scores,
      extractMsgPerSec: e.run.messages / (e.run.extractMs / 1000),
    }));
    process.stdout.write(JSON.stringify({ corpus, sets: out, designThreads: speed }, null, 2) + '\n');
    return 0;
  }
  if (corpus !== null)
    process.stdout.write(
      corpusReport(corpus) + '\n\nkey-phrase label sets (the seeds, as a check, and the earlier corpus labels):\n',
    );
  process.stdout.write(report(evals) + '\n');
  if (speed !== null) {
    const r = (x: number): number => Math.round(x);
    process.stdout.write(
      `\ncorpus design threads, ${speed.messages} msgs (extraction only): cold ${r(speed.coldMsgPerSec)} msg/s, warm ${r(speed.warmMsgPerSec)} msg/s (${r(speed.warmCpuMsgPerSec)} msg/s CPU)\n`,
    );
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
