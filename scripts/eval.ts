/**
 * `npm run eval [-- --gold FILE [--inputs PATH,...]]... [--speed] [--json]`
 *
 * Imports the inputs of each labels file through the real import path into a
 * temporary database, extracts items and options from every thread, and
 * scores them with the rules written at the top of the seed gold file: a
 * label is matched by an item of the same kind (or an `alt` kind) whose
 * author matches and whose text contains the key phrase (whitespace
 * collapsed, '>' removed); the label is matched once, by the tightest such
 * item, and further items with its words are duplicates. Labels list every
 * proposal but only a sample of the other kinds, so precision is scored on
 * proposals (only those from the labelled messages, when the file has a
 * `scope`) and recall on everything; overall F1 = F1(proposal precision,
 * overall recall).
 *
 * Without --gold: the seeds (../shared/gold/seed-options.json on data/seeds)
 * and the held-out corpus labels (test/extract/heldout-labels.json, whose
 * `inputs` name its mboxes), side by side. --speed also times extraction on
 * the corpus design threads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { extractThread } from '../src/extract/index.js';
import { personKey, dayOf } from '../src/extract/people.js';
import type { Item, ItemKind } from '../src/extract/types.js';
import { runImport } from '../src/import/index.js';
import { loadThread, openStore, threadIds } from '../src/store/index.js';
import type { StoredThread } from '../src/store/types.js';

const KINDS = ['proposal', 'concern', 'question', 'support', 'oppose', 'review'] as const;
const Kind = z.enum(KINDS);
const Gold = z.object({
  labels: z.array(z.object({
    id: z.string(), seed: z.string(), kind: Kind, alt: z.array(Kind).optional(),
    author: z.string().nullable(), date: z.string().nullable(), key: z.string(),
    target: z.string().optional(), file: z.string().optional(),
  })),
  threading: z.object({
    seed: z.string(),
    messages: z.array(z.object({ n: z.number(), author: z.string(), date: z.string(), parent: z.number().nullable() })),
  }).optional(),
  /** Paths of the labelled inputs, relative to the labels file. */
  inputs: z.array(z.string()).optional(),
  /** The messages (Message-IDs) that were read and labelled; proposal precision counts only their items. */
  scope: z.array(z.object({ seed: z.string(), messages: z.array(z.string()) })).optional(),
});
type Gold = z.infer<typeof Gold>;
type Label = Gold['labels'][number];

/** What one input file (a "seed") yielded: its threads and the items whose words its messages own. */
export interface SeedRun {
  readonly seed: string;
  readonly threads: readonly StoredThread[];
  readonly items: readonly Item[];
  readonly optionCount: number;
}

