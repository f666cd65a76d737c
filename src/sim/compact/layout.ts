/**
 * The checker's compact state: one small Int32Array per state, at offsets fixed
 * by the universe, so that a transition copies ~60 integers instead of cloning
 * an object graph, and a state hashes as numbers. It holds exactly what
 * World.key() holds after World.canonicalize() (plus the stale IOTLB entries),
 * so two states are equal here iff the reference checker's keys are equal.
 *
 * Unused slots stay zero, so equal states are equal arrays:
 *   [frames: P] [npages, naccesses]
 *   [pages objects: NPO x (offset, len, flags, pinnedMask, counter)]
 *   [ioas: NI x (ndomains, nareas, flags, unmapping, pending, counters: NC,
 *                domains: ND x bits, areas: NA x (pages, start, len, storage, flags))]
 *   [accesses: NX x (pages, start, len)]
 * Domain bits: COHERENT, NOSNOOP, then the stale IOTLB entries (one bit per
 * buffer page) and whether each stale entry's page went back to the host.
 * An area's storage is the index of its storage_domain in its IOAS, -1 for none.
 * An IOAS_UNMAP in flight (held between its kernel phases, see compact/iopt.ts)
 * is the unmapping area's slot + 1 and the domain slot + 1 whose IOTLB sync is
 * pending (0: none); inside the IOAS block, so renaming IOASes carries it along.
 */
import type { CompiledPolicy } from '../policy/load.js';
import type { Universe } from '../universe.js';

export const D_COHERENT = 1;
export const D_NOSNOOP = 2;
export const D_STALE_SHIFT = 8;
export const D_RELEASED_SHIFT = 16;
/** Pages bitmasks are 8 bits wide (the CLI caps the universe at 8 pages). */
export const MAX_PAGES = 8;

/** offset, len, flags, pinned mask, the pages-scoped counter. */
export const PO_FIELDS = 5;
export const A_FIELDS = 5;
export const X_FIELDS = 3;
/** Within an IOAS block: the area slot + 1 of the IOAS_UNMAP in flight, the domain slot + 1 whose IOTLB sync it waits for. */
export const IO_UNMAPPING = 3;
export const IO_PENDING = 4;

export interface Layout {
  readonly vfio: boolean;
  /** New areas take every place in the IOVA order (Universe.iovaOrder 'any'), not only the top. */
  readonly anyOrder: boolean;
  readonly pages: number;
  readonly nIoas: number;
  readonly maxAreas: number;
  readonly maxDomains: number;
  readonly maxAccesses: number;
  readonly maxPagesObjs: number;
  readonly nCounters: number;
  /** Offsets. */
  readonly npages: number;
  readonly naccesses: number;
  readonly po: number;
  readonly io: number;
  readonly ioStride: number;
  /** Within an IOAS block. */
  readonly ioCounters: number;
  readonly ioDomains: number;
  readonly ioAreas: number;
  readonly xs: number;
  readonly length: number;
}

export function makeLayout(policy: CompiledPolicy, u: Universe): Layout {
  if (u.pages > MAX_PAGES) throw new RangeError(`the checker holds at most ${MAX_PAGES} pages (asked ${u.pages})`);
  const vfio = policy.model === 'vfio-type1';
  const nIoas = vfio ? 1 : u.ioas;
  const maxPagesObjs = u.areas + u.accesses;
  const nCounters = policy.counters.length;
  const npages = u.pages;
  const naccesses = npages + 1;
  const po = naccesses + 1;
  const io = po + maxPagesObjs * PO_FIELDS;
  const ioCounters = 5;
  const ioDomains = ioCounters + nCounters;
  const ioAreas = ioDomains + u.domains;
  const ioStride = ioAreas + u.areas * A_FIELDS;
  const xs = io + nIoas * ioStride;
  return {
    vfio, anyOrder: u.iovaOrder === 'any', pages: u.pages, nIoas, maxAreas: u.areas, maxDomains: u.domains, maxAccesses: u.accesses, maxPagesObjs, nCounters,
    npages, naccesses, po, io, ioStride, ioCounters, ioDomains, ioAreas, xs, length: xs + u.accesses * X_FIELDS,
  };
}

/** Offset of IOAS i's block. */
export const ioAt = (L: Layout, i: number): number => L.io + i * L.ioStride;
/** Offset of area slot a of IOAS i. */
export const areaAt = (L: Layout, i: number, a: number): number => L.io + i * L.ioStride + L.ioAreas + a * A_FIELDS;
/** Offset of domain slot d of IOAS i. */
export const domAt = (L: Layout, i: number, d: number): number => L.io + i * L.ioStride + L.ioDomains + d;
export const poAt = (L: Layout, p: number): number => L.po + p * PO_FIELDS;
export const xAt = (L: Layout, x: number): number => L.xs + x * X_FIELDS;

/** Bits [start, start+len). */
export const rangeMask = (start: number, len: number): number => ((1 << len) - 1) << start;

/** The state after alloc b0: every page zeroed by the host, nothing else. */
export function rootState(L: Layout, frame: number): Int32Array {
  const s = new Int32Array(L.length);
  for (let k = 0; k < L.pages; k++) s[k] = frame;
  return s;
}
