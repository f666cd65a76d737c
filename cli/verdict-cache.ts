/**
 * Checker verdicts kept across sessions: one small JSON file per verdict under
 * $XDG_CACHE_HOME/threadlab/verdicts (else ~/.cache/...), named by the sha256
 * of what decides the answer: the compiled policy, the bound, the universe and
 * the simulator's code (checkerVersion). A policy edited on disk, another bound
 * or an upgraded checker is checked again; the same question is answered at
 * once, in the TUI's decisions screen and in `threadlab report` alike.
 * The cache only saves time: a file that does not parse is ignored, a cache
 * folder that cannot be written is not an error.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_UNIVERSE, type CompiledPolicy } from '../src/sim/index.js';
import { checkerVersion } from '../src/sim/version.js';
import type { Verdict } from '../src/ui/sim-types.js';
import { CHECK_DEPTH } from './check-defaults.js';

/** The folder the CLI keeps verdicts in. */
export function verdictCacheDir(): string {
  const base = process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache');
  return path.join(base, 'threadlab', 'verdicts');
}

/** What decides a verdict, hashed: the same key is the same question to the checker. */
export function verdictKey(policy: CompiledPolicy): string {
  const { file: _file, ...compiled } = policy;
  const universe = { ...DEFAULT_UNIVERSE, exclude: [...DEFAULT_UNIVERSE.exclude].sort() };
  // Maps and Sets of the compiled policy as entry lists, so that the key sees their contents.
  const json = JSON.stringify([compiled, CHECK_DEPTH, universe, checkerVersion()], (_k, v: unknown) =>
    v instanceof Map ? [...v] : v instanceof Set ? [...v] : v,
  );
  return createHash('sha256').update(json).digest('hex');
}

const stored = z.object({
  policy: z.string(),
  result: z.enum(['safe', 'unsafe', 'bounded']),
  bound: z.string(),
  property: z.string().nullable(),
  counterexample: z
    .array(z.object({ op: z.string(), args: z.record(z.string(), z.unknown()), note: z.string() }))
    .nullable(),
});

export interface VerdictStore {
  get(key: string): Verdict | null;
  put(key: string, verdict: Verdict): void;
}

export function verdictStore(dir: string): VerdictStore {
  const file = (key: string) => path.join(dir, `${key}.json`);
  return {
    get(key) {
      try {
        const r = stored.safeParse(JSON.parse(fs.readFileSync(file(key), 'utf8')));
        return r.success ? r.data : null;
      } catch {
        return null;
      }
    },
    put(key, verdict) {
      // Whole or not at all: a reader (another TUI) never sees half a file.
      const tmp = `${file(key)}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(tmp, JSON.stringify(verdict));
        fs.renameSync(tmp, file(key));
      } catch {
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          // No folder to leave a temporary file in: nothing to clean.
        }
      }
    },
  };
}
