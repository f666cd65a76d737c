/**
 * Loading workloads: validate the file, expand instances, repeats and "$param"
 * numbers into plain steps of operations. Random workloads are generated here
 * from their seed, so they are data too (same seed, same operations).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { defaultParams } from '../costs.js';
import { dataDir, jsonFiles } from '../data.js';
import { seededRng } from '../rng.js';
import type { Op } from '../types.js';
import { applyOp, OpError } from '../model/ops.js';
import { BUF, DEFAULT_UNIVERSE, initialWorld, randomOp } from '../universe.js';
import { compilePolicy } from '../policy/load.js';
import {
  MAX_OP_PAGES,
  MAX_STEP_NESTING,
  MAX_WORKLOAD_STEPS,
  workloadSchema,
  type RawOp,
  type RawStep,
  type WorkloadFile,
} from './schema.js';

export interface Step {
  label: string;
  ops: Op[];
}
export interface Workload {
  id: string;
  title: string;
  model: WorkloadFile['model'];
  file: string;
  steps: Step[];
  /** Generated workloads name objects positionally: the run must canonicalize after each step. */
  canonical: boolean;
  /** IOASes that exist before the first step (generated workloads name them I0, I1, ...). */
  ioas: string[];
}

type Vars = Record<string, number>;

function evalNum(v: number | string, vars: Vars, where: string): number {
  if (typeof v === 'number') return v;
  const m = /^\$([a-z_][a-z0-9_]*)(?:([*/+-])(\d+|\$[a-z_][a-z0-9_]*))?$/i.exec(v);
  const base = m?.[1] === undefined ? undefined : vars[m[1]];
  if (m === null || base === undefined) throw new UserError(`${where}: expected a known parameter, got '${v}'`);
  if (m[2] === undefined || m[3] === undefined) return base;
  const rhs = m[3].startsWith('$') ? vars[m[3].slice(1)] : Number(m[3]);
  if (rhs === undefined) throw new UserError(`${where}: unknown parameter in '${v}'`);
  if (m[2] === '*') return base * rhs;
  if (m[2] === '/') return Math.floor(base / rhs);
  return m[2] === '+' ? base + rhs : base - rhs;
}

function resolveOp(raw: RawOp, vars: Vars, round: number, where: string): Op {
  const out: Record<string, unknown> = {};
  const pages = 'pages' in raw ? raw.pages : undefined;
  if (pages !== undefined) {
    const n = evalNum(pages, vars, `${where}.pages`);
    if (!(n <= MAX_OP_PAGES)) throw new UserError(`${where}.pages: ${n} pages; at most ${MAX_OP_PAGES} (MAX_OP_PAGES)`);
  }
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'op' || typeof v === 'boolean') out[k] = v;
    else if (
      typeof v === 'number' ||
      (typeof v === 'string' &&
        v.startsWith('$') &&
        k !== 'as' &&
        !['buf', 'ioas', 'area', 'from', 'to', 'domain', 'left', 'right', 'access'].includes(k))
    )
      out[k] = evalNum(v, vars, `${where}.${k}`);
    else if (typeof v === 'string') out[k] = v.replaceAll('$i', String(round));
    else out[k] = v;
  }
  return out as Op; // shape already validated by opSchema; only numbers were substituted
}

function expand(steps: RawStep[], vars: Vars, where: string, round: number, out: Step[]): void {
  steps.forEach((st, i) => {
    const at = `${where}.${i}`;
    if (st.repeat !== undefined) {
      const n = evalNum(st.repeat, vars, `${at}.repeat`);
      if (!(n <= MAX_WORKLOAD_STEPS))
        throw new UserError(`${at}.repeat: ${n} rounds; a workload has at most ${MAX_WORKLOAD_STEPS} steps`);
      for (let r = 1; r <= n; r++) expand(st.steps ?? [], { ...vars, i: r }, `${at}.steps`, r, out);
      return;
    }
    if (out.length >= MAX_WORKLOAD_STEPS)
      throw new UserError(`${at}: the workload expands past ${MAX_WORKLOAD_STEPS} steps (MAX_WORKLOAD_STEPS)`);
    const label = (st.label ?? `step ${out.length + 1}`).replaceAll('$i', String(round));
    out.push({ label, ops: (st.ops ?? []).map((o, j) => resolveOp(o, vars, round, `${at}.ops.${j}`)) });
  });
}

