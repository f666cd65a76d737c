/**
 * Running SPIN on a generated model (spin -a, gcc, ./pan, breadth-first) and
 * reading its counts back: what the oracle test and `npm run bench:check`
 * compare with the checker. SPIN is optional (Debian package `spin`).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function spinVersion(): string | null {
  const r = spawnSync('spin', ['-V'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export interface SpinRun {
  /** States stored (SPIN's "states, stored"). */
  states: number;
  transitions: number;
  errors: number;
  /** SPIN's own figures for the search alone (wall). */
  seconds: number;
  /** CPU seconds and peak RSS of pan (GNU time), NaN without /usr/bin/time. */
  cpuSeconds: number;
  maxRssMB: number;
  memoryMB: number;
  /** spin -a plus gcc, once per model. */
  buildSeconds: number;
  output: string;
}

export interface SpinOptions {
  /** Longest operation sequence (pan -m); undefined: the whole reachable space. */
  depth?: number | undefined;
  /** log2 of the hash table size (pan -w). */
  hashBits?: number;
  /** A clock in seconds (the build's wall time). */
  clock?: () => number;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error !== undefined) throw new Error(`${cmd}: ${r.error.message}`);
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 && cmd !== './pan' && cmd !== '/usr/bin/time')
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${out.slice(0, 2000)}`);
  return out;
}

const num = (out: string, re: RegExp): number => {
  const m = re.exec(out);
  return m === null ? Number.NaN : Number(m[1]);
};

/** A built model: pan compiled in a temporary directory, run as often as wanted, then disposed. */
export class SpinModel {
  readonly dir: string;
  readonly buildSeconds: number;

  constructor(model: string, opts: { optimize?: boolean; clock?: () => number } = {}) {
    const clock = opts.clock ?? (() => 0);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-spin-'));
    fs.writeFileSync(path.join(this.dir, 'model.pml'), model);
    const t0 = clock();
    run('spin', ['-a', 'model.pml'], this.dir);
    // -O0 builds the generated pan.c in a fraction of -O2's time: what a test wants; a benchmark wants -O2.
    run(
      'gcc',
      [
        opts.optimize === false ? '-O0' : '-O2',
        '-DSAFETY',
        '-DBFS',
        '-DNOREDUCE',
        '-DMEMLIM=16384',
        '-w',
        '-o',
        'pan',
        'pan.c',
      ],
      this.dir,
    );
    this.buildSeconds = clock() - t0;
  }

  /** Breadth-first to depth (pan -m), or over the whole reachable space. */
  search(opts: { depth?: number | undefined; hashBits?: number } = {}): Omit<SpinRun, 'buildSeconds'> {
    const args = [`-m${opts.depth ?? 100000}`, `-w${opts.hashBits ?? 22}`, '-E'];
    // Under GNU time when there is one: CPU seconds and peak memory of pan itself, whatever else the machine runs.
    const timed = fs.existsSync('/usr/bin/time');
    const out = timed
      ? run('/usr/bin/time', ['-f', 'threadlab-time %U %S %M', './pan', ...args], this.dir)
      : run('./pan', args, this.dir);
    const t = /threadlab-time ([\d.]+) ([\d.]+) (\d+)/.exec(out);
    return {
      cpuSeconds: t === null ? Number.NaN : Number(t[1]) + Number(t[2]),
      maxRssMB: t === null ? Number.NaN : Number(t[3]) / 1024,
      states: num(out, /([\d.e+]+) states, stored/),
      transitions: num(out, /([\d.e+]+) transitions/),
      errors: num(out, /errors: (\d+)/),
      seconds: num(out, /pan: elapsed time ([\d.e+]+) seconds/),
      memoryMB: num(out, /([\d.]+)\s+total actual memory usage/),
      output: out,
    };
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Build and run model (Promela text) breadth-first once. */
export function runSpin(model: string, opts: SpinOptions & { optimize?: boolean } = {}): SpinRun {
  const m = new SpinModel(model, opts);
  try {
    return { ...m.search(opts), buildSeconds: m.buildSeconds };
  } finally {
    m.dispose();
  }
}
