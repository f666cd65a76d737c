/**
 * The state of the world as a reader steps through a replay: per run of buffer
 * pages in the same state, what the CPU cache holds, whether memory still holds
 * an earlier owner's data, how often the pages are pinned, which domains map
 * them (an area is filled into every domain of its IOAS), which domains' IOTLBs
 * still hold a stale entry for them, and the areas and in-kernel accesses over
 * them; plus each domain. Plain data: the TUI draws it, it computes nothing.
 *
 *   buf b0  [0 .. 511]  cache dirty  memory OLD  pins 1  mapped nc1,cc2  IOTLB -
 *           [512 .. 1023]  cache none   memory cur  pins 0  mapped -        IOTLB nc1 (released)
 */
import { CACHE_CLEAN, CACHE_DIRTY, cacheOf, MEM_OLD, pinsOf, STALE } from './frame.js';
import { applyOp, checkPins } from './model/ops.js';
import { STALE_ENTRY, STALE_RELEASED, type World } from './model/world.js';
import type { CompiledPolicy } from './policy/load.js';
import type { Params } from './costs.js';
import { BUF, initialWorld, type Universe } from './universe.js';
import type { Op } from './types.js';

export interface PageRun {
  readonly buf: string;
  /** First page index within the buffer, and how many pages share this state. */
  readonly first: number;
  readonly count: number;
  readonly cache: 'none' | 'clean' | 'dirty';
  /** cur: memory holds the owner's data; old: an earlier owner's (the zeroing still dirty in the cache); stale: the clean cached copy is older than memory. */
  readonly memory: 'cur' | 'old' | 'stale';
  readonly pins: number;
  readonly mapped: readonly string[];
  /** Domains whose IOTLB still translates to these pages after the unmap; "(released)" once the pages went back to the host. */
  readonly iotlb: readonly string[];
  readonly areas: readonly string[];
  readonly accesses: readonly string[];
}

export interface DomainState {
  readonly name: string;
  readonly ioas: string;
  readonly coherent: boolean;
  readonly noSnoop: boolean;
}

export interface WorldSnapshot {
  readonly pages: readonly PageRun[];
  readonly domains: readonly DomainState[];
  /** Runs left out past the row limit. */
  readonly more: number;
}

/** A screen's worth and then some: a 1 TiB guest is a few runs, not 2^28 pages. */
export const SNAPSHOT_MAX_RUNS = 64;

const valueAt = (
  runs: (s: number, e: number, v: (s: number, l: number, x: number) => void) => void,
  at: number,
): number => {
  let out = 0;
  runs(at, at + 1, (_s, _l, x) => {
    out = x;
  });
  return out;
};

type Cover = { s: number; e: number; name: string };

function coverOf(w: World, buf: number): { mapped: Cover[]; areas: Cover[]; accesses: Cover[] } {
  const mapped: Cover[] = [];
  const areas: Cover[] = [];
  const accesses: Cover[] = [];
  for (const ioas of w.ioas) {
    for (const a of ioas.areas) {
      const p = w.pages[a.pages];
      if (p == null || p.buf !== buf) continue;
      const s = p.offset + a.start;
      areas.push({ s, e: s + a.len, name: a.name });
      for (const d of ioas.domains) mapped.push({ s, e: s + a.len, name: d.name });
    }
  }
  for (const x of w.accesses) {
    const p = w.pages[x.pages];
    if (p == null || p.buf !== buf) continue;
    accesses.push({ s: p.offset + x.start, e: p.offset + x.start + x.len, name: x.name });
  }
  return { mapped, areas, accesses };
}

const namesAt = (covers: readonly Cover[], at: number): string[] => [
  ...new Set(covers.filter((c) => c.s <= at && at < c.e).map((c) => c.name)),
];

