/**
 * Running extraction for the eval: import inputs through the real import
 * path into a temporary database, extract every thread, and group the items
 * by the input file their messages came from.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractThread } from '../../src/extract/index.js';
import type { Item } from '../../src/extract/types.js';
import { runImport } from '../../src/import/index.js';
import { loadThread, openStore, threadIds } from '../../src/store/index.js';
import type { StoredThread } from '../../src/store/types.js';

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

export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** The threads of `paths` imported through the real import path into a temporary database, removed afterwards. */
export async function withImportedThreads<T>(
  paths: readonly string[],
  use: (threads: StoredThread[]) => T,
): Promise<T> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-eval-'));
  try {
    const db = path.join(tmp, 'eval.db');
    await runImport({ paths: [...paths], db, threads: 1 });
    const store = openStore(db);
    try {
      return use(threadIds(store).map((id) => loadThread(store, id)));
    } finally {
      store.close();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Import the inputs into a fresh temp database; extract each thread; group by the input file it came from. */
export async function runInputs(paths: readonly string[]): Promise<InputRun> {
  return withImportedThreads(paths, (threads) => {
    const started = performance.now();
    const extracted = threads.map((t) => ({ thread: t, extraction: extractThread(t) }));
    const extractMs = performance.now() - started;
    const runs = paths.map((p) => {
      const seed = path.basename(p);
      // Threads can span inputs (seed 000 quotes the thread of seed 002): score each item under the input its message came from.
      const mine = extracted.filter((e) => e.thread.messages.some((m) => path.basename(m.source.file) === seed));
      const fromSeed = new Set(
        mine
          .flatMap((e) => e.thread.messages)
          .filter((m) => path.basename(m.source.file) === seed)
          .map((m) => m.key),
      );
      return {
        seed,
        threads: mine.map((e) => e.thread),
        items: mine.flatMap((e) => e.extraction.items).filter((i) => fromSeed.has(i.message)),
        optionCount: mine.reduce((n, e) => n + e.extraction.options.length, 0),
      };
    });
    return { runs, extractMs, messages: threads.reduce((n, t) => n + t.messages.filter((m) => !m.ghost).length, 0) };
  });
}

export async function runSeeds(seedDir: string): Promise<InputRun> {
  return runInputs(
    fs
      .readdirSync(seedDir)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => path.join(seedDir, f)),
  );
}

/** The corpus threads the issue names as design discussions: the extraction rate is measured on them. */
export const DESIGN_THREADS = [
  'lkml-iommu-archive/dev-ioasid-uapi-proposal-rfc.mbox',
  'lkml-iommu-archive/iommufd-generic-interface-rfc.mbox',
  'lkml-iommu-archive/nosnoop-v1.mbox',
  'lkml-iommu-archive/nosnoop-v2.mbox',
  'lkml-iommu-archive/nosnoop-v3.mbox',
  'lkml-linux-arch-archive/cache-maintenance-noncoherent-dma-arch-sync.mbox',
  ...[1, 2, 3, 4, 5, 6].map(
    (v) => `lkml-linux-arch-archive/cache-coherency-mgmt-subsystem-${v === 1 ? 'rfc-v1' : `v${v}`}.mbox`,
  ),
];

export interface Speed {
  readonly messages: number;
  /** The first pass in this process: JIT warm-up included, as a one-shot CLI run pays it. */
  readonly coldMsgPerSec: number;
  /** The median of the passes after three warm-up ones: what a long import extracting thread after thread sees. */
  readonly warmMsgPerSec: number;
  /** The same median in CPU time, steadier than wall time on a loaded machine. */
  readonly warmCpuMsgPerSec: number;
}

/** Passes the JIT needs before the rate settles (measured: the 2nd and 3rd pass are still ~30% slower). */
const WARM_UP = 3;

/** Extraction rate over `paths`, imported once and extracted `passes` times in this process. */
export async function timeExtraction(paths: readonly string[], passes = 8): Promise<Speed> {
  return withImportedThreads(paths, (threads) => {
    const messages = threads.reduce((n, t) => n + t.messages.filter((m) => !m.ghost).length, 0);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let p = 0; p < Math.max(WARM_UP + 1, passes); p++) {
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      for (const t of threads) extractThread(t);
      const used = process.cpuUsage(cpuStart);
      wall.push(messages / ((performance.now() - started) / 1000));
      cpu.push(messages / ((used.user + used.system) / 1e6));
    }
    const median = (xs: number[]): number => {
      const s = xs.slice(WARM_UP).sort((a, b) => a - b);
      return s[Math.floor(s.length / 2)] ?? 0;
    };
    return { messages, coldMsgPerSec: wall[0] ?? 0, warmMsgPerSec: median(wall), warmCpuMsgPerSec: median(cpu) };
  });
}
