/**
 * Frames, pins and flushes of one iopt_pages, in runs. Also the pfn_reader's
 * tiered lookup (pages.c header: "1) pinned_pfns xarray 2) an iommu_domain
 * 3) the userspace pointer"), computed per span from the areas and accesses, so
 * its cost grows with their number and never with pages.
 */
import { cacheOf, CACHE_DIRTY, frameFlushed, framePinned, frameUnstableForHost, PIN_UNIT, pinsOf } from '../frame.js';
import type { PfnSource } from '../policy/schema.js';
import { readFirst } from '../read-order.js';
import { STALE_ENTRY, STALE_RELEASED, type Area, type Ioas, type World } from './world.js';

const LINES_PER_PAGE = 64;

export function charge(w: World, ns: number): void {
  w.metrics.modelledNs += ns;
  if (w.path === 'map') w.metrics.mapNs += ns;
  else if (w.path === 'unmap') w.metrics.unmapNs += ns;
  else if (w.path === 'teardown') w.metrics.teardownNs += ns;
}

export const chargeCycles = (w: World, cycles: number): void => charge(w, cycles / w.params.cpuGhz);

/** Clean + invalidate frames [start, start+len) of a buffer. */
export function flushFrames(w: World, buf: number, start: number, len: number): void {
  const b = w.bufs[buf];
  if (b === undefined || len <= 0) return;
  let cycles = 0;
  let pages = 0;
  b.frames.apply(start, start + len, (v, _s, l) => {
    pages += l;
    cycles += l * LINES_PER_PAGE * (cacheOf(v) === CACHE_DIRTY ? w.params.flushDirtyLineCycles : w.params.flushCleanLineCycles);
    return frameFlushed(v);
  });
  w.metrics.flushedPages += pages;
  w.metrics.flushedLines += pages * LINES_PER_PAGE;
  if (w.path === 'map') w.metrics.flushCyclesMap += cycles;
  else if (w.path === 'unmap') w.metrics.flushCyclesUnmap += cycles;
  else w.metrics.flushCyclesTeardown += cycles;
  chargeCycles(w, cycles);
}

/** Flush the frames behind pages indices [s, e). */
export function flushPagesRange(w: World, pagesId: number, s: number, e: number): void {
  const p = w.pages[pagesId];
  if (p !== null && p !== undefined) flushFrames(w, p.buf, p.offset + s, e - s);
}

/** Flush every pinned PFN of a pages object (Jason's "overflush them"). */
export function flushPinned(w: World, pagesId: number): void {
  const p = w.pages[pagesId];
  if (p === null || p === undefined) return;
  // Maximal pinned ranges, whatever runs the store hands out: both engines then flush (and charge) alike.
  const runs: [number, number][] = [];
  p.pinned.runs(0, p.len, (s, l, v) => {
    if (v === 0) return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === s) last[1] += l;
    else runs.push([s, l]);
  });
  for (const [s, l] of runs) flushFrames(w, p.buf, p.offset + s, l);
}

export interface Span {
  s: number;
  e: number;
  source: PfnSource;
  /** The area whose storage_domain the PFNs are read back from (is_used == 2). */
  from: { ioas: Ioas; area: Area } | null;
  /** Covered by domains_itree or access_itree: must be pinned. */
  covered: boolean;
}

/**
 * The spans of pages indices [s, e) with where the pfn_reader takes their PFNs.
 * Areas are in domains_itree exactly while they have a storage_domain; the
 * first such area in readFirst's order is the one iopt_pages_find_domain_area
 * returns.
 */
