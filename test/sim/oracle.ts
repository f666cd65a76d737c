/**
 * The two engines held together transition by transition, and the verdicts a
 * correct model must give: the kill suite of the lockstep test and of the
 * mutation test (which runs it on mutated copies of src/, so everything here
 * is imported relative to this file and nothing is cached across copies).
 *
 * Lockstep: breadth-first over compact states (no symmetry); at every state
 * the World model (model/, what the workloads run) is built from the compact
 * words, and for every operation both engines must offer the same operations
 * in the same order, reach the same state and report the same properties.
 * The first disagreement is returned as one readable line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { frameZeroedByHost, PIN_UNIT } from '../../src/sim/frame.js';
import { Machine, V_B1, V_B2, V_B3, V_S1, V_S2, V_S3 } from '../../src/sim/compact/iopt.js';
import {
  D_COHERENT,
  D_NOSNOOP,
  D_RELEASED_SHIFT,
  D_STALE_SHIFT,
  areaAt,
  domAt,
  IO_PENDING,
  IO_UNMAPPING,
  ioAt,
  makeLayout,
  PO_FIELDS,
  poAt,
  rootState,
  xAt,
  type Layout,
} from '../../src/sim/compact/layout.js';
import {
  allowed,
  apply,
  canonicalize,
  checkPins as compactPins,
  decode,
  enumerate,
} from '../../src/sim/compact/ops.js';
import { compileRules, PATH } from '../../src/sim/compact/rules.js';
import { unpinUncovered } from '../../src/sim/model/iopt.js';
import { applyOp, checkPins as worldPins, OpError } from '../../src/sim/model/ops.js';
import { STALE_ENTRY, STALE_RELEASED, World, type Area, type Domain } from '../../src/sim/model/world.js';
import { check, defaultParams, loadPolicies, type CompiledPolicy } from '../../src/sim/index.js';
import { enumerateOps, type Universe } from '../../src/sim/universe.js';
import type { Op } from '../../src/sim/types.js';
import type { Property } from '../../src/sim/types.js';

const params = defaultParams();
const BITS: [number, Property][] = [
  [V_S1, 'S1'],
  [V_S2, 'S2'],
  [V_S3, 'S3'],
  [V_B1, 'B1'],
  [V_B2, 'B2'],
  [V_B3, 'B3'],
];
const names = (bits: number): string =>
  BITS.filter(([b]) => (bits & b) !== 0)
    .map(([, p]) => p)
    .join(',');

/** The World a compact state stands for, with the positional names World.canonicalize gives. */
export function worldOf(L: Layout, s: Int32Array, policy: CompiledPolicy): World {
  const w = new World(policy.model, policy, params, 'fast');
  w.phases = true;
  w.bufs.push({ name: 'b0', len: L.pages, frames: w.store(L.pages, 0) });
  const frames = w.bufs[0]?.frames;
  for (let k = 0; k < L.pages; k++) frames?.apply(k, k + 1, () => s[k] ?? 0);
  for (let p = 0; p < (s[L.npages] ?? 0); p++) {
    const o = poAt(L, p);
    const len = s[o + 1] ?? 0;
    const pinned = w.store(len, 0);
    for (let k = 0; k < len; k++) if ((((s[o + 3] ?? 0) >> k) & 1) === 1) pinned.apply(k, k + 1, () => 1);
    w.pages.push({ buf: 0, offset: s[o] ?? 0, len, pinned, flags: s[o + 2] ?? 0, counter: s[o + 4] ?? 0 });
  }
  for (let i = 0; i < L.nIoas; i++) {
    const io = ioAt(L, i);
    const domains: Domain[] = [];
    for (let d = 0; d < (s[io] ?? 0); d++) {
      const v = s[domAt(L, i, d)] ?? 0;
      const iotlb = new Map();
      if (v >> D_STALE_SHIFT !== 0) {
        const e = w.store(L.pages, 0);
        for (let k = 0; k < L.pages; k++) {
          if (((v >> (D_STALE_SHIFT + k)) & 1) === 1)
            e.apply(k, k + 1, () => (((v >> (D_RELEASED_SHIFT + k)) & 1) === 1 ? STALE_RELEASED : STALE_ENTRY));
        }
        iotlb.set(0, e);
      }
      domains.push({ name: `D${i}.${d}`, coherent: (v & D_COHERENT) !== 0, noSnoop: (v & D_NOSNOOP) !== 0, iotlb });
    }
    const areas: Area[] = [];
    for (let a = 0; a < (s[io + 1] ?? 0); a++) {
      const o = areaAt(L, i, a);
      const st = s[o + 3] ?? -1;
      areas.push({
        name: `A${i}.${a}`,
        pages: s[o] ?? 0,
        start: s[o + 1] ?? 0,
        len: s[o + 2] ?? 0,
        storage: st < 0 ? null : `D${i}.${st}`,
        flags: s[o + 4] ?? 0,
      });
    }
    const counters = Array.from({ length: L.nCounters }, (_, c) => s[io + L.ioCounters + c] ?? 0);
    w.ioas.push({ name: `I${i}`, domains, areas, counters, flags: s[io + 2] ?? 0 });
    if ((s[io + IO_UNMAPPING] ?? 0) !== 0)
      w.unmapping = {
        area: `A${i}.${(s[io + IO_UNMAPPING] ?? 0) - 1}`,
        pending: `D${i}.${(s[io + IO_PENDING] ?? 0) - 1}`,
      };
  }
  for (let x = 0; x < (s[L.naccesses] ?? 0); x++) {
    const o = xAt(L, x);
    w.accesses.push({ name: `X${x}`, pages: s[o] ?? 0, start: s[o + 1] ?? 0, len: s[o + 2] ?? 0 });
  }
  return w;
}

