/**
 * The state of one simulated machine: user buffers (their physical frames),
 * iopt_pages, IOASes with their domains (hwpt) and areas, in-kernel accesses,
 * the policy's own state, and the metrics and violations collected so far.
 * Plain data so that the checker can clone it and hash a canonical key.
 */
import type { CompiledPolicy } from '../policy/load.js';
import type { Params } from '../costs.js';
import { makeStore, type EngineKind, type RangeStore } from '../store.js';
import { zeroMetrics, type CostPath, type Metrics, type ModelKind, type Property, type Violation } from '../types.js';

export interface Buffer { name: string; len: number; frames: RangeStore }
/** iopt_pages (VFIO: the pages of one vfio_dma): a slice of a buffer, pinned per index. */
export interface Pages { buf: number; offset: number; len: number; pinned: RangeStore; flags: number; /** The policy's pages-scoped counter (0 without one). */ counter: number }
/**
 * A domain (hwpt) and its IOTLB's stale entries: per buffer index, per page,
 * STALE_ENTRY (still translating to the page after the unmap, the invalidation
 * queued) or STALE_RELEASED (and the page has gone back to the host since).
 * Only policies that defer the invalidation leave entries between operations.
 */
export interface Domain { name: string; coherent: boolean; noSnoop: boolean; iotlb: Map<number, RangeStore> }
export const STALE_ENTRY = 1;
export const STALE_RELEASED = 2;
/** iopt_area: a slice [start, start+len) of pages indices, at a place in its IOAS's IOVA order. */
export interface Area { name: string; pages: number; start: number; len: number; storage: string | null; flags: number }
export interface Ioas {
  name: string;
  /** The domains xarray: index 0 is where a new area's storage_domain points. */
  domains: Domain[];
  /** Areas in IOVA order (only the order matters to the model). */
  areas: Area[];
  counters: number[];
  flags: number;
}
export interface Access { name: string; pages: number; start: number; len: number }

export interface StepEffects { flushedPages: number; iotlbInvalidations: number }

/** An IOAS_UNMAP held between its kernel phases: the area going, the domain whose IOTLB sync it waits for. */
export interface Unmapping { area: string; pending: string }

export class World {
  bufs: Buffer[] = [];
  pages: (Pages | null)[] = [];
  ioas: Ioas[] = [];
  accesses: Access[] = [];
  metrics: Metrics = zeroMetrics();
  violations: Violation[] = [];
  step = 0;
  /** The cost bucket of the operation being applied. */
  path: CostPath = 'other';
  /** When set, the checker stops at the first violation and records no more. */
  stopAtFirst = false;
  /** Notes for a readable trace (checker counterexamples, --trace). */
  notes: string[] | null = null;
  /**
   * Hold an IOAS_UNMAP at each window between a domain's cleared PTEs and its
   * IOTLB sync (the checker's phases); off, an unmap runs whole (workloads).
   */
  phases = false;
  /** The IOAS_UNMAP in flight, or null. */
  unmapping: Unmapping | null = null;
  /** VFIO: handles of the vfio_dma the last domain took with it (a later unmap of one unmaps nothing). */
  dropped = new Set<string>();

  constructor(
    readonly model: ModelKind,
    readonly policy: CompiledPolicy,
    readonly params: Params,
    readonly engine: EngineKind,
  ) {}

  store(length: number, initial: number): RangeStore {
    return makeStore(this.engine, length, initial);
  }

  clone(): World {
    const w = new World(this.model, this.policy, this.params, this.engine);
    w.bufs = this.bufs.map((b) => ({ ...b, frames: b.frames.clone() }));
    w.pages = this.pages.map((p) => (p === null ? null : { ...p, pinned: p.pinned.clone() }));
    w.ioas = this.ioas.map((i) => ({
      ...i,
      domains: i.domains.map((d) => ({ ...d, iotlb: new Map([...d.iotlb].map(([b, s]) => [b, s.clone()])) })),
      areas: i.areas.map((a) => ({ ...a })),
      counters: i.counters.slice(),
    }));
    w.accesses = this.accesses.map((a) => ({ ...a }));
    w.metrics = { ...this.metrics };
    w.violations = this.violations.slice();
    w.step = this.step;
    w.stopAtFirst = this.stopAtFirst;
    w.phases = this.phases;
    w.unmapping = this.unmapping === null ? null : { ...this.unmapping };
    w.dropped = new Set(this.dropped);
    return w;
  }

