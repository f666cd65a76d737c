/**
 * threadlab sim list | run | check: the coherency simulator (src/sim/).
 */
import { parse, printJson } from '../args.js';
import { oneLine, writeErr, writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import {
  check,
  defaultParams,
  DEFAULT_UNIVERSE,
  loadPolicies,
  loadWorkloads,
  MODELS,
  OP_NAMES,
  PROPERTY_TEXT,
  runWorkload,
  withOverrides,
  type CompiledPolicy,
  type EngineKind,
  type OpName,
  type RunResult,
} from '../../src/sim/index.js';
import { familyOfPolicy } from '../../src/sim/index.js';
import { familyCheck, familyListJson, familyListLines, familyRun } from './sim-family.js';

const HELP = `usage: threadlab sim list [--json] [--policies DIR]
       threadlab sim run --policy ID --workload ID [--param k=v ...] [--trace] [--engine fast|reference] [--json]
       threadlab sim check --policy ID [--depth N] [--pages N --ioas N --domains N --areas N]
                           [--exclude-ops a,b] [--iova-order append|any] [--max-states N] [--json]

The coherency simulator: CPU caches, No-Snoop DMA, IOMMU domains and IOTLBs, with the
policies argued in the seed threads (data/policies) and workloads (data/workloads).

  list            models, policies (with the mail each comes from) and workloads
  run             replay one workload under one policy: flushes, IOTLB invalidations, pins,
                  modelled time, and any safety violation (S1 leak to a device, S2 unstable host
                  view after release, S3 DMA after release) with its step and page
  check           breadth-first search over every operation sequence of a small universe;
                  prints the shortest counterexample, or "no violation up to depth N in this
                  universe" (never "safe" without the bound)

  --policies DIR  add the policy files of DIR to the shipped ones (validated at load)
  --param k=v     override a cost parameter (repeatable; each has its source, see data/ and src/sim/costs.ts)
  --trace         (run) one line per workload step with the flushes and invalidations it caused
  --engine E      (run) fast (extent-based, default) or reference (page by page); they agree
  --depth N       (check) stop after sequences of N operations, 1-60 (default: none, to the fixpoint)
  --pages/--ioas/--domains/--areas N   (check) the universe (default 2 pages, 2 IOAS, 2 domains, 3 areas)
  --exclude-ops   (check) leave these operations out, e.g. copy,split: does the policy fail without them?
  --iova-order O  (check) append (default): a new area goes above every area of its IOAS; any: at every
                  place in the IOVA order (a hole an unmap freed, below every area), as a VMM may choose
  --max-states N  (check) hold at most N states (default: as many as 896 MiB of state storage holds, which
                  also bounds any larger N); a search it stops says "no violation found within"
  --no-symmetry   (check) count every state, not one per IOAS renaming (what an unreduced model counts)
  --fault F       (run, check; seed families) inject a fault mode of the family (sim list names them)
  --json          one JSON document on stdout (shapes in README / CONTRACT.md); progress goes to stderr`;

function iovaOrderFlag(v: string | undefined): 'append' | 'any' {
  if (v === undefined || v === 'append' || v === 'any') return v ?? 'append';
  throw new UserError(`--iova-order: expected append or any, got '${v}'`, 2);
}

/** Flags `sim` shares with `compare`. */
export const RUN_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  db: { type: 'string' },
  policies: { type: 'string' },
  'policy-dir': { type: 'string' },
  workload: { type: 'string' },
  param: { type: 'string', multiple: true },
  engine: { type: 'string' },
  fault: { type: 'string' },
  'no-symmetry': { type: 'boolean' },
} as const;

const OPTIONS = {
  ...RUN_OPTIONS,
  policy: { type: 'string' },
  trace: { type: 'boolean' },
  depth: { type: 'string' },
  pages: { type: 'string' },
  ioas: { type: 'string' },
  domains: { type: 'string' },
  areas: { type: 'string' },
  'exclude-ops': { type: 'string' },
  'iova-order': { type: 'string' },
  'max-states': { type: 'string' },
} as const;

export function policyById(policies: Map<string, CompiledPolicy>, id: string | undefined): CompiledPolicy {
  if (id === undefined) throw new UserError('--policy ID is required (see: threadlab sim list)', 2);
  const p = policies.get(id);
  if (p === undefined) throw new UserError(`unknown policy '${id}' (known: ${[...policies.keys()].join(', ')})`, 2);
  return p;
}

function intFlag(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UserError(`--${name} ${v}: expected an integer from ${min} to ${max}`, 2);
  return n;
}