/** The compact words of a canonical World (the inverse of worldOf). */
export function wordsOf(L: Layout, w: World): Int32Array {
  const s = new Int32Array(L.length);
  w.bufs[0]?.frames.runs(0, L.pages, (st, l, v) => {
    for (let k = st; k < st + l; k++) s[k] = v;
  });
  s[L.npages] = w.pages.length;
  s[L.naccesses] = w.accesses.length;
  w.pages.forEach((p, id) => {
    if (p === null) return;
    const o = poAt(L, id);
    s[o] = p.offset;
    s[o + 1] = p.len;
    s[o + 2] = p.flags;
    s[o + 4] = p.counter;
    p.pinned.runs(0, p.len, (st, l, v) => {
      if (v !== 0) for (let k = st; k < st + l; k++) s[o + 3] = (s[o + 3] ?? 0) | (1 << k);
    });
  });
  w.ioas.forEach((ioas, i) => {
    const io = ioAt(L, i);
    s[io] = ioas.domains.length;
    s[io + 1] = ioas.areas.length;
    s[io + 2] = ioas.flags;
    const u = w.unmapping;
    const going = u === null ? -1 : ioas.areas.findIndex((a) => a.name === u.area);
    if (u !== null && going >= 0) {
      s[io + IO_UNMAPPING] = going + 1;
      s[io + IO_PENDING] = ioas.domains.findIndex((d) => d.name === u.pending) + 1;
    }
    ioas.counters.forEach((c, k) => (s[io + L.ioCounters + k] = c));
    ioas.domains.forEach((d, k) => {
      let v = (d.coherent ? D_COHERENT : 0) | (d.noSnoop ? D_NOSNOOP : 0);
      d.iotlb.get(0)?.runs(0, L.pages, (st, l, e) => {
        for (let p = st; p < st + l; p++) {
          if (e !== 0) v |= 1 << (D_STALE_SHIFT + p);
          if (e === STALE_RELEASED) v |= 1 << (D_RELEASED_SHIFT + p);
        }
      });
      s[domAt(L, i, k)] = v;
    });
    ioas.areas.forEach((a, k) => {
      const o = areaAt(L, i, k);
      s[o] = a.pages;
      s[o + 1] = a.start;
      s[o + 2] = a.len;
      s[o + 3] = a.storage === null ? -1 : ioas.domains.findIndex((d) => d.name === a.storage);
      s[o + 4] = a.flags;
    });
  });
  w.accesses.forEach((x, k) => {
    const o = xAt(L, k);
    s[o] = x.pages;
    s[o + 1] = x.start;
    s[o + 2] = x.len;
  });
  return s;
}

