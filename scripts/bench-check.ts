/**
 * npm run bench:check [--policies a,b] [--spin a,b] [--pages N --domains N ...]
 * Time, memory and states to a complete verdict (the fixpoint) for every
 * shipped policy in the default universe: the checker with IOAS symmetry
 * (what `sim check` does), the checker without it, and, where `spin` is
 * installed, SPIN on the generated Promela model of the same universe
 * (breadth-first, -O2; flush-every-fill by default, the yardstick the outside
 * review used). Each checker run is its own process (`sim check --json`), so
 * its memory is its own; CPU seconds are reported beside wall time because
 * the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_UNIVERSE, loadPolicies } from '../src/sim/index.js';
import { promela } from '../src/sim/promela/generate.js';
import { SpinModel, spinVersion } from '../src/sim/promela/run.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const policies = loadPolicies();
const ids = (flag('policies') ?? [...policies.keys()].join(',')).split(',');
const spinIds = (flag('spin') ?? 'flush-every-fill').split(',').filter((x) => x !== '');
const universeFlags = ['pages', 'ioas', 'domains', 'areas'].flatMap((k) =>
  flag(k) === undefined ? [] : [`--${k}`, flag(k) ?? ''],
);
const u = {
  ...DEFAULT_UNIVERSE,
  pages: Number(flag('pages') ?? DEFAULT_UNIVERSE.pages),
  ioas: Number(flag('ioas') ?? DEFAULT_UNIVERSE.ioas),
  domains: Number(flag('domains') ?? DEFAULT_UNIVERSE.domains),
  areas: Number(flag('areas') ?? DEFAULT_UNIVERSE.areas),
};
const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

interface Json {
  result: string;
  states: number;
  seconds: number;
  cpuSeconds: number;
  rssBytes: number;
  bytes: number;
  diameter: number | null;
  counterexample: unknown[] | null;
}

function checker(id: string, symmetry: boolean): Json {
  const r = spawnSync(
    process.execPath,
    [cli, 'sim', 'check', '--policy', id, '--json', ...universeFlags, ...(symmetry ? [] : ['--no-symmetry'])],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) throw new Error(`sim check ${id}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Json;
}

const line = (
  who: string,
  id: string,
  verdict: string,
  states: number,
  wall: number,
  cpu: number,
  mb: number,
): string =>
  `  ${who.padEnd(22)} ${id.padEnd(26)} ${verdict.padEnd(8)} ${fmt(states).padStart(11)} states ${wall.toFixed(1).padStart(7)} s wall ${cpu.toFixed(1).padStart(7)} s CPU ` +
  `${fmt(states / cpu).padStart(9)} states/CPU-s ${fmt(mb).padStart(6)} MB`;

process.stdout.write(
  `universe: ${u.pages} pages, ${u.ioas} IOAS, ${u.domains} domains, ${u.areas} areas, ${u.accesses} access; every search to its fixpoint or first violation\n`,
);
const unreduced = new Map<string, Json>();
const reduced = new Map<string, Json>();
for (const id of ids) {
  const r = checker(id, true);
  reduced.set(id, r);
  process.stdout.write(
    line('checker (symmetry)', id, r.result, r.states, r.seconds, r.cpuSeconds, r.rssBytes / 2 ** 20) +
      `  visited set ${fmt(r.bytes / 2 ** 20)} MB${r.diameter === null ? '' : `, diameter ${r.diameter}`}\n`,
  );
}
for (const id of spinIds) {
  const r = checker(id, false);
  unreduced.set(id, r);
  process.stdout.write(
    line('checker (no symmetry)', id, r.result, r.states, r.seconds, r.cpuSeconds, r.rssBytes / 2 ** 20) + '\n',
  );
}
const version = spinVersion();
if (version === null) process.stdout.write('spin is not installed (apt-get install spin): no SPIN figures\n');
else {
  process.stdout.write(`${version}\n`);
  for (const id of spinIds) {
    const p = policies.get(id);
    if (p === undefined) throw new Error(`no policy ${id}`);
    const model = new SpinModel(promela(p, u), { clock: () => performance.now() / 1000 });
    try {
      const s = model.search({ hashBits: 26 });
      const verdict = s.errors > 0 ? 'unsafe' : 'safe';
      process.stdout.write(
        line('SPIN (BFS, -O2)', id, verdict, s.states, s.seconds, s.cpuSeconds, s.maxRssMB) +
          `  (build ${model.buildSeconds.toFixed(0)} s wall)\n`,
      );
      const mine = unreduced.get(id);
      if (mine !== undefined) {
        process.stdout.write(
          `  same states as the unreduced checker: ${s.states === mine.states ? 'yes' : `NO (${s.states} vs ${mine.states})`}; ` +
            `SPIN CPU / checker CPU to the complete verdict: ${(s.cpuSeconds / (reduced.get(id) ?? checker(id, true)).cpuSeconds).toFixed(2)} (with symmetry), ` +
            `${(s.cpuSeconds / mine.cpuSeconds).toFixed(2)} (without)\n`,
        );
      }
    } finally {
      model.dispose();
    }
  }
}
