/**
 * A fingerprint of the extractor: its own code, the body reader it stands on, and the
 * policy files options are linked to. Cached extractions carry it, so an upgraded
 * Threadlab (or an edited policy) never serves results of the old code.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

function addDir(hash: ReturnType<typeof createHash>, dir: string, pattern: RegExp): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => pattern.test(n))
    .sort()) {
    hash.update(name);
    hash.update(fs.readFileSync(path.join(dir, name)));
  }
}

export function extractorVersion(): string {
  if (cached !== null) return cached;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const code = /\.(?:js|ts)$/;
  addDir(hash, here, code);
  addDir(hash, path.join(here, '..', 'body'), code);
  // src/extract -> repo root (from source) or dist/src/extract -> repo root (built).
  const root = [path.join(here, '..', '..'), path.join(here, '..', '..', '..')].find((r) =>
    fs.existsSync(path.join(r, 'data', 'policies')),
  );
  if (root !== undefined) {
    addDir(hash, path.join(root, 'data', 'policies'), /\.json$/);
    addDir(hash, path.join(root, 'data', 'model'), /\.json$/);
    // The seed families' policies are linked to options too (src/sim/family).
    const families = path.join(root, 'data', 'families');
    if (fs.existsSync(families))
      for (const f of fs.readdirSync(families).sort()) addDir(hash, path.join(families, f, 'policies'), /\.json$/);
  }
  cached = hash.digest('hex').slice(0, 16);
  return cached;
}
