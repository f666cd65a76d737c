/**
 * Seed 001 (Robin Murphy / Russell King, 2015-09-29, "iommu: Add range flush
 * operation"): how a driver learns which IOTLB entries to invalidate after
 * a map or an unmap, and what each driver interface costs.
 *
 *   IOVA page:  PTE  --(device walk)-->  IOTLB entry  --(TLBI + CMD_SYNC)-->  gone
 *
 * An unmap is a sequence of kernel phases (clear PTE, queue TLBI, CMD_SYNC,
 * return); the device may walk and cache any present PTE at any time, the
 * IOTLB may drop an entry, the SMMU consumes queued commands in any order
 * before a CMD_SYNC completes. T1: once an unmap has returned, no IOTLB entry
 * for its IOVAs may still translate.
 */
import { z } from 'zod';
import { defineFamily, param, type Params } from '../family.js';
import type { Successor, TransitionSystem } from '../system.js';
import { PARAMS } from './costs.js';

const policy = z.strictObject({
  /** Who learns of the change: per-page TLBI in unmap; one flush(iova,size); map_sync/unmap_sync; one callback with a direction; helpers the driver calls. */
  interface: z.enum(['per-page', 'flush-callback', 'map-unmap-sync', 'direction-callback', 'library']),
  /** flush-callback: the callback also runs after map (an unneeded TLB invalidation there)... */
  mapInvalidates: z.boolean(),
  /** ...or it walks the page table in every call to tell a map from an unmap. */
  tableWalk: z.boolean(),
  /** From this many pages on one unmap invalidates the whole ASID instead (0: never). */
  asidThresholdPages: z.number().int().min(0),
  /** Where the invalidation is issued from: the core after every unmap path, the driver's one unmap op, or each driver path by hand. */
  calledFrom: z.enum(['core', 'driver-unmap', 'driver-each-path']),
});
type Policy = z.infer<typeof policy>;

const workload = z.strictObject({
  kind: z.enum(['teardown', 'churn']),
  /** teardown: pages in the domain; churn: map+unmap pairs of one 4 KiB buffer each. */
  pages: z.number().int().min(1),
  /** Pages per iommu_unmap call at teardown (VFIO unmaps physically contiguous chunks; 1 when memory is fragmented). */
  chunkPages: z.number().int().min(1),
  smmu: z.enum(['hardware', 'software-model']),
  /** The SMMU takes one range invalidation command for a whole range (SMMUv3.2 TLBI range); else one command per page. */
  rangeCommand: z.boolean(),
  /** IOTLB entries of other mappings in active use when an unmap runs: what a whole-ASID flush makes the device re-walk (0 for a quiesced teardown). */
  liveEntries: z.number().int().min(0),
});
type Workload = z.infer<typeof workload>;

const FAULTS = {
  'forget-one-path':
    'one of the two unmap paths (the teardown one) issues no invalidation where the driver must issue it by hand (Russell: "too big a target for idiotic driver writers")',
  'return-before-sync': 'the unmap returns without waiting for its CMD_SYNC (the mutant that shows T1 can fail)',
} as const;

interface Costs {
  tlbi: number;
  syncs: number;
  asid: number;
  walks: number;
  calls: number;
  ns: number;
}
const zero = (): Costs => ({ tlbi: 0, syncs: 0, asid: 0, walks: 0, calls: 0, ns: 0 });

/** What one map or unmap of n pages costs under a policy (commands, syncs, walks, calls, time). */
function opCost(p: Policy, w: Workload, prm: Params, kind: 'map' | 'unmap', n: number): Costs {
  const c = zero();
  const hw = w.smmu === 'hardware';
  const cmd = hw ? param(prm, 'tlbiNs') : param(prm, 'modelCmdNs');
  const sync = hw ? param(prm, 'syncNs') : param(prm, 'modelSyncNs');
  const asidCmd = hw ? param(prm, 'asidNs') : param(prm, 'modelCmdNs');
  c.ns += n * param(prm, 'pteNs');
  const invalidate = (pages: number): void => {
    if (p.asidThresholdPages > 0 && pages >= p.asidThresholdPages) {
      c.asid += 1;
      c.syncs += 1;
      c.ns += asidCmd + sync + Math.min(w.liveEntries, param(prm, 'tlbEntries')) * param(prm, 'asidRefillNs');
      return;
    }
    const cmds = w.rangeCommand ? 1 : pages;
    c.tlbi += cmds;
    c.syncs += 1;
    c.ns += cmds * cmd + sync;
  };
  if (p.interface === 'per-page') {
    if (kind === 'unmap') {
      c.tlbi += n;
      c.syncs += n;
      c.ns += n * (cmd + sync);
    }
    return c;
  }
  // map_sync left empty and a driver calling helpers only on unmap make no call on map;
  // the single callback (with or without a direction) is called on both paths.
  if (kind === 'map' && (p.interface === 'map-unmap-sync' || p.interface === 'library')) return c;
  c.calls += 1;
  c.ns += param(prm, 'callNs');
  if (p.tableWalk) {
    c.walks += n;
    c.ns += n * param(prm, 'walkNs');
  }
  if (kind === 'unmap') invalidate(n);
  else if (p.mapInvalidates && !p.tableWalk) invalidate(n);
  return c;
}

