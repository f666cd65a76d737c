/**
 * Seed 000 (Christoph Hellwig / Jason Gunthorpe / Yan Zhao, 2024-05/06,
 * "x86/mm: Introduce and export interface arch_clean_nonsnoop_dma()"): where
 * the unmap-side cache flush of a non-coherent domain lives. iommufd and VFIO
 * each calling an exported arch_clean_nonsnoop_dma(); a core unmap that takes
 * the PFNs from its caller; a core "unmap and flush" that reads the PFNs
 * itself and does read, unmap, flush IOTLB, flush cache; VFIO alone on the
 * exported call while iommufd moves to the core.
 *
 *   unmap path:  read PFNs -> clear PTE -> IOTLB sync -> flush cache -> unpin (page back to the host)
 *   meanwhile:   device walks / No-Snoop writes through the PTE or a cached IOTLB entry; CPU prefetches
 *
 * S2: a page given back to the host never keeps a clean cached copy older
 * than memory. S3: no device can reach a page once it is given back.
 */
import { z } from 'zod';
import { defineFamily, param, type Params, type RunViolation } from '../family.js';
import type { Successor, TransitionSystem } from '../system.js';
import { PARAMS } from './costs.js';

const PATHS = ['iommufd', 'vfio'] as const;
type Path = (typeof PATHS)[number];

const policy = z.strictObject({
  /** Per unmap path: the caller calls the exported flush itself; the caller hands its PFN list to a core unmap that flushes; or the core reads the PFNs and flushes. */
  iommufd: z.enum(['exported-call', 'core-takes-pfns', 'core-reads-pfns']),
  vfio: z.enum(['exported-call', 'core-takes-pfns', 'core-reads-pfns']),
  /** The callers still read the PFNs back for unpin although the core returned them. */
  callersKeepReadback: z.boolean(),
});
type Policy = z.infer<typeof policy>;

const workload = z.strictObject({
  /** Pages each path unmaps (a VM teardown: iommufd's hwpt destroy and VFIO's detach). */
  iommufdPages: z.number().int().min(0),
  vfioPages: z.number().int().min(0),
});
type Workload = z.infer<typeof workload>;

const FAULTS = {
  'forget-one-path':
    'VFIO\'s unmap path forgets its part of the flush (Hellwig: "drivers are almost guaranteed to get this wrong"): no exported call, or no PFN list handed to the core',
  'flush-before-sync':
    "VFIO's unmap path flushes the cache right after clearing the PTEs, before the IOTLB sync (where a caller of iommu_unmap_fast with a gather would put it)",
} as const;

type Phase = 'read' | 'clear' | 'sync' | 'flush' | 'unpin';
type Cache = 'I' | 'C' | 'S';

interface Page {
  mapped: boolean;
  iotlb: boolean;
  cache: Cache;
  guest: boolean;
}
interface State {
  pages: Page[];
  /** The unmap in flight: which page, through which path, at which phase. */
  op: { page: number; path: Path; pc: number } | null;
  breach: { property: string; message: string } | null;
}

/** The phases an unmap runs through on a path under a policy (and a fault on VFIO's path). */
export function phases(p: Policy, path: Path, fault: string | null): Phase[] {
  const design = p[path];
  const faulty = path === 'vfio' ? fault : null;
  if (design === 'core-reads-pfns') return ['read', 'clear', 'sync', 'flush', 'unpin'];
  if (faulty === 'forget-one-path')
    return design === 'exported-call' ? ['read', 'clear', 'sync', 'unpin'] : ['clear', 'sync', 'unpin'];
  if (faulty === 'flush-before-sync' && design === 'exported-call') return ['read', 'clear', 'flush', 'sync', 'unpin'];
  return ['read', 'clear', 'sync', 'flush', 'unpin'];
}

