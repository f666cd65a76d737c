/**
 * A fingerprint of the simulator's code (every source file under src/sim): a
 * cached checker verdict carries it, so an upgraded checker or model never
 * serves the verdict of the old code.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

function addTree(hash: ReturnType<typeof createHash>, dir: string, rel: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) addTree(hash, full, `${rel}${e.name}/`);
    else if (/\.(?:js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
      hash.update(`${rel}${e.name}\u0000`);
      hash.update(fs.readFileSync(full));
    }
  }
}

export function checkerVersion(): string {
  if (cached !== null) return cached;
  const hash = createHash('sha256');
  addTree(hash, path.dirname(fileURLToPath(import.meta.url)), '');
  cached = hash.digest('hex').slice(0, 16);
  return cached;
}