/** a += b, times times (every chunk of a workload costs the same). */
function add(a: Costs, b: Costs, times: number): void {
  a.tlbi += b.tlbi * times;
  a.syncs += b.syncs * times;
  a.asid += b.asid * times;
  a.walks += b.walks * times;
  a.calls += b.calls * times;
  a.ns += b.ns * times;
}

function run(p: Policy, w: Workload, prm: Params, fault: string | null) {
  const map = zero();
  const unmap = zero();
  const violations: { step: number; property: string; message: string }[] = [];
  const skipsTeardown = fault === 'forget-one-path' && p.calledFrom === 'driver-each-path';
  const noSync = fault === 'return-before-sync';
  let guestNs = 0;
  if (w.kind === 'teardown') {
    // Boot mapped the domain in the same chunks; the map side is shown for the unneeded flush.
    const full = Math.floor(w.pages / w.chunkPages);
    const rest = w.pages % w.chunkPages;
    for (const [n, times] of [
      [w.chunkPages, full],
      [rest, rest > 0 ? 1 : 0],
    ] as const) {
      if (times === 0) continue;
      add(map, opCost(p, w, prm, 'map', n), times);
      const c = opCost(p, w, prm, 'unmap', n);
      if (skipsTeardown) Object.assign(c, { tlbi: 0, syncs: 0, asid: 0, ns: n * param(prm, 'pteNs') });
      if (noSync) c.syncs = 0;
      add(unmap, c, times);
    }
    const stale = Math.min(w.pages, param(prm, 'tlbEntries'));
    if (skipsTeardown)
      violations.push({
        step: 2,
        property: 'T1',
        message: `teardown returned with up to ${stale} IOTLB entries never invalidated (the driver's teardown path forgot the helper)`,
      });
    if (noSync)
      violations.push({
        step: 2,
        property: 'T1',
        message: 'every unmap returned before its CMD_SYNC: the IOVA can be reused while the SMMU still translates it',
      });
  } else {
    add(map, opCost(p, w, prm, 'map', 1), w.pages);
    add(unmap, opCost(p, w, prm, 'unmap', 1), w.pages);
    guestNs = 2 * w.pages * param(prm, 'trapNs');
    if (noSync) violations.push({ step: 1, property: 'T1', message: 'the first unmap returned before its CMD_SYNC' });
  }
  const total = map.ns + unmap.ns + guestNs;
  const metrics: Record<string, number> = {
    tlbiCommands: map.tlbi + unmap.tlbi,
    mapTlbi: map.tlbi,
    syncs: map.syncs + unmap.syncs,
    asidFlushes: map.asid + unmap.asid,
    tableWalks: map.walks + unmap.walks,
    calls: map.calls + unmap.calls,
    mapMs: map.ns / 1e6,
    unmapMs: unmap.ns / 1e6,
    totalMs: total / 1e6,
    pairsPerSecond: w.kind === 'churn' && total > 0 ? Math.round((w.pages * 1e9) / total) : 0,
  };
  const notes = [
    `${w.smmu === 'hardware' ? 'hardware SMMU' : 'software model of the SMMU'}, ${w.rangeCommand ? 'range invalidation commands' : 'one TLBI per page'}`,
    ...(w.kind === 'churn'
      ? [`each map and unmap also traps to the VMM (trapNs): ${(guestNs / 1e6).toFixed(1)} ms in all`]
      : []),
  ];
  return { metrics, labels: {}, violations, detail: null, notes };
}

// ---- the transition system ------------------------------------------------