export interface InputRun {
  readonly runs: SeedRun[];
  readonly extractMs: number;
  readonly messages: number;
}

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Import the inputs into a fresh temp database; extract each thread; group by the input file it came from. */
export async function runInputs(paths: readonly string[]): Promise<InputRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-eval-'));
  try {
    const db = path.join(tmp, 'eval.db');
    await runImport({ paths: [...paths], db, threads: 1 });
    const store = openStore(db);
    try {
      const threads = threadIds(store).map((id) => loadThread(store, id));
      const started = performance.now();
      const extracted = threads.map((t) => ({ thread: t, extraction: extractThread(t) }));
      const extractMs = performance.now() - started;
      const runs = paths.map((p) => {
        const seed = path.basename(p);
        // Threads can span inputs (seed 000 quotes the thread of seed 002): score each item under the input its message came from.
        const mine = extracted.filter((e) => e.thread.messages.some((m) => path.basename(m.source.file) === seed));
        const fromSeed = new Set(mine.flatMap((e) => e.thread.messages).filter((m) => path.basename(m.source.file) === seed).map((m) => m.key));
        return {
          seed,
          threads: mine.map((e) => e.thread),
          items: mine.flatMap((e) => e.extraction.items).filter((i) => fromSeed.has(i.message)),
          optionCount: mine.reduce((n, e) => n + e.extraction.options.length, 0),
        };
      });
      return { runs, extractMs, messages: threads.reduce((n, t) => n + t.messages.filter((m) => !m.ghost).length, 0) };
    } finally {
      store.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export async function runSeeds(seedDir: string): Promise<InputRun> {
  return runInputs(fs.readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(seedDir, f)));
}

const flat = (s: string): string => s.replace(/>/g, ' ').replace(/\s+/g, ' ').trim();

export interface Scores {
  readonly perKind: Record<ItemKind, { labels: number; matched: number; predicted: number; recall: number; precision: number | null; f1: number | null }>;
  readonly proposal: { precision: number; recall: number; f1: number };
  readonly overall: { precision: number; recall: number; f1: number };
  readonly duplicates: number;
  readonly attribution: { author: number; date: number; n: number };
  readonly target: { correct: number; n: number };
  readonly hunk: { correct: number; n: number };
  readonly threading: { correct: number; n: number } | null;
  readonly missed: readonly string[];
  /** Proposals predicted in the labelled messages that no label matched. */
  readonly unmatched: readonly string[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const bare = (id: string): string => id.replace(/^<|>$/g, '');

export function score(gold: Gold, runs: readonly SeedRun[]): Scores {
  const itemsOf = (seed: string): readonly Item[] => runs.find((r) => r.seed === seed)?.items ?? [];
  const kindOk = (l: Label, i: Item): boolean => i.kind === l.kind || (l.alt ?? []).includes(i.kind);
  const textOk = (l: Label, i: Item): boolean => flat(i.text).includes(flat(l.key));
  const authorOk = (l: Label, i: Item): boolean => personKey(l.author) === personKey(i.author);
  const chosen = new Map<string, Item>();
  const usedItems = new Set<Item>();
  let authorRight = 0;
  let authorN = 0;
  for (const l of gold.labels) {
    const byText = itemsOf(l.seed).filter((i) => kindOk(l, i) && textOk(l, i));
    if (byText.length > 0) {
      authorN++;
      if (byText.some((i) => authorOk(l, i))) authorRight++;
    }
    // The tightest item carrying the words: a cover letter holds its alternatives' words too.
    const hit = byText.filter((i) => authorOk(l, i) && !usedItems.has(i)).sort((a, b) => a.text.length - b.text.length)[0]
      ?? byText.find((i) => authorOk(l, i));
    if (hit !== undefined) {
      chosen.set(l.id, hit);
      usedItems.add(hit);
    }
  }
  // Items carrying a matched label's words that were not the match: quoted copies or repeats.
  let duplicates = 0;
  for (const run of runs) {
    for (const i of run.items) {
      if (usedItems.has(i)) continue;
      if (gold.labels.some((l) => l.seed === run.seed && chosen.has(l.id) && kindOk(l, i) && textOk(l, i) && flat(i.text).length < 4 * flat(l.key).length + 200)) duplicates++;
    }
  }
  const scoped = inScope(gold, runs);
  const allItems = runs.flatMap((r) => r.items).filter(scoped);
  const perKind = {} as Scores['perKind'];
  for (const k of KINDS) {
    const labels = gold.labels.filter((l) => l.kind === k);
    const matched = labels.filter((l) => chosen.has(l.id)).length;
    const predicted = allItems.filter((i) => i.kind === k);
    const recall = ratio(matched, labels.length);
    const precision = k === 'proposal' ? ratio(predicted.filter((i) => usedItems.has(i)).length, predicted.length) : null;
    perKind[k] = { labels: labels.length, matched, predicted: predicted.length, recall, precision, f1: precision === null ? null : f1(precision, recall) };
  }
  const proposal = { precision: perKind.proposal.precision ?? 0, recall: perKind.proposal.recall, f1: perKind.proposal.f1 ?? 0 };
  const overallRecall = ratio(chosen.size, gold.labels.length);
  let dateRight = 0;
  for (const [id, item] of chosen) {
    const l = gold.labels.find((x) => x.id === id);
    if (l !== undefined && dayOf(l.date) === dayOf(item.date)) dateRight++;
  }
  let targetRight = 0;
  const targeted = gold.labels.filter((l) => l.target !== undefined && chosen.has(l.id));
  for (const l of targeted) {
    const want = chosen.get(l.target ?? '');
    if (want !== undefined && chosen.get(l.id)?.target === want.id) targetRight++;
  }
  let hunkRight = 0;
  const reviews = gold.labels.filter((l) => l.file !== undefined && chosen.has(l.id));
  for (const l of reviews) if (chosen.get(l.id)?.file === l.file) hunkRight++;
  return {
    perKind,
    proposal,
    overall: { precision: proposal.precision, recall: overallRecall, f1: f1(proposal.precision, overallRecall) },
    duplicates,
    attribution: { author: ratio(authorRight, authorN), date: ratio(dateRight, chosen.size), n: chosen.size },
    target: { correct: targetRight, n: targeted.length },
    hunk: { correct: hunkRight, n: reviews.length },
    threading: scoreThreading(gold, runs),
    missed: gold.labels.filter((l) => !chosen.has(l.id)).map((l) => `${l.id} ${l.kind} ${l.author ?? '-'}: ${l.key}`),
    unmatched: allItems.filter((i) => i.kind === 'proposal' && !usedItems.has(i)).map((i) => `${i.author ?? '-'}: ${flat(i.text).slice(0, 110)}`),
  };
}

/** Items from the messages the labels file says were read (all items when it has no scope). */
function inScope(gold: Gold, runs: readonly SeedRun[]): (i: Item) => boolean {
  if (gold.scope === undefined) return () => true;
  const ids = new Set(gold.scope.flatMap((s) => s.messages.map(bare)));
  const keys = new Set(runs.flatMap((r) => r.threads.flatMap((t) => t.messages)).filter((m) => m.messageId !== null && ids.has(bare(m.messageId))).map((m) => m.key));
  return (i) => keys.has(i.message);
}

/** Seed 002: does every archived message hang under the message gold says it answers? */
function scoreThreading(gold: Gold, runs: readonly SeedRun[]): { correct: number; n: number } | null {
  const threading = gold.threading;
  if (threading === undefined) return null;
  const run = runs.find((r) => r.seed === threading.seed);
  const messages = (run?.threads ?? []).flatMap((t) => t.messages).filter((m) => !m.reconstructed && !m.ghost);
  const minute = (iso: string | null): number => (iso === null ? NaN : Math.floor(Date.parse(iso) / 60000));
  const keyOf = new Map<number, string>();
  for (const g of threading.messages) {
    const m = messages.find((x) => personKey(x.author.name) === personKey(g.author) && Math.abs(minute(x.date) - minute(g.date.replace('Z', ':00Z'))) <= 1);
    if (m !== undefined) keyOf.set(g.n, m.key);
  }
  let correct = 0;
  for (const g of threading.messages) {
    const m = messages.find((x) => x.key === keyOf.get(g.n));
    if (m === undefined) continue;
    const want = g.parent === null ? null : (keyOf.get(g.parent) ?? 'missing');
    if (m.parent === want) correct++;
  }
  return { correct, n: threading.messages.length };
}

export function loadGold(file: string): Gold {
  return Gold.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The inputs a labels file names, resolved against its own folder. */
export function goldInputs(file: string, gold: Gold): string[] {
  return (gold.inputs ?? []).map((p) => path.resolve(path.dirname(file), p));
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(6);
const rate = (r: InputRun): string => `${r.messages} msgs, ${Math.round(r.messages / (r.extractMs / 1000))} msg/s`;

interface Evaluation { readonly name: string; readonly scores: Scores; readonly run: InputRun }

/** Seed and held-out figures in adjacent columns, then each set's misses. */
function report(evals: readonly Evaluation[]): string {
  const col = (f: (e: Evaluation) => string): string => evals.map((e) => f(e).padEnd(34)).join('');
  const lines = [`${''.padEnd(11)}${col((e) => e.name)}`, `${'kind'.padEnd(11)}${col(() => 'labels  R       P       F1')}`];
  for (const k of KINDS) {
    lines.push(`${k.padEnd(11)}${col((e) => {
      const r = e.scores.perKind[k];
      return `${String(r.labels).padStart(6)}  ${pct(r.recall)}  ${r.precision === null ? '   -  ' : pct(r.precision)}  ${r.f1 === null ? '' : pct(r.f1)}`;
    })}`);
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
    '(targets: seed proposal F1 >= 85%, overall F1 >= 80%; P is proposal precision, R all labels)',
  );
  for (const e of evals) {
    lines.push('', `${e.name}: missed`, ...e.scores.missed.map((m) => `  ${m}`), `${e.name}: proposals no label matched`, ...e.scores.unmatched.map((m) => `  ${m}`));
  }
  return lines.join('\n');
}

/** The corpus threads the issue names as design discussions: the extraction rate is measured on them. */
const DESIGN_THREADS = [
  'lkml-iommu-archive/dev-ioasid-uapi-proposal-rfc.mbox', 'lkml-iommu-archive/iommufd-generic-interface-rfc.mbox',
  'lkml-iommu-archive/nosnoop-v1.mbox', 'lkml-iommu-archive/nosnoop-v2.mbox', 'lkml-iommu-archive/nosnoop-v3.mbox',
  'lkml-linux-arch-archive/cache-maintenance-noncoherent-dma-arch-sync.mbox',
  ...[1, 2, 3, 4, 5, 6].map((v) => `lkml-linux-arch-archive/cache-coherency-mgmt-subsystem-${v === 1 ? 'rfc-v1' : `v${v}`}.mbox`),
];

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
  if (sets.length === 0) {
    sets.push({ gold: path.join(root, '..', 'shared', 'gold', 'seed-options.json'), inputs: null });
    sets.push({ gold: path.join(root, 'test', 'extract', 'heldout-labels.json'), inputs: null });
  }
  const evals: Evaluation[] = [];
  for (const set of sets) {
    const gold = loadGold(set.gold);
    let inputs = set.inputs ?? goldInputs(set.gold, gold);
    // A labels file without inputs is the seed gold: its inputs are the seed dumps.
    if (inputs.length === 0) inputs = [path.join(root, 'data', 'seeds')];
    const run = inputs.length === 1 && fs.statSync(inputs[0] ?? '').isDirectory() && gold.inputs === undefined
      ? await runSeeds(inputs[0] ?? '') : await runInputs(inputs);
    evals.push({ name: path.basename(set.gold, '.json'), scores: score(gold, run.runs), run });
  }
  let speed: InputRun | null = null;
  if (argv.includes('--speed')) speed = await runInputs(DESIGN_THREADS.map((p) => path.join(root, '..', 'shared', 'corpus', p)));
  if (argv.includes('--json')) {
    const out = evals.map((e) => ({ name: e.name, ...e.scores, extractMsgPerSec: e.run.messages / (e.run.extractMs / 1000) }));
    process.stdout.write(JSON.stringify({ sets: out, designThreads: speed === null ? null : { messages: speed.messages, msgPerSec: speed.messages / (speed.extractMs / 1000) } }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(report(evals) + '\n');
  if (speed !== null) process.stdout.write(`\ncorpus design threads: ${rate(speed)} (extraction only)\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
    process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