export function snapshotWorld(w: World, maxRuns = SNAPSHOT_MAX_RUNS): WorldSnapshot {
  const runs: PageRun[] = [];
  const domains = w.ioas.flatMap((i) =>
    i.domains.map((d) => ({ name: d.name, ioas: i.name, coherent: d.coherent, noSnoop: d.noSnoop, iotlb: d.iotlb })),
  );
  w.bufs.forEach((b, bi) => {
    const cover = coverOf(w, bi);
    const cuts = new Set<number>([0, b.len]);
    b.frames.runs(0, b.len, (s, l) => {
      cuts.add(s);
      cuts.add(s + l);
    });
    for (const c of [...cover.mapped, ...cover.areas, ...cover.accesses]) {
      cuts.add(Math.max(0, Math.min(b.len, c.s)));
      cuts.add(Math.max(0, Math.min(b.len, c.e)));
    }
    for (const d of domains) {
      d.iotlb.get(bi)?.runs(0, b.len, (s, l) => {
        cuts.add(s);
        cuts.add(s + l);
      });
    }
    const points = [...cuts].sort((x, y) => x - y);
    for (let k = 0; k + 1 < points.length; k++) {
      const s = points[k] ?? 0;
      const e = points[k + 1] ?? s;
      if (e <= s) continue;
      const f = valueAt((a, z, v) => b.frames.runs(a, z, v), s);
      const c = cacheOf(f);
      const iotlb = domains.flatMap((d) => {
        const st = d.iotlb.get(bi);
        const v = st === undefined ? 0 : valueAt((a, z, fn) => st.runs(a, z, fn), s);
        return v === STALE_ENTRY ? [d.name] : v === STALE_RELEASED ? [`${d.name} (released)`] : [];
      });
      const run: PageRun = {
        buf: b.name,
        first: s,
        count: e - s,
        cache: c === CACHE_DIRTY ? 'dirty' : c === CACHE_CLEAN ? 'clean' : 'none',
        memory: (f & MEM_OLD) !== 0 ? 'old' : (f & STALE) !== 0 ? 'stale' : 'cur',
        pins: pinsOf(f),
        mapped: namesAt(cover.mapped, s),
        iotlb,
        areas: namesAt(cover.areas, s),
        accesses: namesAt(cover.accesses, s),
      };
      const prev = runs[runs.length - 1];
      if (prev !== undefined && prev.buf === run.buf && sameState(prev, run))
        runs[runs.length - 1] = { ...prev, count: prev.count + run.count };
      else runs.push(run);
    }
  });
  return {
    pages: runs.slice(0, maxRuns),
    domains: domains.map(({ iotlb: _i, ...d }) => d),
    more: Math.max(0, runs.length - maxRuns),
  };
}

function sameState(a: PageRun, b: PageRun): boolean {
  const key = (r: PageRun) =>
    JSON.stringify([r.buf, r.cache, r.memory, r.pins, r.mapped, r.iotlb, r.areas, r.accesses]);
  return key(a) === key(b);
}

/**
 * The world after each step of a checker counterexample, replayed from the
 * checker's start (the universe's IOASes, one buffer of its pages): the steps
 * carry the readable names the checker's own replay gave them.
 */
export function counterexampleWorlds(
  policy: CompiledPolicy,
  params: Params,
  u: Universe,
  steps: readonly { readonly op: string; readonly args: Readonly<Record<string, unknown>> }[],
): WorldSnapshot[] {
  const w = initialWorld(policy, params, u);
  // The checker holds an IOAS_UNMAP between its kernel phases: its counterexamples have `sync` steps.
  w.phases = true;
  applyOp(w, { op: 'alloc', buf: BUF, pages: u.pages });
  return steps.map((s, k) => {
    w.step = k + 1;
    // The checker's own operation, with the names its replay gave: the shape applyOp takes.
    applyOp(w, Object.assign({ op: s.op }, s.args) as unknown as Op);
    checkPins(w);
    return snapshotWorld(w);
  });
}