const PHASE_TEXT = (p: Policy, path: Path, ph: Phase): string => {
  const who = p[path] === 'core-reads-pfns' ? 'iommu core' : path;
  switch (ph) {
    case 'read':
      return `${who} reads the PFN back (iova_to_phys)`;
    case 'clear':
      return `${who === path && p[path] === 'exported-call' ? path : 'iommu core'} clears the PTE`;
    case 'sync':
      return 'IOTLB sync: the device can no longer reach the page';
    case 'flush':
      return `${p[path] === 'exported-call' ? `${path} calls arch_clean_nonsnoop_dma()` : 'iommu core flushes the cache'}`;
    case 'unpin':
      return `${path} unpins: the page goes back to the host`;
  }
};

function system(p: Policy, fault: string | null): TransitionSystem<State> {
  const N = 2;
  const clone = (s: State): State => ({
    pages: s.pages.map((x) => ({ ...x })),
    op: s.op === null ? null : { ...s.op },
    breach: s.breach,
  });
  return {
    initial: () => [
      {
        pages: Array.from({ length: N }, () => ({ mapped: false, iotlb: false, cache: 'I' as Cache, guest: false })),
        op: null,
        breach: null,
      },
    ],
    describeInitial: () => `${N} host pages, a non-coherent domain attached through iommufd and through VFIO`,
    key: (s) => JSON.stringify(s),
    invariant: (s) => s.breach,
    successors(s) {
      if (s.breach !== null) return [];
      const out: Successor<State>[] = [];
      const push = (label: string, f: (n: State) => void): void => {
        const n = clone(s);
        f(n);
        out.push({ label, next: n });
      };
      s.pages.forEach((pg, i) => {
        const reach = pg.mapped || pg.iotlb;
        if (pg.mapped && !pg.iotlb)
          push(`device DMA to page ${i}: the IOMMU caches its translation`, (n) => {
            n.pages[i] = { ...pg, iotlb: true };
          });
        if (pg.iotlb)
          push(`IOTLB evicts page ${i}`, (n) => {
            n.pages[i] = { ...pg, iotlb: false };
          });
        if (reach && pg.cache === 'C')
          push(`device No-Snoop write to page ${i}${pg.mapped ? '' : ' (through the stale IOTLB entry)'}`, (n) => {
            n.pages[i] = { ...pg, cache: 'S' };
          });
        if (pg.cache === 'I')
          push(`CPU prefetches page ${i} (a clean line)`, (n) => {
            n.pages[i] = { ...pg, cache: 'C' };
          });
        if (!pg.guest && s.op === null)
          push(`map page ${i} for the guest (flushed before mapping)`, (n) => {
            n.pages[i] = { mapped: true, iotlb: false, cache: 'I', guest: true };
          });
        if (pg.guest && pg.mapped && s.op === null) {
          for (const path of PATHS)
            push(`${path} unmaps page ${i}`, (n) => {
              n.op = { page: i, path, pc: 0 };
            });
        }
      });
      if (s.op !== null) {
        const op = s.op;
        const ph = phases(p, op.path, fault)[op.pc];
        const pg = s.pages[op.page];
        if (ph !== undefined && pg !== undefined) {
          push(`  ${PHASE_TEXT(p, op.path, ph)}`, (n) => {
            const q = n.pages[op.page] ?? pg;
            if (n.op !== null) n.op.pc++;
            if (ph === 'clear') q.mapped = false;
            if (ph === 'sync') q.iotlb = false;
            if (ph === 'flush') q.cache = 'I';
            if (ph === 'unpin') {
              n.op = null;
              q.guest = false;
              if (q.mapped || q.iotlb)
                n.breach = {
                  property: 'S3',
                  message: `page ${op.page} went back to the host while the device could still reach it`,
                };
              else if (q.cache === 'S')
                n.breach = {
                  property: 'S2',
                  message: `page ${op.page} went back to the host with a clean cached copy older than memory (the device's No-Snoop write sits under it)`,
                };
              q.cache = q.cache === 'S' ? 'S' : q.cache;
            }
          });
        }
      }
      return out;
    },
  };
}