const PAGES = 2;
type Instr =
  | { k: 'pte'; i: number; set: boolean }
  | { k: 'tlbi'; i: number }
  | { k: 'asid' }
  | { k: 'sync' }
  | { k: 'walk' };

interface State {
  /** PTE generation per IOVA page: 0 none, else 1 or 2 (a new mapping of the IOVA gets the other one). */
  pte: number[];
  /** The generation the last mapping of each IOVA page had (the next one gets the other). */
  gen: number[];
  /** IOTLB entry per IOVA page: 0 none, else the generation it was filled from. */
  tlb: number[];
  /** TLBI commands queued and not yet consumed, per page; asidQueued for TLBI_ASID. */
  queued: boolean[];
  asidQueued: boolean;
  /** The map or unmap in flight (one CPU thread), its range, path and program counter. */
  op: { kind: 'map' | 'unmap'; s: number; n: number; path: 'A' | 'B'; pc: number } | null;
}

function program(p: Policy, fault: string | null, op: NonNullable<State['op']>): Instr[] {
  const pages = Array.from({ length: op.n }, (_x, j) => op.s + j);
  const out: Instr[] = [];
  const sync = fault === 'return-before-sync' ? [] : [{ k: 'sync' } as const];
  if (op.kind === 'map') {
    for (const i of pages) out.push({ k: 'pte', i, set: true });
    if (p.interface !== 'per-page' && p.mapInvalidates && !p.tableWalk)
      out.push(...pages.map((i) => ({ k: 'tlbi', i }) as const), ...sync);
    return out;
  }
  const forgets = fault === 'forget-one-path' && p.calledFrom === 'driver-each-path' && op.path === 'B';
  if (p.interface === 'per-page') {
    for (const i of pages)
      out.push({ k: 'pte', i, set: false }, ...(forgets ? [] : [{ k: 'tlbi', i } as const, ...sync]));
    return out;
  }
  for (const i of pages) out.push({ k: 'pte', i, set: false });
  if (forgets) return out;
  if (p.tableWalk) out.push({ k: 'walk' });
  // The universe is 2 pages wide: a threshold beyond it is scaled to "the whole universe" so the fall-back is searched too.
  const threshold = p.asidThresholdPages > 0 ? Math.min(p.asidThresholdPages, PAGES) : 0;
  if (threshold > 0 && op.n >= threshold) out.push({ k: 'asid' }, ...sync);
  else out.push(...pages.map((i) => ({ k: 'tlbi', i }) as const), ...sync);
  return out;
}

