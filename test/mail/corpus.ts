/** Where the shared corpus lives and what independent counts say about it (test helper, not a test). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources } from '../../src/mail/index.js';
import type { ReadEvent } from '../../src/mail/index.js';
import type { RawMail } from '../../src/mail/types.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shared = path.resolve(repoRoot, '..', 'shared');
export const corpus = path.join(shared, 'corpus');

export function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/** Mail files of the corpus: every .mbox and .eml, fuzz/ excluded unless asked. */
export function corpusMailFiles(withFuzz = false): string[] {
  return walk(corpus).filter((f) => /\.(mbox|eml)$/.test(f) && (withFuzz || !f.includes(`${path.sep}fuzz${path.sep}`)));
}

/** Messages per file as MANIFEST.tsv lists them (the lkml archive extracts). */
export function manifestCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const file = path.join(corpus, line.split('\t')[0] ?? '');
    counts.set(file, (counts.get(file) ?? 0) + 1);
  }
  return counts;
}

/** The independent count: "From " separator lines, the way Python's mailbox module splits. */
export function separatorCount(file: string): number {
  return readFileSync(file, 'latin1')
    .split('\n')
    .filter((l) => l.startsWith('From ')).length;
}

export async function collect(
  paths: readonly string[],
  opts: Parameters<typeof readSources>[1] = {},
): Promise<ReadEvent[]> {
  const out: ReadEvent[] = [];
  for await (const ev of readSources(paths, opts)) out.push(ev);
  return out;
}

export const mails = (events: readonly ReadEvent[]): RawMail[] =>
  events.flatMap((e) => (e.kind === 'mail' ? [e.mail] : []));

export const warningsOf = (events: readonly ReadEvent[]) =>
  events.flatMap((e) => (e.kind === 'warning' ? [e.warning] : []));