export function engineFlag(v: string | undefined): EngineKind {
  if (v === undefined || v === 'fast' || v === 'reference') return v ?? 'fast';
  throw new UserError(`--engine ${v}: expected fast or reference`, 2);
}

const fmt = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(1));
const ms = (ns: number): string => `${(ns / 1e6).toFixed(1)} ms`;

export function printRun(r: RunResult): void {
  const m = r.metrics;
  const out: string[] = [
    `policy ${r.policy} on ${r.workload} (${r.model}, ${r.engine} engine, ${r.steps} steps)`,
    `  flushed        ${fmt(m.flushedPages)} pages, ${fmt(m.flushedLines)} lines`,
    `  flush cycles   map ${fmt(Math.round(m.flushCyclesMap))}, unmap ${fmt(Math.round(m.flushCyclesUnmap))}, teardown ${fmt(Math.round(m.flushCyclesTeardown))}`,
    `  IOTLB          ${fmt(m.iotlbInvalidations)} invalidation commands`,
    `  pins/unpins    ${fmt(m.pins)} / ${fmt(m.unpins)}`,
    `  modelled time  ${ms(m.modelledNs)} (map ${ms(m.mapNs)}, unmap ${ms(m.unmapNs)}, teardown ${ms(m.teardownNs)})`,
  ];
  if (r.trace !== undefined) {
    out.push('', '  step  flushed  IOTLB  violations  operation');
    for (const t of r.trace) {
      out.push(
        `  ${String(t.step).padStart(4)}  ${fmt(t.flushedPages).padStart(7)}  ${fmt(t.iotlbInvalidations).padStart(5)}  ${String(t.violations.length).padStart(10)}  ${t.label}`,
      );
    }
  }
  out.push('');
  if (r.violations.length === 0) out.push('  no violations');
  for (const v of r.violations.slice(0, 20)) {
    out.push(
      `  VIOLATION ${v.property} (${PROPERTY_TEXT[v.property]}) at step ${v.step}, ${v.buf}[${v.page}${v.pages > 1 ? `..${v.page + v.pages - 1}` : ''}]: ${v.message}`,
    );
  }
  if (r.violations.length > 20) out.push(`  ... and ${r.violations.length - 20} more`);
  writeOut(out.join('\n') + '\n');
}

/** A workload file that does not load is named on stderr and left out; the others still run. */
export function skipped(message: string): void {
  writeErr(`threadlab: warning: workload skipped: ${oneLine(message)}\n`);
}

