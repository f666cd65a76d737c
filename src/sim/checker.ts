/**
 * The exhaustive checker: breadth-first over every operation sequence of a
 * small universe, one state per IOAS-renaming orbit, to the fixpoint (every
 * reachable state) unless a depth or state limit stops it first. It stops at
 * the first violation, which is therefore a shortest counterexample. "Safe in
 * this universe" is said only at the fixpoint; a search a limit cut short says
 * "no violation found within ...", never "safe".
 * The search runs on the compact engine (compact/); the World model that the
 * workloads run is held equal to it transition by transition
 * (test/sim/lockstep.test.ts) and replays the counterexample for its notes.
 */
import type { Params } from './costs.js';
import { applyOp, checkPins } from './model/ops.js';
import type { CompiledPolicy } from './policy/load.js';
import { BUF, initialWorld, type Universe } from './universe.js';
import type { Op, Property, Violation } from './types.js';
import { searchCompact, type SearchLimits, type StopReason } from './compact/search.js';

export interface CheckOptions {
  /** Longest operation sequence; undefined (the default): search to the fixpoint. */
  depth?: number | undefined;
  universe: Universe;
  /** Stop after this many states (the memory bound); the answer is then "no violation found within". */
  maxStates?: number | undefined;
  /** IOAS symmetry reduction (default true). Off, state counts are those of an unreduced model (SPIN's). */
  symmetry?: boolean | undefined;
  /** A clock in seconds, passed in: src/sim reads no clock of its own. */
  clock?: () => number;
  onProgress?: (depth: number, states: number) => void;
}

export interface CounterexampleStep {
  op: string;
  args: Record<string, unknown>;
  note: string;
}

