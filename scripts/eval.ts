/**
 * `npm run eval -- --gold ../shared/gold/seed-options.json [--seeds DIR] [--json]`
 *
 * Imports the seed threads through the real import path into a temporary
 * database, extracts items and options from every thread, and scores them
 * with the rules written at the top of the gold file: a label is matched by
 * an item of the same kind (or an `alt` kind) whose author matches and whose
 * text contains the key phrase (whitespace collapsed, '>' removed); the label
 * is matched once, further items with its words are duplicates. Labels list
 * every proposal but only a sample of the other kinds, so precision is scored
 * on proposals and recall on everything; overall F1 = F1(proposal precision,
 * overall recall).
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
  }),
});
type Gold = z.infer<typeof Gold>;
type Label = Gold['labels'][number];

export interface SeedRun {
  readonly seed: string;
  readonly threads: readonly StoredThread[];
  readonly items: readonly Item[];
  readonly optionCount: number;
}

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Import every seed into a fresh temp database; extract each thread; group by the seed file it came from. */
export async function runSeeds(seedDir: string): Promise<{ runs: SeedRun[]; extractMs: number; messages: number }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-eval-'));
  try {
    const db = path.join(tmp, 'eval.db');
    const seeds = fs.readdirSync(seedDir).filter((f) => f.endsWith('.txt')).sort();
    await runImport({ paths: seeds.map((f) => path.join(seedDir, f)), db, threads: 1 });
    const store = openStore(db);
    try {
      const threads = threadIds(store).map((id) => loadThread(store, id));
      const started = performance.now();
      const extracted = threads.map((t) => ({ thread: t, extraction: extractThread(t) }));
      const extractMs = performance.now() - started;
      const runs = seeds.map((seed) => {
        // Threads can span seeds (seed 000 quotes the thread of seed 002): score each item under the seed its message came from.
        const mine = extracted.filter((e) => e.thread.messages.some((m) => path.basename(m.source.file) === seed));
        const fromSeed = new Set(mine.flatMap((e) => e.thread.messages).filter((m) => path.basename(m.source.file) === seed).map((m) => m.key));
        return {
          seed,
          threads: mine.map((e) => e.thread),
          items: mine.flatMap((e) => e.extraction.items).filter((i) => fromSeed.has(i.message)),
          optionCount: mine.reduce((n, e) => n + e.extraction.options.length, 0),
        };
      });
      return { runs, extractMs, messages: threads.reduce((n, t) => n + t.messages.length, 0) };
    } finally {
      store.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
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
  readonly threading: { correct: number; n: number };
  readonly missed: readonly string[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

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
    const hit = byText.find((i) => authorOk(l, i));
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
      if (gold.labels.some((l) => l.seed === run.seed && chosen.has(l.id) && kindOk(l, i) && textOk(l, i))) duplicates++;
    }
  }
  const allItems = runs.flatMap((r) => r.items);
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
  };
}

/** Seed 002: does every archived message hang under the message gold says it answers? */
function scoreThreading(gold: Gold, runs: readonly SeedRun[]): { correct: number; n: number } {
  const run = runs.find((r) => r.seed === gold.threading.seed);
  const messages = (run?.threads ?? []).flatMap((t) => t.messages).filter((m) => !m.reconstructed && !m.ghost);
  const minute = (iso: string | null): number => (iso === null ? NaN : Math.floor(Date.parse(iso) / 60000));
  const keyOf = new Map<number, string>();
  for (const g of gold.threading.messages) {
    const m = messages.find((x) => personKey(x.author.name) === personKey(g.author) && Math.abs(minute(x.date) - minute(g.date.replace('Z', ':00Z'))) <= 1);
    if (m !== undefined) keyOf.set(g.n, m.key);
  }
  let correct = 0;
  for (const g of gold.threading.messages) {
    const key = keyOf.get(g.n);
    const m = messages.find((x) => x.key === key);
    if (m === undefined) continue;
    const want = g.parent === null ? null : (keyOf.get(g.parent) ?? 'missing');
    if (m.parent === want) correct++;
  }
  return { correct, n: gold.threading.messages.length };
}

export function loadGold(file: string): Gold {
  return Gold.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

async function main(argv: string[]): Promise<number> {
  const goldArg = argv.indexOf('--gold');
  const seedArg = argv.indexOf('--seeds');
  const root = repoRoot();
  const gold = loadGold(path.resolve(goldArg >= 0 ? (argv[goldArg + 1] ?? '') : path.join(root, '..', 'shared', 'gold', 'seed-options.json')));
  const seeds = path.resolve(seedArg >= 0 ? (argv[seedArg + 1] ?? '') : path.join(root, 'data', 'seeds'));
  const { runs, extractMs, messages } = await runSeeds(seeds);
  const s = score(gold, runs);
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ ...s, extractMsgPerSec: messages / (extractMs / 1000) }, null, 2) + '\n');
    return 0;
  }
  const lines = ['kind       labels matched predicted  recall  precision  F1'];
  for (const k of KINDS) {
    const r = s.perKind[k];
    lines.push(`${k.padEnd(10)} ${String(r.labels).padStart(6)} ${String(r.matched).padStart(7)} ${String(r.predicted).padStart(9)}  ${pct(r.recall).padStart(6)}  ${r.precision === null ? '     (sample)' : pct(r.precision).padStart(9)}  ${r.f1 === null ? '' : pct(r.f1)}`);
  }
  lines.push(
    '',
    `proposal   P ${pct(s.proposal.precision)}  R ${pct(s.proposal.recall)}  F1 ${pct(s.proposal.f1)}   (target >= 85%)`,
    `overall    P ${pct(s.overall.precision)}  R ${pct(s.overall.recall)}  F1 ${pct(s.overall.f1)}   (target >= 80%; P is proposal precision, R all labels)`,
    `duplicates ${s.duplicates}`,
    `attribution: author ${pct(s.attribution.author)} of labels found by kind+text, date ${pct(s.attribution.date)} of ${s.attribution.n} matched`,
    `targets ${s.target.correct}/${s.target.n}   review hunks (file) ${s.hunk.correct}/${s.hunk.n}   seed-002 threading ${s.threading.correct}/${s.threading.n}`,
    `extraction: ${messages} messages in ${extractMs.toFixed(0)} ms (${Math.round(messages / (extractMs / 1000))} msg/s)`,
    '',
    'missed:',
    ...s.missed.map((m) => `  ${m}`),
  );
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: unknown) => {
    process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