const same = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Both engines, breadth-first to `depth` (or maxStates) over universe u: null
 * when they agree on every transition, else the first disagreement.
 */
export function lockstep(policy: CompiledPolicy, u: Universe, depth: number, maxStates = 20000): string | null {
  const L = makeLayout(policy, u);
  const m = new Machine(L, compileRules(policy), policy.deferSync);
  const ok = allowed(u, L.vfio);
  const map = new Int32Array(L.maxPagesObjs + 1);
  const old = new Int32Array((L.maxPagesObjs + 1) * PO_FIELDS);
  const seen = new Set<string>();
  let level = [rootState(L, frameZeroedByHost(0))];
  seen.add(level[0]?.join(',') ?? '');
  const ops = new Int32Array(4096);
  for (let d = 1; d <= depth && level.length > 0; d++) {
    const next: Int32Array[] = [];
    for (const s of level) {
      m.s = s;
      const n = enumerate(m, ok, ops);
      const mine = Array.from(ops.subarray(0, n), (op) => JSON.stringify(decode(L, s, op)));
      const theirs = enumerateOps(worldOf(L, s, policy), u).map((o) => JSON.stringify(o));
      if (mine.join('\n') !== theirs.join('\n'))
        return `${policy.id}: the engines offer different operations at depth ${d - 1}: compact [${mine.join(' ')}] World [${theirs.join(' ')}]`;
      for (let j = 0; j < n; j++) {
        const op = ops[j] ?? 0;
        const work = s.slice();
        m.s = work;
        m.violated = 0;
        const applied = apply(m, op);
        if (applied) compactPins(m);
        const w = worldOf(L, s, policy);
        w.step = d;
        let refused = false;
        try {
          applyOp(w, decode(L, s, op));
        } catch (err) {
          if (!(err instanceof OpError)) throw err;
          refused = true;
        }
        const what = `${policy.id}: after ${mine[j]} at depth ${d}`;
        if (refused !== !applied)
          return `${what}: ${applied ? 'the World model refuses it' : 'the compact engine refuses it'}`;
        if (!applied) continue;
        worldPins(w);
        w.canonicalize();
        const props = [...new Set(w.violations.map((v) => v.property))].sort().join(',');
        if (props !== names(m.violated))
          return `${what}: the compact engine reports [${names(m.violated)}], the World model [${props}]`;
        canonicalize(L, work, map, old);
        const theirWords = wordsOf(L, w);
        if (!same(work, theirWords))
          return `${what}: different states\n  compact ${work.join(',')}\n  World   ${theirWords.join(',')}`;
        if (m.violated !== 0) continue;
        const key = work.join(',');
        if (seen.has(key) || seen.size >= maxStates) continue;
        seen.add(key);
        next.push(work);
      }
    }
    level = next;
  }
  return null;
}

/**
 * Policies written to exercise what no shipped policy does: every kind of
 * condition and action, on every event, deferred IOTLB invalidation, a
 * flush before the IOTLB sync, a counter that can go negative.
 */