export function spans(w: World, pagesId: number, s: number, e: number): Span[] {
  const nc = (x: { ioas: Ioas; area: Area }): number => (w.domainNamed(x.ioas, x.area.storage)?.coherent === false ? 1 : 0);
  const doms = w.areasOf(pagesId).filter((x) => x.area.storage !== null && x.area.start < e && x.area.start + x.area.len > s);
  // The order of compact/iopt.ts readFirst (lowest start, then a non-coherent storage domain, lower flags, shorter).
  doms.sort((a, b) => (readFirst(a.area.start, nc(a), a.area.flags, a.area.len, b.area.start, nc(b), b.area.flags, b.area.len) ? -1
    : readFirst(b.area.start, nc(b), b.area.flags, b.area.len, a.area.start, nc(a), a.area.flags, a.area.len) ? 1 : 0));
  const accs = w.accesses.filter((a) => a.pages === pagesId && a.start < e && a.start + a.len > s);
  const cuts = new Set<number>([s, e]);
  for (const { area } of doms) cuts.add(Math.max(s, area.start)).add(Math.min(e, area.start + area.len));
  for (const a of accs) cuts.add(Math.max(s, a.start)).add(Math.min(e, a.start + a.len));
  const points = [...cuts].sort((a, b) => a - b);
  const out: Span[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k] ?? 0;
    const b = points[k + 1] ?? 0;
    const acc = accs.some((x) => x.start <= a && x.start + x.len >= b);
    const dom = doms.find((x) => x.area.start <= a && x.area.start + x.area.len >= b) ?? null;
    let source: PfnSource = 'fresh-pin';
    if (acc) source = 'xarray';
    else if (dom !== null) source = w.domainNamed(dom.ioas, dom.area.storage)?.coherent === false ? 'storage-noncoherent' : 'storage-coherent';
    const last = out[out.length - 1];
    const from = source.startsWith('storage') ? dom : null;
    if (last !== undefined && last.source === source && last.from?.area === from?.area && last.e === a) last.e = b;
    else out.push({ s: a, e: b, source, from, covered: acc || dom !== null });
  }
  return out;
}

/** Pin indices [s, e) of a pages object that are not pinned yet (a fresh pin_user_pages). */
export function pinRange(w: World, pagesId: number, s: number, e: number): void {
  const p = w.pages[pagesId];
  if (p === null || p === undefined) return;
  const fresh: [number, number][] = [];
  p.pinned.apply(s, e, (v, rs, l) => {
    if (v === 0) fresh.push([rs, l]);
    return 1;
  });
  const b = w.bufs[p.buf];
  for (const [rs, l] of fresh) {
    w.metrics.pins += l;
    b?.frames.apply(p.offset + rs, p.offset + rs + l, framePinned);
  }
}

/**
 * batch_unpin of pages indices [s, e): drop this pages object's pin; a frame no
 * iopt_pages pins any more goes back to the host, where S2 is judged.
 */
export function unpinRange(w: World, pagesId: number, s: number, e: number): void {
  const p = w.pages[pagesId];
  if (p === null || p === undefined) return;
  const was: [number, number][] = [];
  p.pinned.apply(s, e, (v, rs, l) => {
    if (v !== 0) was.push([rs, l]);
    return 0;
  });
  const b = w.bufs[p.buf];
  if (b === undefined) return;
  const released: [number, number][] = [];
  for (const [rs, l] of was) {
    w.metrics.unpins += l;
    b.frames.apply(p.offset + rs, p.offset + rs + l, (v, fs, fl) => {
      const nv = v - PIN_UNIT;
      if (pinsOf(nv) === 0) {
        released.push([fs, fl]);
        if (frameUnstableForHost(nv)) {
          w.violate('S2', p.buf, fs, fl, `released to the host with a clean cached copy older than memory (a No-Snoop write changed memory under it and nothing flushed before the unpin)`);
        }
      }
      return nv;
    });
  }
  // A stale IOTLB entry to a released page now reaches host memory (S3 if a device uses it).
  for (const ioas of w.ioas) {
    for (const d of ioas.domains) {
      const entries = d.iotlb.get(p.buf);
      if (entries !== undefined) for (const [fs, fl] of released) entries.apply(fs, fs + fl, (v) => (v === STALE_ENTRY ? STALE_RELEASED : v));
    }
  }
}
