/**
 * The bounded exhaustive checker: breadth-first over every operation sequence
 * of a small universe, states hashed by their canonical key, stopping at the
 * first violation, which is therefore a shortest counterexample. The answer is
 * never "safe" without its bound: "no violation up to depth N in this universe".
 * Two engines: compact/ (packed integer states, the default) and the reference
 * search over World objects below; a test requires them to agree exactly.
 */
import type { Params } from './costs.js';
import { applyOp, checkPins, OpError } from './model/ops.js';
import type { World } from './model/world.js';
import type { CompiledPolicy } from './policy/load.js';
import { BUF, enumerateOps, initialWorld, type Universe } from './universe.js';
import type { Op, Property, Violation } from './types.js';
import { searchCompact, STATE_MEMORY_BYTES, type SearchLimits, type SearchOutcome } from './compact/search.js';

export interface CheckOptions {
  depth: number;
  universe: Universe;
  /** Stop (result "incomplete", complete false) after this many states. */
  maxStates?: number;
  /** A clock in seconds, passed in: src/sim reads no clock of its own. */
  clock?: () => number;
  onProgress?: (depth: number, states: number) => void;
  /** compact (default): packed states, in place; reference: World objects, the model the workloads run. */
  engine?: 'compact' | 'reference';
}

export interface CounterexampleStep { op: string; args: Record<string, unknown>; note: string }

export interface CheckResult {
  policy: string;
  depth: number;
  /** The deepest level fully explored. */
  exploredDepth: number;
  states: number;
  transitions: number;
  seconds: number;
  statesPerSecond: number;
  result: 'safe' | 'unsafe' | 'incomplete';
  property: Property | null;
  violation: Violation | null;
  counterexample: CounterexampleStep[] | null;
  universe: { pages: number; ioas: number; domains: number; areas: number; accesses: number; excludeOps: string[] };
  /** False when --max-states cut the search short: then nothing is claimed beyond what was explored. */
  complete: boolean;
  /** One sentence saying how far the answer reaches (never "safe" without its bound). */
  bound: string;
  summary: string;
}

function start(policy: CompiledPolicy, params: Params, u: Universe): World {
  const w = initialWorld(policy, params, u);
  applyOp(w, { op: 'alloc', buf: BUF, pages: u.pages });
  w.stopAtFirst = true;
  w.canonicalize();
  return w;
}

/**
 * The reference search over World objects: a clone per transition and a text
 * key per state. Slow, but it runs the very model the workloads run; the
 * compact engine must find exactly what this one finds (test/sim/compact.test.ts).
 */
function searchReference(policy: CompiledPolicy, params: Params, u: Universe, lim: SearchLimits): SearchOutcome {
  const root = start(policy, params, u);
  const seen = new Set<string>([root.key()]);
  const parent: number[] = [-1];
  const via: (Op | null)[] = [null];
  let frontier: { w: World; id: number }[] = [{ w: root, id: 0 }];
  let transitions = 0;
  let explored = 0;
  let found: { id: number; op: Op } | null = null;
  let incomplete = false;
  for (let d = 1; d <= lim.depth && found === null && !incomplete && frontier.length > 0; d++) {
    const next: { w: World; id: number }[] = [];
    outer: for (const { w, id } of frontier) {
      for (const op of enumerateOps(w, u)) {
        const c = w.clone();
        c.step = d;
        try {
          applyOp(c, op);
        } catch (err) {
          if (err instanceof OpError) continue;
          throw err;
        }
        transitions++;
        checkPins(c);
        if (c.violations.length > 0) {
          found = { id, op };
          break outer;
        }
        c.canonicalize();
        const key = c.key();
        if (seen.has(key)) continue;
        seen.add(key);
        parent.push(id);
        via.push(op);
        next.push({ w: c, id: parent.length - 1 });
        if (lim.maxStates !== undefined && seen.size >= lim.maxStates) {
          incomplete = true;
          break outer;
        }
      }
    }
    if (found === null && !incomplete) explored = d;
    lim.onProgress?.(d, seen.size);
    frontier = next;
  }
  let ops: Op[] | null = null;
  if (found !== null) {
    ops = [found.op];
    for (let id = found.id; id > 0; id = parent[id] ?? 0) {
      const op = via[id];
      if (op != null) ops.unshift(op);
    }
  }
  return { states: seen.size, transitions, explored, incomplete, limit: lim.maxStates ?? Number.POSITIVE_INFINITY, limitByMemory: false, ops };
}

export function check(policy: CompiledPolicy, params: Params, opts: CheckOptions): CheckResult {
  const clock = opts.clock ?? (() => 0);
  const t0 = clock();
  const u = opts.universe;
  const lim: SearchLimits = { depth: opts.depth, maxStates: opts.maxStates, onProgress: opts.onProgress };
  const out = opts.engine === 'reference' ? searchReference(policy, params, u, lim) : searchCompact(policy, u, lim, policy.deferSync);
  const seconds = Math.max(clock() - t0, 0);
  const uni = { pages: u.pages, ioas: u.ioas, domains: u.domains, areas: u.areas, accesses: u.accesses, excludeOps: [...u.exclude] };
  const base = {
    policy: policy.id, depth: opts.depth, exploredDepth: out.explored, states: out.states, transitions: out.transitions, seconds,
    statesPerSecond: seconds > 0 ? Math.round(out.states / seconds) : 0, universe: uni,
  };
  const where = `${u.pages} pages, ${u.ioas} IOAS, ${u.domains} domains, ${u.areas} areas, ${u.accesses} access${uni.excludeOps.length > 0 ? `, without ${uni.excludeOps.join(',')}` : ''}`;
  if (out.ops !== null) {
    const { steps, violation: v } = replay(policy, params, u, out.ops);
    return {
      ...base, result: 'unsafe', property: v?.property ?? null, violation: v, counterexample: steps, complete: true,
      bound: `a counterexample of ${out.ops.length} operations; none shorter exists in this universe (${where})`,
      summary: `${policy.id}: ${v?.property ?? '?'} violated after ${out.ops.length} operations (universe: ${where})`,
    };
  }
  if (out.incomplete) {
    // A partial level proves nothing about its depth; only the levels before it were fully searched.
    const stop = out.limitByMemory
      ? `the memory bound of ${out.states} states (${STATE_MEMORY_BYTES / 2 ** 20} MB of state storage)`
      : `the --max-states limit of ${out.states} states`;
    const bound = `search incomplete: stopped at ${stop}, in depth ${out.explored + 1} of ${opts.depth}; `
      + `no violation among the states explored, which is not a safety claim (fully searched: depth ${out.explored} in this universe: ${where})`;
    return { ...base, result: 'incomplete', property: null, violation: null, counterexample: null, complete: false, bound, summary: `${policy.id}: ${bound}` };
  }
  const bound = `no violation up to depth ${out.explored} in this universe (${where})`;
  return { ...base, result: 'safe', property: null, violation: null, counterexample: null, complete: true, bound, summary: `${policy.id}: ${bound}` };
}

/**
 * Replay a counterexample with readable names. Checker operations name objects
 * by position (A<ioas>.<n>), which is also their position in this un-renamed
 * world, so each name translates by looking it up there.
 */
function replay(policy: CompiledPolicy, params: Params, u: Universe, ops: Op[]): { steps: CounterexampleStep[]; violation: Violation | null } {
  const w = initialWorld(policy, params, u);
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
    for (const key of ['area', 'from', 'domain', 'access']) if (typeof op[key] === 'string') op[key] = real(op[key] as string);
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
