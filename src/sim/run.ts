/**
 * Running a workload under a policy: apply each step's operations, check the
 * invariants after every step, and account what each step caused (the flushes a
 * policy does "before" a step are part of that step).
 */
import { UserError } from '../errors.js';
import type { Params } from './costs.js';
import { applyOp, checkPins, OpError } from './model/ops.js';
import { World } from './model/world.js';
import type { CompiledPolicy } from './policy/load.js';
import type { EngineKind } from './store.js';
import type { Metrics, Op, Violation } from './types.js';
import type { Workload } from './workload/load.js';

export interface TraceEntry {
  step: number;
  label: string;
  op: string;
  flushedPages: number;
  iotlbInvalidations: number;
  pins: number;
  unpins: number;
  violations: Violation[];
}

export interface RunResult {
  policy: string;
  workload: string;
  model: string;
  engine: EngineKind;
  steps: number;
  metrics: Metrics;
  violations: Violation[];
  trace?: TraceEntry[];
}

export interface RunOptions {
  engine?: EngineKind;
  trace?: boolean;
  /** Called every few thousand steps and at the end (CLI progress on stderr). */
  onProgress?: (done: number, total: number) => void;
  /** Called with the world after each step (1-based), to look, not to touch: the TUI's replay grid snapshots it. */
  observe?: (world: World, step: number) => void;
}

export function describeOp(op: Op): string {
  const { op: name, ...args } = op;
  return `${name} ${Object.entries(args)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ')}`.trim();
}

export function runWorkload(
  policy: CompiledPolicy,
  workload: Workload,
  params: Params,
  opts: RunOptions = {},
): RunResult {
  if (workload.model !== 'any' && workload.model !== policy.model) {
    throw new UserError(
      `workload ${workload.id} is for the ${workload.model} model; policy ${policy.id} replays ${policy.model}`,
    );
  }
  const engine = opts.engine ?? 'fast';
  const w = new World(policy.model, policy, params, engine);
  for (const name of workload.ioas)
    w.ioas.push({ name, domains: [], areas: [], counters: policy.counters.map(() => 0), flags: 0 });
  const trace: TraceEntry[] = [];
  const total = workload.steps.length;
  workload.steps.forEach((step, i) => {
    w.step = i + 1;
    const before = { ...w.metrics };
    const nViol = w.violations.length;
    for (const op of step.ops) {
      try {
        applyOp(w, op);
      } catch (err) {
        if (err instanceof OpError)
          throw new UserError(`${workload.file}: step ${i + 1} (${step.label}): ${describeOp(op)}: ${err.message}`);
        if (err instanceof RangeError)
          throw new UserError(`workload ${workload.id}: ${err.message}; use the fast engine`);
        throw err;
      }
    }
    checkPins(w);
    if (workload.canonical) w.canonicalize();
    opts.observe?.(w, i + 1);
    if (opts.trace === true) {
      trace.push({
        step: i + 1,
        label: step.label,
        op: step.ops.map(describeOp).join('; '),
        flushedPages: w.metrics.flushedPages - before.flushedPages,
        iotlbInvalidations: w.metrics.iotlbInvalidations - before.iotlbInvalidations,
        pins: w.metrics.pins - before.pins,
        unpins: w.metrics.unpins - before.unpins,
        violations: w.violations.slice(nViol),
      });
    }
    if (opts.onProgress !== undefined && (i + 1) % 5000 === 0) opts.onProgress(i + 1, total);
  });
  opts.onProgress?.(total, total);
  const out: RunResult = {
    policy: policy.id,
    workload: workload.id,
    model: policy.model,
    engine,
    steps: total,
    metrics: w.metrics,
    violations: w.violations,
  };
  if (opts.trace === true) out.trace = trace;
  return out;
}