export function runJson(r: RunResult): unknown {
  const { policy, workload, steps, metrics, violations, trace } = r;
  return {
    policy,
    workload,
    model: r.model,
    engine: r.engine,
    steps,
    metrics,
    violations,
    ...(trace !== undefined ? { trace } : {}),
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values: f, positionals } = parse('sim', argv, OPTIONS);
  const sub = positionals[0];
  if (f.help === true || sub === undefined) {
    writeOut(HELP + '\n');
    return sub === undefined && f.help !== true ? 2 : 0;
  }
  const policies = loadPolicies(f.policies ?? f['policy-dir']);
  if (sub === 'list') {
    const workloads = [...loadWorkloads(skipped).values()];
    if (f.json === true) {
      printJson({
        models: MODELS,
        policies: [...policies.values()].map((p) => ({
          id: p.id,
          model: p.model,
          title: p.title,
          summary: p.summary,
          provenance: p.provenance,
        })),
        workloads: workloads.map((w) => ({ id: w.id, model: w.model, title: w.title, steps: w.steps.length })),
        families: familyListJson(),
      });
      return 0;
    }
    const lines = ['policies:'];
    for (const p of policies.values())
      lines.push(
        `  ${p.id.padEnd(26)} ${p.model.padEnd(10)} ${oneLine(p.title)}  (${oneLine(p.provenance.author)}, ${oneLine(p.provenance.date)})`,
      );
    lines.push('', 'workloads:');
    for (const w of workloads) lines.push(`  ${w.id.padEnd(30)} ${w.model.padEnd(10)} ${oneLine(w.title)}`);
    lines.push(...familyListLines());
    writeOut(lines.join('\n') + '\n');
    return 0;
  }
  if (
    (sub === 'run' || sub === 'check') &&
    f.policy !== undefined &&
    !policies.has(f.policy) &&
    familyOfPolicy(f.policy) !== null
  ) {
    if (sub === 'run') return familyRun(f.policy, f);
    const maxStates = intFlag('max-states', f['max-states'], 2_000_000, 1, 1e9);
    return familyCheck(f.policy, { ...f, maxStates, clock: () => performance.now() / 1000 });
  }
  if (f.fault !== undefined)
    throw new UserError("--fault applies to the seed families' policies (see: threadlab sim list)", 2);
  if (sub === 'run') {
    const policy = policyById(policies, f.policy);
    if (f.workload === undefined) throw new UserError('--workload ID is required (see: threadlab sim list)', 2);
    const wl = loadWorkloads(skipped).get(f.workload);
    if (wl === undefined) throw new UserError(`unknown workload '${f.workload}' (see: threadlab sim list)`, 2);
    const params = withOverrides(defaultParams(), f.param ?? []);
    const r = runWorkload(policy, wl, params, {
      engine: engineFlag(f.engine),
      trace: f.trace === true,
      onProgress: (d, t) => {
        if (t > 5000) writeErr(`step ${d}/${t}\n`);
      },
    });
    if (f.json === true) printJson(runJson(r));
    else printRun(r);
    return 0;
  }
  if (sub === 'check') {
    const policy = policyById(policies, f.policy);
    const exclude = new Set<OpName>();
    for (const o of (f['exclude-ops'] ?? '').split(',').filter((s) => s !== '')) {
      if (!(OP_NAMES as readonly string[]).includes(o))
        throw new UserError(`--exclude-ops: unknown operation '${o}' (known: ${OP_NAMES.join(', ')})`, 2);
      // The sync is not a choice: it is how an unmap held between its phases goes on.
      if (o === 'sync')
        throw new UserError(
          "--exclude-ops: 'sync' continues an IOAS_UNMAP held before its IOTLB sync; exclude 'unmap' instead",
          2,
        );
      exclude.add(o as OpName);
    }
    const u = {
      pages: intFlag('pages', f.pages, DEFAULT_UNIVERSE.pages, 1, 8),
      ioas: intFlag('ioas', f.ioas, DEFAULT_UNIVERSE.ioas, 1, 4),
      domains: intFlag('domains', f.domains, DEFAULT_UNIVERSE.domains, 1, 4),
      areas: intFlag('areas', f.areas, DEFAULT_UNIVERSE.areas, 1, 6),
      accesses: DEFAULT_UNIVERSE.accesses,
      exclude,
      iovaOrder: iovaOrderFlag(f['iova-order']),
    };
    const depth = f.depth === undefined ? undefined : intFlag('depth', f.depth, 0, 1, 60);
    // Without --max-states the checker's memory bound is the limit (STATE_MEMORY_BYTES); with it, the smaller of the two.
    const maxStates = f['max-states'] === undefined ? undefined : intFlag('max-states', f['max-states'], 0, 1, 1e9);
    const cpu0 = process.cpuUsage();
    const r = check(policy, withOverrides(defaultParams(), f.param ?? []), {
      depth,
      universe: u,
      ...(maxStates === undefined ? {} : { maxStates }),
      symmetry: f['no-symmetry'] !== true,
      clock: () => performance.now() / 1000,
      onProgress: (d, s) => writeErr(`depth ${d}: ${s} states\n`),
    });
    const rss = process.memoryUsage().rss;
    const used = process.cpuUsage(cpu0);
    const cpuSeconds = (used.user + used.system) / 1e6;
    if (f.json === true) {
      printJson({ ...r, cpuSeconds, rssBytes: rss });
      return 0;
    }
    const lines = [
      r.summary,
      `  ${fmt(r.states)} states, ${fmt(r.transitions)} transitions, every sequence of ${r.exploredDepth} operations searched, ` +
        `${r.seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} s CPU), ${fmt(r.statesPerSecond)} states/s, visited set ${(r.bytes / 2 ** 20).toFixed(0)} MB, RSS ${(rss / 2 ** 20).toFixed(0)} MB`,
    ];
    if (r.result === 'bounded') {
      // At the memory bound a larger --max-states changes nothing (STATE_MEMORY_BYTES).
      const full = r.stoppedBy === 'states' && (maxStates === undefined || r.states < maxStates);
      lines.push(
        `  stopped by the ${r.stoppedBy === 'depth' ? '--depth limit' : full ? 'memory bound (the state storage is full)' : '--max-states limit'} before the fixpoint: no verdict`,
      );
    }
    if (r.counterexample !== null) {
      lines.push('', `counterexample (${r.property}: ${r.property === null ? '' : PROPERTY_TEXT[r.property]}):`);
      r.counterexample.forEach((s, i) => {
        const args = Object.entries(s.args)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ');
        lines.push(`  ${i + 1}. ${s.op} ${args}`, `       -> ${s.note}`);
      });
    }
    writeOut(lines.join('\n') + '\n');
    return 0;
  }
  throw new UserError(`sim: unknown sub-command '${sub}' (expected list, run or check)`, 2);
}