const NONE_POLICY = compilePolicy(
  {
    id: 'generator',
    model: 'iommufd',
    title: 'no policy',
    provenance: { thread: '-', author: '-', date: '2024-01-01', quote: '-' },
    rules: [],
  },
  '(generator)',
);

const GEN_IOAS = DEFAULT_UNIVERSE_IOAS();
function DEFAULT_UNIVERSE_IOAS(): string[] {
  return Array.from({ length: DEFAULT_UNIVERSE.ioas }, (_x, i) => `I${i}`);
}

function generate(g: NonNullable<WorkloadFile['generator']>): Step[] {
  const rng = seededRng(g.seed);
  const u = { ...DEFAULT_UNIVERSE, pages: g.pages, areas: 6, domains: 3, accesses: 2 };
  const w = initialWorld(NONE_POLICY, defaultParams(), u, 'fast');
  const steps: Step[] = [{ label: `alloc ${g.pages} pages`, ops: [{ op: 'alloc', buf: BUF, pages: g.pages }] }];
  applyOp(w, { op: 'alloc', buf: BUF, pages: g.pages });
  for (let k = 0; k < g.ops; k++) {
    // A candidate the kernel would refuse (e.g. splitting an area with accesses) is skipped.
    let op: Op | null = null;
    for (let tries = 0; tries < 20 && op === null; tries++) {
      const cand = randomOp(w, u, rng);
      if (cand === null) break;
      const next = w.clone();
      try {
        applyOp(next, cand);
      } catch (err) {
        if (err instanceof OpError) continue;
        throw err;
      }
      op = cand;
    }
    if (op === null) break;
    applyOp(w, op);
    w.canonicalize();
    steps.push({ label: op.op, ops: [op] });
  }
  return steps;
}

export function loadWorkloadFile(file: string): Workload[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(
      `${file}: (file): expected a readable JSON workload file (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
    );
  }
  const depth = nesting(raw);
  if (depth > MAX_STEP_NESTING)
    throw new UserError(`${file}: steps: nested ${depth} deep; at most ${MAX_STEP_NESTING} (MAX_STEP_NESTING)`);
  const parsed = workloadSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${file}: ${issue === undefined || issue.path.length === 0 ? '(top level)' : issue.path.join('.')}: ${issue?.message ?? 'invalid workload'}`,
    );
  }
  const wf = parsed.data;
  const name = path.basename(file);
  if (wf.generator !== undefined) {
    return [
      {
        id: wf.id,
        title: wf.title,
        model: 'iommufd',
        file,
        steps: generate(wf.generator),
        canonical: true,
        ioas: GEN_IOAS,
      },
    ];
  }
  const variants = wf.instances ?? [{ id: wf.id, title: wf.title, params: {} }];
  return variants.map((v) => {
    const steps: Step[] = [];
    expand(wf.steps ?? [], { ...(wf.params ?? {}), ...v.params }, `${name}: steps`, 0, steps);
    return { id: v.id, title: v.title, model: wf.model, file, steps, canonical: false, ioas: [] };
  });
}

/** How deep arrays and objects nest in parsed JSON, without recursion (a hostile file nests thousands deep). */
function nesting(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() ?? [null, 0];
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d);
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  // Each level of steps is a step object inside a steps array: two levels of JSON.
  return Math.floor(deepest / 2);
}

/**
 * Every shipped workload. With `onProblem`, a file that does not load is reported there and
 * skipped, so one bad file does not stop `sim list` or a run of another workload; without,
 * it throws.
 */
export function loadWorkloads(
  onProblem?: (message: string) => void,
  dir = path.join(dataDir(), 'workloads'),
): Map<string, Workload> {
  const out = new Map<string, Workload>();
  for (const file of jsonFiles(dir)) {
    let loaded: Workload[];
    try {
      loaded = loadWorkloadFile(file);
    } catch (err) {
      if (onProblem === undefined || !(err instanceof UserError)) throw err;
      onProblem(err.message);
      continue;
    }
    for (const w of loaded) {
      if (out.has(w.id)) throw new UserError(`${file}: id: '${w.id}' is defined twice`);
      out.set(w.id, w);
    }
  }
  return out;
}