  violate(property: Property, buf: number, page: number, pages: number, message: string): void {
    if (this.stopAtFirst && this.violations.length > 0) return;
    const b = this.bufs[buf];
    this.violations.push({ step: this.step, property, buf: b?.name ?? `#${buf}`, page, pages, message });
  }

  note(text: string): void {
    this.notes?.push(text);
  }

  ioasByName(name: string): Ioas | undefined {
    return this.ioas.find((i) => i.name === name);
  }
  bufIndex(name: string): number {
    return this.bufs.findIndex((b) => b.name === name);
  }
  findDomain(name: string): { ioas: Ioas; domain: Domain; index: number } | undefined {
    for (const ioas of this.ioas) {
      const index = ioas.domains.findIndex((d) => d.name === name);
      const domain = ioas.domains[index];
      if (domain !== undefined) return { ioas, domain, index };
    }
    return undefined;
  }
  findArea(name: string): { ioas: Ioas; area: Area; index: number } | undefined {
    for (const ioas of this.ioas) {
      const index = ioas.areas.findIndex((a) => a.name === name);
      const area = ioas.areas[index];
      if (area !== undefined) return { ioas, area, index };
    }
    return undefined;
  }
  /** Every area over a pages object, with its IOAS. */
  areasOf(pagesId: number): { ioas: Ioas; area: Area }[] {
    const out: { ioas: Ioas; area: Area }[] = [];
    for (const ioas of this.ioas) for (const area of ioas.areas) if (area.pages === pagesId) out.push({ ioas, area });
    return out;
  }
  domainNamed(ioas: Ioas, name: string | null): Domain | undefined {
    return name === null ? undefined : ioas.domains.find((d) => d.name === name);
  }

  /**
   * Canonical key of the state for the checker: names are positional (see
   * canonicalize), so two states that differ only by history hash alike.
   */
  key(): string {
    let k = '';
    for (const b of this.bufs) k += `B${b.frames.key()}|`;
    for (const p of this.pages) k += p === null ? 'P-|' : `P${p.buf},${p.offset},${p.len},${p.flags},${p.counter},${p.pinned.key()}|`;
    for (const i of this.ioas) {
      k += `I${i.counters.join(',')},${i.flags}:`;
      for (const d of i.domains) {
        k += `${d.coherent ? 'c' : 'n'}${d.noSnoop ? 's' : ''}`;
        for (const [b, s] of d.iotlb) k += `[${b}:${s.key()}]`;
        k += ';';
      }
      for (const a of i.areas) {
        const st = a.storage === null ? -1 : i.domains.findIndex((d) => d.name === a.storage);
        k += `${a.pages},${a.start},${a.len},${st},${a.flags};`;
      }
      k += '|';
    }
    for (const a of this.accesses) k += `X${a.pages},${a.start},${a.len}|`;
    if (this.unmapping !== null) k += `U${this.unmapping.area},${this.unmapping.pending}`;
    return k;
  }

  /** Positional names, dropped pages objects nobody uses: the checker's symmetry reduction. */
  canonicalize(): void {
    const live = new Map<number, number>();
    const order: number[] = [];
    const see = (p: number): void => {
      if (!live.has(p)) {
        live.set(p, order.length);
        order.push(p);
      }
    };
    this.ioas.forEach((i) => i.areas.forEach((a) => see(a.pages)));
    this.accesses.forEach((a) => see(a.pages));
    this.pages = order.map((p) => this.pages[p] ?? null);
    const u = this.unmapping;
    this.ioas.forEach((i, ii) => {
      const rename = new Map<string, string>();
      i.domains.forEach((d, di) => {
        const n = `D${ii}.${di}`;
        rename.set(d.name, n);
        if (u !== null && u.pending === d.name) u.pending = n;
        d.name = n;
      });
      i.areas.forEach((a, ai) => {
        if (u !== null && u.area === a.name) u.area = `A${ii}.${ai}`;
        a.name = `A${ii}.${ai}`;
        a.pages = live.get(a.pages) ?? -1;
        if (a.storage !== null) a.storage = rename.get(a.storage) ?? null;
      });
    });
    this.accesses.forEach((a, xi) => {
      a.name = `X${xi}`;
      a.pages = live.get(a.pages) ?? -1;
    });
  }
}