function run(p: Policy, w: Workload, prm: Params, fault: string | null) {
  const cyc = (c: number): number => c / param(prm, 'cpuGhz') / 1e6;
  let flushed = 0;
  let callerReadbacks = 0;
  let coreReadbacks = 0;
  const violations: RunViolation[] = [];
  const rows: string[][] = [];
  for (const [path, n] of [
    ['iommufd', w.iommufdPages],
    ['vfio', w.vfioPages],
  ] as const) {
    const ph = phases(p, path, fault);
    const core = p[path] === 'core-reads-pfns';
    const reads = ph.includes('read') ? n : 0;
    if (core) {
      coreReadbacks += reads;
      if (p.callersKeepReadback) callerReadbacks += n;
    } else callerReadbacks += reads;
    const flushes = ph.includes('flush');
    if (flushes) flushed += n;
    const order = ph.join(' -> ');
    rows.push([path, p[path], order, flushes ? n.toLocaleString('en-US') : '0']);
    if (n > 0 && !flushes)
      violations.push({
        step: 1,
        property: 'S2',
        message: `${path}'s unmap gives ${n.toLocaleString('en-US')} pages back unflushed: a No-Snoop write under a clean cached line leaves the host a stale view`,
      });
    if (n > 0 && flushes && ph.indexOf('flush') < ph.indexOf('sync'))
      violations.push({
        step: 1,
        property: 'S2',
        message: `${path} flushes before the IOTLB sync: a prefetch and a No-Snoop write in the window leave a stale clean line`,
      });
  }
  const readbacks = callerReadbacks + coreReadbacks;
  const flushMs = cyc(flushed * 64 * param(prm, 'flushLineCycles'));
  const readbackMs = cyc(readbacks * param(prm, 'readbackPageCycles'));
  const unmapMs = cyc((w.iommufdPages + w.vfioPages) * param(prm, 'unmapPageCycles'));
  return {
    metrics: {
      flushedPages: flushed,
      callerReadbacks,
      coreReadbacks,
      readbacks,
      flushMs,
      readbackMs,
      totalMs: flushMs + readbackMs + unmapMs,
    },
    labels: { iommufd: p.iommufd, vfio: p.vfio },
    violations,
    detail: { head: ['path', 'flush lives in', 'phases', 'flushed pages'], rows },
    notes: [],
  };
}

export const loadFlushPlacement = defineFamily<Policy, Workload, State>({
  id: 'flush-placement',
  seed: '000',
  thread: 'Re: [PATCH 3/5] x86/mm: Introduce and export interface arch_clean_nonsnoop_dma() (2024-06-05)',
  title: 'Where the unmap-side flush lives: an exported arch_clean_nonsnoop_dma() or a core "unmap and flush"',
  properties: {
    S2: 'stable host view after release: no clean cached copy older than memory on a page given back',
    S3: 'no device can reach a page once it is given back',
  },
  params: PARAMS,
  faults: FAULTS,
  policy,
  workload,
  metrics: [
    { id: 'iommufd', head: 'iommufd', unit: '', text: true },
    { id: 'vfio', head: 'VFIO', unit: '', text: true },
    { id: 'flushedPages', head: 'flushed pages', unit: 'pages' },
    { id: 'callerReadbacks', head: 'caller read-backs', unit: 'pages' },
    { id: 'coreReadbacks', head: 'core read-backs', unit: 'pages' },
    { id: 'flushMs', head: 'flush ms', unit: 'ms', digits: 1 },
    { id: 'readbackMs', head: 'read-back ms', unit: 'ms', digits: 1 },
    { id: 'totalMs', head: 'total ms', unit: 'ms', digits: 1 },
  ],
  run,
  system,
  universe:
    '2 pages of a non-coherent domain, an iommufd and a VFIO unmap path split into read / clear PTE / IOTLB sync / flush / unpin, with device walks, No-Snoop writes through the PTE or a stale IOTLB entry, IOTLB eviction and CPU prefetch between the phases',
});