export const PROBES: unknown[] = [
  {
    id: 'probe-counters',
    model: 'iommufd',
    title: 'counters: gt, eq, lt, add, B3',
    provenance: { thread: 'test', author: 'test', date: '2026-01-01', quote: 'probe' },
    state: { counters: [{ name: 'nc' }, { name: 'any' }], flags: [{ scope: 'ioas', name: 'seen' }] },
    rules: [
      { on: 'attach', when: { domain: 'noncoherent' }, do: [{ add: 'nc', by: 1 }] },
      { on: 'attach', do: [{ add: 'any', by: 1 }] },
      { on: 'detach', do: [{ add: 'nc', by: -1 }] },
      { on: 'fill', when: { counters: [{ name: 'nc', gt: 0 }] }, do: [{ flush: 'range' }] },
      { on: 'unfill', when: { counters: [{ name: 'any', eq: 2 }] }, do: [{ flush: 'pinned' }] },
      {
        on: 'iotlb-sync',
        when: { counters: [{ name: 'nc', lt: 1 }] },
        do: [{ set: { scope: 'ioas', name: 'seen' }, to: true }],
      },
      { on: 'unpin', when: { flags: [{ scope: 'ioas', name: 'seen', is: true }] }, do: [{ flush: 'range' }] },
    ],
  },
  {
    id: 'probe-flags',
    model: 'iommufd',
    title: 'pages and area flags, paths, sources',
    provenance: { thread: 'test', author: 'test', date: '2026-01-01', quote: 'probe' },
    state: {
      flags: [
        { scope: 'area', name: 'nc' },
        { scope: 'pages', name: 'dirty' },
      ],
    },
    rules: [
      {
        on: 'storage-set',
        when: { path: ['fill_domain', 'switch'] },
        do: [{ set: { scope: 'area', name: 'nc' }, to: 'domain-noncoherent' }],
      },
      {
        on: 'fill',
        when: { path: ['fill_domains'], domain: 'noncoherent', source: ['fresh-pin'] },
        do: [{ flush: 'range' }, { set: { scope: 'pages', name: 'dirty' }, to: true }],
      },
      { on: 'fill', when: { path: ['fill_domain'], source: ['storage-coherent', 'xarray'] }, do: [{ flush: 'range' }] },
      { on: 'fill', when: { sourceAreaFlag: { name: 'nc', is: true } }, do: [{ flush: 'range' }] },
      {
        on: 'iotlb-sync',
        when: { path: ['detach'], flags: [{ scope: 'area', name: 'nc', is: true }] },
        do: [{ flush: 'range' }],
      },
      {
        on: 'unpin',
        when: { path: ['unaccess'], flags: [{ scope: 'pages', name: 'dirty', is: true }] },
        do: [{ flush: 'range' }, { set: { scope: 'pages', name: 'dirty' }, to: false }],
      },
    ],
  },
  {
    id: 'probe-pages-counter',
    model: 'iommufd',
    title: 'a pages counter in conditions and actions',
    provenance: { thread: 'test', author: 'test', date: '2026-01-01', quote: 'probe' },
    state: { counters: [{ name: 'n', scope: 'pages' }] },
    rules: [
      { on: 'fill', when: { counters: [{ name: 'n', eq: 0 }] }, do: [{ flush: 'range' }] },
      { on: 'fill', do: [{ add: 'n', by: 'noncoherent-domains' }] },
      { on: 'unfill', do: [{ add: 'n', by: '-noncoherent-domains' }] },
      { on: 'iotlb-sync', when: { counters: [{ name: 'n', lt: 1 }] }, do: [{ flush: 'pinned' }] },
      { on: 'unpin', when: { counters: [{ name: 'n', gt: 0 }] }, do: [{ flush: 'range' }] },
    ],
  },
  {
    id: 'probe-flush-before-sync',
    model: 'iommufd',
    title: 'the cache flushed after the unmap but before the IOTLB sync',
    provenance: { thread: 'test', author: 'test', date: '2026-01-01', quote: 'probe' },
    rules: [
      { on: 'fill', when: { domain: 'noncoherent' }, do: [{ flush: 'range' }] },
      { on: 'unfill', when: { domain: 'noncoherent' }, do: [{ flush: 'range' }] },
    ],
  },
  {
    id: 'probe-deferred',
    model: 'iommufd',
    title: 'the IOTLB invalidation queued past the unpin',
    provenance: { thread: 'test', author: 'test', date: '2026-01-01', quote: 'probe' },
    iotlbInvalidation: 'deferred',
    rules: [
      { on: 'fill', when: { domain: 'noncoherent' }, do: [{ flush: 'range' }] },
      { on: 'iotlb-sync', do: [{ flush: 'range' }] },
    ],
  },
];

