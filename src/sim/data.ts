/**
 * Where the shipped policies and workloads live: <repo>/data/. Found by walking up
 * from this module, so it works from src/ (tsx) and from dist/src/ (built).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function dataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'data', 'policies');
    if (fs.existsSync(candidate)) return path.join(dir, 'data');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('threadlab data/ directory not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The *.json files of a directory, sorted, as absolute paths. */
export function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}