export interface CheckResult {
  policy: string;
  /** The depth limit asked for, or null: to the fixpoint. */
  depth: number | null;
  /** Every operation sequence of this length or less was searched. */
  exploredDepth: number;
  states: number;
  transitions: number;
  seconds: number;
  statesPerSecond: number;
  /**
   * safe: the fixpoint was reached without a violation (exhaustive: true);
   * unsafe: a counterexample, the shortest there is; bounded: a depth or state
   * limit stopped the search first, no violation among what was searched.
   */
  result: 'safe' | 'unsafe' | 'bounded';
  /** Every reachable state of the universe was searched. */
  exhaustive: boolean;
  stoppedBy: StopReason;
  /** At the fixpoint: the depth of the deepest reachable state. */
  diameter: number | null;
  symmetry: boolean;
  /** Bytes the visited set held (packed states, parents, operations). */
  bytes: number;
  property: Property | null;
  violation: Violation | null;
  counterexample: CounterexampleStep[] | null;
  universe: {
    pages: number;
    ioas: number;
    domains: number;
    areas: number;
    accesses: number;
    excludeOps: string[];
    iovaOrder: 'append' | 'any';
  };
  /** One sentence saying how far the answer reaches. */
  bound: string;
  summary: string;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

export function describeUniverse(policy: CompiledPolicy, u: Universe): string {
  const ex =
    (u.exclude.size > 0 ? `, without ${[...u.exclude].join(',')}` : '') +
    (u.iovaOrder === 'any' ? ', new areas at every IOVA place' : '');
  if (policy.model === 'vfio-type1')
    return `${u.pages} pages, 1 container, ${u.domains} domains, ${u.areas} vfio_dma${ex}`;
  return `${u.pages} pages, ${u.ioas} IOAS, ${u.domains} domains, ${u.areas} areas, ${u.accesses} access${ex}`;
}

export function check(policy: CompiledPolicy, params: Params, opts: CheckOptions): CheckResult {
  const clock = opts.clock ?? (() => 0);
  const t0 = clock();
  const u = opts.universe;
  const symmetry = opts.symmetry !== false;
  const lim: SearchLimits = { depth: opts.depth, maxStates: opts.maxStates, symmetry, onProgress: opts.onProgress };
  const out = searchCompact(policy, u, lim, policy.deferSync);
  const seconds = Math.max(clock() - t0, 0);
  const uni = {
    pages: u.pages,
    ioas: u.ioas,
    domains: u.domains,
    areas: u.areas,
    accesses: u.accesses,
    excludeOps: [...u.exclude],
    iovaOrder: u.iovaOrder ?? 'append',
  };
  const base = {
    policy: policy.id,
    depth: opts.depth ?? null,
    exploredDepth: out.explored,
    states: out.states,
    transitions: out.transitions,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(out.states / seconds) : 0,
    stoppedBy: out.stoppedBy,
    diameter: out.diameter,
    symmetry,
    bytes: out.bytes,
    universe: uni,
  };
  const where = describeUniverse(policy, u);
  const counted = `${fmt(out.states)} states${symmetry ? ' up to IOAS renaming' : ''}`;
  if (out.ops !== null) {
    const { steps, violation: v } = replay(policy, params, u, out.ops);
    return {
      ...base,
      result: 'unsafe',
      exhaustive: false,
      property: v?.property ?? null,
      violation: v,
      counterexample: steps,
      bound: `a counterexample of ${out.ops.length} operations; none shorter exists in this universe (${where})`,
      summary: `${policy.id}: ${v?.property ?? '?'} violated after ${out.ops.length} operations (universe: ${where})`,
    };
  }
  if (out.stoppedBy === 'fixpoint') {
    const bound = `safe in this universe: every reachable state searched (${counted}, the deepest ${out.diameter ?? 0} operations from the start; ${where})`;
    return {
      ...base,
      result: 'safe',
      exhaustive: true,
      property: null,
      violation: null,
      counterexample: null,
      bound,
      summary: `${policy.id}: ${bound}`,
    };
  }
  const limit =
    out.stoppedBy === 'depth'
      ? `depth ${out.explored}`
      : `the --max-states limit of ${fmt(out.states)} states (every sequence of ${out.explored} operations searched)`;
  const bound = `no violation found within ${limit}: not a safety claim, the universe has more states (${counted} searched; ${where})`;
  return {
    ...base,
    result: 'bounded',
    exhaustive: false,
    property: null,
    violation: null,
    counterexample: null,
    bound,
    summary: `${policy.id}: ${bound}`,
  };
}

/**
 * Replay a counterexample with readable names. Checker operations name objects
 * by position (A<ioas>.<n>), which is also their position in this un-renamed
 * world, so each name translates by looking it up there.
 */
function replay(
  policy: CompiledPolicy,
  params: Params,
  u: Universe,
  ops: readonly Op[],
): { steps: CounterexampleStep[]; violation: Violation | null } {
  const w = initialWorld(policy, params, u);
  // The checker holds an IOAS_UNMAP between its kernel phases (World.phases).
  w.phases = true;
  applyOp(w, { op: 'alloc', buf: BUF, pages: u.pages });
  let n = 0;
  const fresh = (prefix: string): string => `${prefix}${++n}`;
  const pos = (name: string): [string, number, number] => {
    const m = /^([ADX])(\d+)(?:\.(\d+))?$/.exec(name);
    return m === null ? ['', -1, -1] : [m[1] ?? '', Number(m[2]), Number(m[3] ?? -1)];
  };
  const real = (name: string): string => {
    const [kind, i, j] = pos(name);
    if (kind === 'A') return w.ioas[i]?.areas[j]?.name ?? name;
    if (kind === 'D') return w.ioas[i]?.domains[j]?.name ?? name;
    if (kind === 'X') return w.accesses[i]?.name ?? name;
    return name;
  };
  const out: CounterexampleStep[] = [];
  ops.forEach((raw, k) => {
    const op = { ...raw } as Record<string, unknown>;
    for (const key of ['area', 'from', 'domain', 'access'])
      if (typeof op[key] === 'string') op[key] = real(op[key] as string);
    if (raw.op === 'map' || raw.op === 'copy') op['as'] = fresh('area');
    if (raw.op === 'split') {
      op['left'] = fresh('area');
      op['right'] = fresh('area');
    }
    if (raw.op === 'attach') op['domain'] = fresh(raw.coherent ? 'cc' : 'nc');
    if (raw.op === 'access') op['as'] = fresh('access');
    const before = { ...w.metrics };
    const nv = w.violations.length;
    w.step = k + 1;
    applyOp(w, op as Op);
    checkPins(w);
    const notes: string[] = [];
    const flushed = w.metrics.flushedPages - before.flushedPages;
    if (flushed > 0) notes.push(`flushed ${flushed} page${flushed === 1 ? '' : 's'}`);
    const pins = w.metrics.pins - before.pins;
    if (pins > 0) notes.push(`pinned ${pins}`);
    const unpins = w.metrics.unpins - before.unpins;
    if (unpins > 0) notes.push(`unpinned ${unpins}`);
    for (const v of w.violations.slice(nv)) notes.push(`${v.property} VIOLATED at ${v.buf}[${v.page}]: ${v.message}`);
    const { op: name, ...args } = op;
    out.push({ op: String(name), args, note: notes.length > 0 ? notes.join('; ') : 'no flush' });
  });
  return { steps: out, violation: w.violations[0] ?? null };
}