/** The shipped policies and the probes (written to a temporary directory and loaded like any user policy). */
export function allPolicies(): Map<string, CompiledPolicy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-probes-'));
  for (const p of PROBES) fs.writeFileSync(path.join(dir, `${(p as { id: string }).id}.json`), JSON.stringify(p));
  try {
    return loadPolicies(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ALL_OPS: Universe = { pages: 2, ioas: 2, domains: 2, areas: 3, accesses: 1, exclude: new Set() };
/** One IOAS and one page, deeper: detach of the last domain, re-pins, migration, accesses. */
const DEEP: Universe = { pages: 1, ioas: 1, domains: 2, areas: 2, accesses: 1, exclude: new Set(['copy', 'split']) };

/** New areas at every place in the IOVA order: below the others, in a hole an unmap freed. */
const ANY_ORDER: Universe = { ...ALL_OPS, iovaOrder: 'any' };

/** Where the lockstep runs: every policy on three universes, at depths that keep the whole run to seconds. */
export const LOCKSTEP_PLAN: { universe: Universe; depth: number; maxStates: number }[] = [
  { universe: ALL_OPS, depth: 3, maxStates: 400 },
  { universe: DEEP, depth: 6, maxStates: 300 },
  { universe: ANY_ORDER, depth: 4, maxStates: 150 },
];

/** What a correct model finds: each property broken by some policy, at its known length; safe ones stay clean. */
export const WITNESSES: {
  policy: string;
  universe: Universe;
  depth: number;
  property: Property | null;
  length?: number;
}[] = [
  { policy: 'none', universe: ALL_OPS, depth: 3, property: 'S1', length: 3 },
  { policy: 'v1-sticky', universe: ALL_OPS, depth: 4, property: 'S1', length: 4 },
  { policy: 'area-flag', universe: DEEP, depth: 7, property: 'S2', length: 7 },
  { policy: 'probe-deferred', universe: ALL_OPS, depth: 4, property: 'S3', length: 4 },
  { policy: 'probe-flush-before-sync', universe: ALL_OPS, depth: 6, property: 'S2', length: 6 },
  { policy: 'probe-counters', universe: DEEP, depth: 3, property: 'B3', length: 2 },
  { policy: 'pages-counter', universe: DEEP, depth: 5, property: 'S2', length: 5 },
  { policy: 'pages-counter', universe: ALL_OPS, depth: 4, property: 'B3', length: 4 },
  { policy: 'flush-every-fill', universe: ALL_OPS, depth: 4, property: null },
  { policy: 'storage-domain-skip', universe: DEEP, depth: 6, property: 'S2', length: 6 },
  { policy: 'summary-3-step', universe: DEEP, depth: 6, property: null },
];

/**
 * The engines' own bookkeeping checks (B1 pinned exactly once, B2 unpin only
 * after unmap, S3 a device reaching an unpinned page) can never fire on a
 * correct engine, so no policy shows them: they are shown on states corrupted
 * by hand, in both engines.
 */
export function bookkeepingChecks(): string | null {
  const policy = allPolicies().get('flush-every-fill');
  if (policy === undefined) return 'no flush-every-fill';
  const u = ALL_OPS;
  const L = makeLayout(policy, u);
  const m = new Machine(L, compileRules(policy), false);
  const ok = allowed(u, L.vfio);
  const ops = new Int32Array(4096);
  const opWhere = (s: Int32Array, want: Partial<Op>): number => {
    m.s = s;
    const n = enumerate(m, ok, ops);
    for (let j = 0; j < n; j++) {
      const o = decode(L, s, ops[j] ?? 0) as unknown as Record<string, unknown>;
      if (Object.entries(want).every(([k, v]) => o[k] === v)) return ops[j] ?? 0;
    }
    throw new Error(`no operation ${JSON.stringify(want)}`);
  };
  const s = rootState(L, frameZeroedByHost(0));
  for (const want of [
    { op: 'map', offset: 0, pages: 2 },
    { op: 'attach', coherent: false },
  ] as Partial<Op>[]) {
    const op = opWhere(s, want);
    m.s = s;
    apply(m, op);
  }
  const worldSays = (w: World): string => [...new Set(w.violations.map((v) => v.property))].sort().join(',');
  // Pinned nowhere although the area is in a domain: B1, and a device access is S3.
  const unpinned = s.slice();
  unpinned[poAt(L, 0) + 3] = 0;
  for (let k = 0; k < L.pages; k++) unpinned[k] = (unpinned[k] ?? 0) - PIN_UNIT;
  m.s = unpinned.slice();
  m.violated = 0;
  compactPins(m);
  if (m.violated !== V_B1)
    return `compact: B1 not reported for a mapped page that is not pinned (${names(m.violated)})`;
  let w = worldOf(L, unpinned, policy);
  worldPins(w);
  if (worldSays(w) !== 'B1') return `World: B1 not reported for a mapped page that is not pinned (${worldSays(w)})`;
  const dma = opWhere(unpinned, { op: 'dma', write: false });
  m.s = unpinned.slice();
  m.violated = 0;
  apply(m, dma);
  if (m.violated !== V_S3)
    return `compact: S3 not reported for a device read of an unpinned page (${names(m.violated)})`;
  w = worldOf(L, unpinned, policy);
  applyOp(w, decode(L, unpinned, dma));
  if (worldSays(w) !== 'S3') return `World: S3 not reported for a device read of an unpinned page (${worldSays(w)})`;
  // An area still mapped in a domain but out of domains_itree: unpinning under it is B2.
  const hidden = s.slice();
  hidden[areaAt(L, 0, 0) + 3] = -1;
  m.s = hidden.slice();
  m.violated = 0;
  m.unpinUncovered(0, 0, 0, L.pages, PATH.unmap);
  if ((m.violated & V_B2) === 0)
    return `compact: B2 not reported for an unpin under a mapped area (${names(m.violated)})`;
  w = worldOf(L, hidden, policy);
  const ioas = w.ioas[0];
  if (ioas !== undefined) unpinUncovered(w, ioas, ioas.areas[0] ?? null, 0, 0, L.pages, 'unmap');
  if (!worldSays(w).includes('B2')) return `World: B2 not reported for an unpin under a mapped area (${worldSays(w)})`;
  return null;
}

/** The whole kill suite: the first witness that does not hold or the first lockstep disagreement, or null. */
export function firstFailure(): string | null {
  const bad = bookkeepingChecks();
  if (bad !== null) return bad;
  const policies = allPolicies();
  for (const x of WITNESSES) {
    const p = policies.get(x.policy);
    if (p === undefined) return `no policy ${x.policy}`;
    const r = check(p, params, { depth: x.depth, universe: x.universe });
    if (r.property !== x.property)
      return `${x.policy}: expected ${x.property ?? 'no violation'}, the checker found ${r.property ?? 'none'} (${r.summary})`;
    if (x.length !== undefined && r.counterexample?.length !== x.length)
      return `${x.policy}: expected a counterexample of ${x.length} operations, got ${r.counterexample?.length}`;
  }
  for (const plan of LOCKSTEP_PLAN) {
    for (const p of policies.values()) {
      const bad = lockstep(p, plan.universe, plan.depth, plan.maxStates);
      if (bad !== null) return bad;
    }
  }
  return null;
}