function system(p: Policy, fault: string | null): TransitionSystem<State> {
  const clone = (s: State): State => ({
    pte: [...s.pte],
    gen: [...s.gen],
    tlb: [...s.tlb],
    queued: [...s.queued],
    asidQueued: s.asidQueued,
    op: s.op === null ? null : { ...s.op },
  });
  const inFlight = (s: State, i: number): boolean =>
    s.op !== null && s.op.kind === 'unmap' && i >= s.op.s && i < s.op.s + s.op.n;
  return {
    initial: () => [
      {
        pte: Array(PAGES).fill(0),
        gen: Array(PAGES).fill(2),
        tlb: Array(PAGES).fill(0),
        queued: Array(PAGES).fill(false),
        asidQueued: false,
        op: null,
      },
    ],
    describeInitial: () => `${PAGES} IOVA pages, nothing mapped, IOTLB empty`,
    key: (s) => JSON.stringify(s),
    invariant(s) {
      for (let i = 0; i < PAGES; i++) {
        const e = s.tlb[i] ?? 0;
        if (e !== 0 && e !== s.pte[i] && !inFlight(s, i)) {
          return {
            property: 'T1',
            message: `IOVA page ${i}: the IOTLB still translates it (entry of mapping generation ${e}) after its unmap returned`,
          };
        }
      }
      return null;
    },
    successors(s) {
      const out: Successor<State>[] = [];
      // The device: walk a present PTE into the IOTLB; the IOTLB: drop an entry.
      for (let i = 0; i < PAGES; i++) {
        if ((s.pte[i] ?? 0) !== 0 && (s.tlb[i] ?? 0) === 0) {
          const n = clone(s);
          n.tlb[i] = s.pte[i] ?? 0;
          out.push({ label: `device DMA to IOVA ${i}: the SMMU walks the PTE and caches it`, next: n });
        }
        if ((s.tlb[i] ?? 0) !== 0) {
          const n = clone(s);
          n.tlb[i] = 0;
          out.push({ label: `IOTLB evicts IOVA ${i}`, next: n });
        }
        if (s.queued[i] === true) {
          const n = clone(s);
          n.queued[i] = false;
          n.tlb[i] = 0;
          out.push({ label: `SMMU consumes TLBI_VA for IOVA ${i}`, next: n });
        }
      }
      if (s.asidQueued) {
        const n = clone(s);
        n.asidQueued = false;
        n.tlb = n.tlb.map(() => 0);
        out.push({ label: 'SMMU consumes TLBI_ASID', next: n });
      }
      if (s.op === null) {
        for (let st = 0; st < PAGES; st++) {
          for (let len = 1; st + len <= PAGES; len++) {
            const r = Array.from({ length: len }, (_x, j) => st + j);
            if (r.every((i) => (s.pte[i] ?? 0) === 0)) {
              const n = clone(s);
              n.op = { kind: 'map', s: st, n: len, path: 'A', pc: 0 };
              out.push({ label: `iommu_map iova=${st} pages=${len}`, next: n });
            }
            if (r.every((i) => (s.pte[i] ?? 0) !== 0)) {
              for (const path of ['A', 'B'] as const) {
                const n = clone(s);
                n.op = { kind: 'unmap', s: st, n: len, path, pc: 0 };
                out.push({
                  label: `${path === 'A' ? 'iommu_unmap' : 'domain teardown unmap'} iova=${st} pages=${len}`,
                  next: n,
                });
              }
            }
          }
        }
        return out;
      }
      const prog = program(p, fault, s.op);
      const ins = prog[s.op.pc];
      const n = clone(s);
      const op = n.op;
      if (op === null) return out;
      if (ins === undefined) {
        n.op = null;
        out.push({ label: `  ${s.op.kind} returns`, next: n });
        return out;
      }
      op.pc++;
      if (ins.k === 'pte') {
        if (ins.set) n.gen[ins.i] = 3 - (s.gen[ins.i] ?? 2);
        n.pte[ins.i] = ins.set ? (n.gen[ins.i] ?? 1) : 0;
        out.push({ label: `  ${ins.set ? 'set' : 'clear'} PTE of IOVA ${ins.i}`, next: n });
      } else if (ins.k === 'tlbi') {
        n.queued[ins.i] = true;
        out.push({ label: `  queue TLBI_VA for IOVA ${ins.i}`, next: n });
      } else if (ins.k === 'asid') {
        n.asidQueued = true;
        out.push({ label: '  queue TLBI_ASID (past the threshold)', next: n });
      } else if (ins.k === 'walk') {
        out.push({ label: '  walk the page table to tell map from unmap', next: n });
      } else if (!s.asidQueued && s.queued.every((q) => !q)) {
        // CMD_SYNC completes only once every earlier command was consumed.
        out.push({ label: '  CMD_SYNC completes', next: n });
      }
      return out;
    },
  };
}

export const loadIotlbRange = defineFamily<Policy, Workload, State>({
  id: 'iotlb-range',
  seed: '001',
  thread: 'Re: [RFC PATCH 0/3] iommu: Add range flush operation (2015-09-29)',
  title: 'IOTLB range flushing: how the driver learns what to invalidate after map and unmap, and what it costs',
  properties: { T1: 'no stale IOTLB entry once unmap has returned' },
  params: PARAMS,
  faults: FAULTS,
  policy,
  workload,
  metrics: [
    { id: 'tlbiCommands', head: 'TLBI cmds', unit: 'commands' },
    { id: 'mapTlbi', head: 'on map', unit: 'commands' },
    { id: 'syncs', head: 'CMD_SYNCs', unit: 'syncs' },
    { id: 'asidFlushes', head: 'ASID', unit: 'commands' },
    { id: 'tableWalks', head: 'walks', unit: 'pages' },
    { id: 'mapMs', head: 'map ms', unit: 'ms', digits: 2 },
    { id: 'unmapMs', head: 'unmap ms', unit: 'ms', digits: 2 },
    { id: 'totalMs', head: 'total ms', unit: 'ms', digits: 2 },
    { id: 'pairsPerSecond', head: 'map+unmap/s', unit: 'pairs/s' },
  ],
  run,
  system,
  universe: `${PAGES} IOVA pages, one device, one CPU thread issuing map/unmap over two unmap paths, SMMU consuming queued commands in any order`,
});
