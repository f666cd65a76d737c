/**
 * Applying one operation to the world, then checking the bookkeeping invariant
 * B1 (pages.c: "When a PFN is taken out of the userspace pointer it is pinned
 * exactly once"; pinned iff covered by domains_itree or access_itree).
 * Invalid operations (unknown handles, ranges out of bounds, operations the
 * model does not have) throw OpError; workloads report them with their step.
 */
import {
  frameCoherentWrite, frameCpuRead, frameCpuWrite, frameLeaksOnNoSnoopRead, frameNoSnoopWrite, frameZeroedByHost, pinsOf,
} from '../frame.js';
import type { CostPath, Op } from '../types.js';
import { addArea, addDomain, mappedDuringUnmap, removeArea, removeDomain, syncPending, unpinUncovered } from './iopt.js';
import { charge, pinRange, spans } from './pfns.js';
import { STALE_RELEASED, type Area, type Domain, type Ioas, type World } from './world.js';

export class OpError extends Error {}

const VFIO_OPS: ReadonlySet<Op['op']> = new Set(['alloc', 'map', 'unmap', 'attach', 'detach', 'dma', 'cpu', 'nosnoop', 'migrate', 'stale-dma', 'invalidate', 'sync']);
const PATH_OF: Record<Op['op'], CostPath> = {
  alloc: 'other', map: 'map', copy: 'map', attach: 'map', access: 'map', unmap: 'unmap', split: 'unmap',
  unaccess: 'unmap', detach: 'teardown', 'enforce-cc': 'map', dma: 'other', cpu: 'other', nosnoop: 'other', migrate: 'other',
  'stale-dma': 'other', invalidate: 'other', sync: 'unmap',
};
/** What runs beside an IOAS_UNMAP held between its phases (the VMM is inside the ioctl; devices and vCPUs are not). */
const BESIDE_AN_UNMAP: ReadonlySet<Op['op']> = new Set(['dma', 'cpu', 'stale-dma', 'invalidate', 'sync']);
const IOCTLS: ReadonlySet<Op['op']> = new Set(['map', 'copy', 'unmap', 'split', 'attach', 'detach', 'enforce-cc', 'access', 'unaccess']);

function slice(len: number, offset: number | undefined, pages: number | undefined, what: string): [number, number] {
  const s = offset ?? 0;
  const n = pages ?? len - s;
  if (!Number.isInteger(s) || !Number.isInteger(n) || s < 0 || n < 1 || s + n > len) {
    throw new OpError(`${what}: slice offset ${s} pages ${n} is outside 0..${len}`);
  }
  return [s, n];
}

/** The place of a new area in its IOAS's IOVA order: 0..(its areas), by default above them all. */
function orderIn(ioas: Ioas, order: number | undefined, what: string): number {
  const n = ioas.areas.length;
  if (order === undefined) return n;
  if (!Number.isInteger(order) || order < 0 || order > n) throw new OpError(`${what}: order ${order} is outside 0..${n} (the areas of ${ioas.name})`);
  return order;
}

function ioasFor(w: World, name: string): Ioas {
  let ioas = w.ioasByName(name);
  if (ioas === undefined) {
    if (w.model === 'vfio-type1' && w.ioas.length > 0) throw new OpError(`VFIO type1 has one container; '${name}' would be a second`);
    ioas = { name, domains: [], areas: [], counters: w.policy.counters.map(() => 0), flags: 0 };
    w.ioas.push(ioas);
  }
  return ioas;
}

function area(w: World, name: string): { ioas: Ioas; area: Area; index: number } {
  const a = w.findArea(name);
  if (a === undefined) throw new OpError(`no area '${name}'`);
  return a;
}

function fresh(w: World, name: string): void {
  if (w.findArea(name) !== undefined || w.findDomain(name) !== undefined || w.accesses.some((x) => x.name === name)) {
    throw new OpError(`handle '${name}' is already in use`);
  }
  w.dropped.delete(name);
}

export function applyOp(w: World, op: Op): void {
  if (w.model === 'vfio-type1' && !VFIO_OPS.has(op.op)) throw new OpError(`VFIO type1 has no '${op.op}' (vfio_dma ranges are never shared or split)`);
  if (w.unmapping !== null && !BESIDE_AN_UNMAP.has(op.op)) throw new OpError(`${op.op}: an IOAS_UNMAP is waiting for the IOTLB sync of '${w.unmapping.pending}'`);
  if (w.unmapping === null && op.op === 'sync') throw new OpError('sync: no IOAS_UNMAP is waiting for an IOTLB sync');
  w.path = PATH_OF[op.op];
  if (IOCTLS.has(op.op)) {
    w.metrics.ioctls++;
    charge(w, w.params.ioctlNs);
  }
  switch (op.op) {
    case 'alloc': {
      if (w.bufIndex(op.buf) >= 0) throw new OpError(`buffer '${op.buf}' exists`);
      if (!Number.isInteger(op.pages) || op.pages < 1) throw new OpError(`alloc ${op.buf}: pages must be a positive integer`);
      w.bufs.push({ name: op.buf, len: op.pages, frames: w.store(op.pages, frameZeroedByHost(0)) });
      break;
    }
    case 'map': {
      const b = w.bufIndex(op.buf);
      const buf = w.bufs[b];
      if (buf === undefined) throw new OpError(`no buffer '${op.buf}'`);
      const [s, n] = slice(buf.len, op.offset, op.pages, `map ${op.as}`);
      fresh(w, op.as);
      const into = ioasFor(w, op.ioas);
      const at = orderIn(into, op.order, `map ${op.as}`);
      w.pages.push({ buf: b, offset: s, len: n, pinned: w.store(n, 0), flags: 0, counter: 0 });
      addArea(w, into, { name: op.as, pages: w.pages.length - 1, start: 0, len: n, storage: null, flags: 0 }, at);
      break;
    }
    case 'copy': {
      const src = area(w, op.from).area;
      const [s, n] = slice(src.len, op.offset, op.pages, `copy ${op.as}`);
      fresh(w, op.as);
      const into = ioasFor(w, op.to);
      addArea(w, into, { name: op.as, pages: src.pages, start: src.start + s, len: n, storage: null, flags: 0 }, orderIn(into, op.order, `copy ${op.as}`));
      break;
    }
    case 'unmap': {
      // VFIO_IOMMU_UNMAP_DMA over a range whose vfio_dma went with the last domain unmaps nothing and succeeds.
      if (w.dropped.has(op.area) && w.findArea(op.area) === undefined) break;
      const a = area(w, op.area);
      // iopt_unmap_iova_range: accesses are told to unpin first (iommufd_access_notify_unmap).
      for (const x of w.accesses.filter((x) => x.pages === a.area.pages && x.start < a.area.start + a.area.len && x.start + x.len > a.area.start)) {
        applyOp(w, { op: 'unaccess', access: x.name });
        w.path = 'unmap';
      }
      removeArea(w, a.ioas, a.ioas.areas.indexOf(a.area));
      break;
    }
    case 'split': {
      const a = area(w, op.area);
      if (!Number.isInteger(op.at) || op.at < 1 || op.at >= a.area.len) throw new OpError(`split ${op.area}: at must be inside 1..${a.area.len - 1}`);
      if (w.accesses.some((x) => x.pages === a.area.pages && x.start < a.area.start + a.area.len && x.start + x.len > a.area.start)) {
        throw new OpError(`split ${op.area}: the area has accesses (-EINVAL)`);
      }
      // A half may keep the split area's own name (handy for repeated balloon holes).
      if (op.left !== op.area) fresh(w, op.left);
      if (op.right !== op.area && op.right !== op.left) fresh(w, op.right);
      if (op.left === op.right) throw new OpError(`split ${op.area}: the two halves need different names`);
      // Fixed behaviour (Koichiro Den, Oct 2023): both halves enter domains_itree, flags are kept.
      const left: Area = { ...a.area, name: op.left, len: op.at };
      const right: Area = { ...a.area, name: op.right, start: a.area.start + op.at, len: a.area.len - op.at };
      a.ioas.areas.splice(a.index, 1, left, right);
      break;
    }
    case 'attach': {
      fresh(w, op.domain);
      addDomain(w, ioasFor(w, op.ioas), { name: op.domain, coherent: op.coherent, noSnoop: op.noSnoop ?? !op.coherent, iotlb: new Map() });
      break;
    }
    case 'detach': {
      const d = w.findDomain(op.domain);
      if (d === undefined) throw new OpError(`no domain '${op.domain}'`);
      removeDomain(w, d.ioas, d.index);
      break;
    }
    case 'enforce-cc': {
      const d = w.findDomain(op.domain);
      if (d === undefined) throw new OpError(`no domain '${op.domain}'`);
      if (d.domain.coherent) throw new OpError(`enforce-cc: '${op.domain}' enforces cache coherency already`);
      // No policy event: v1's count is taken at attach and given back at destroy by the flag as it is then.
      d.domain.coherent = true;
      d.domain.noSnoop = false;
      break;
    }
    case 'nosnoop': {
      const d = w.findDomain(op.domain);
      if (d === undefined) throw new OpError(`no domain '${op.domain}'`);
      d.domain.noSnoop = op.enabled;
      break;
    }
    case 'dma': {
      const d = w.findDomain(op.domain);
      if (d === undefined) throw new OpError(`no domain '${op.domain}'`);
      const a = area(w, op.area);
      if (a.ioas !== d.ioas) throw new OpError(`dma: area '${op.area}' is not in the IOAS of '${op.domain}'`);
      if (!mappedDuringUnmap(w, a.ioas, a.area, d.index)) throw new OpError(`dma: area '${op.area}' is being unmapped from '${op.domain}' (only its stale IOTLB entries translate)`);
      const p = w.pages[a.area.pages];
      if (p === null || p === undefined) throw new OpError(`dma: area '${op.area}' has no pages`);
      const [s, n] = slice(a.area.len, op.offset, op.pages, `dma ${op.area}`);
      const first = a.area.start + s;
      p.pinned.runs(first, first + n, (rs, l, v) => {
        if (v === 0) w.violate('S3', p.buf, p.offset + rs, l, `device ${op.domain} reached a page that is not pinned`);
      });
      deviceAccess(w, d.domain, p.buf, p.offset + first, n, op.write);
      break;
    }
    case 'stale-dma': {
      const d = w.findDomain(op.domain);
      if (d === undefined) throw new OpError(`no domain '${op.domain}'`);
      const b = w.bufIndex(op.buf);
      const buf = w.bufs[b];
      if (buf === undefined) throw new OpError(`no buffer '${op.buf}'`);
      const [s, n] = slice(buf.len, op.offset, op.pages, `stale-dma ${op.buf}`);
      const hits: [number, number][] = [];
      d.domain.iotlb.get(b)?.runs(s, s + n, (rs, l, v) => {
        if (v === STALE_RELEASED) w.violate('S3', b, rs, l, `device ${op.domain} reached a page after its unpin through a stale IOTLB entry (the invalidation was still queued)`);
        if (v !== 0) hits.push([rs, l]);
      });
      for (const [rs, l] of hits) deviceAccess(w, d.domain, b, rs, l, op.write);
      break;
    }
    case 'invalidate': {
      const d = w.findDomain(op.domain);
      if (d === undefined) throw new OpError(`no domain '${op.domain}'`);
      d.domain.iotlb.clear();
      break;
    }
    case 'sync': {
      if (op.domain !== w.unmapping?.pending) throw new OpError(`sync: the IOAS_UNMAP waits for '${w.unmapping?.pending}', not '${op.domain}'`);
      syncPending(w);
      break;
    }
    case 'cpu': {
      const b = w.bufIndex(op.buf);
      const buf = w.bufs[b];
      if (buf === undefined) throw new OpError(`no buffer '${op.buf}'`);
      const [s, n] = slice(buf.len, op.offset, op.pages, `cpu ${op.buf}`);
      buf.frames.apply(s, s + n, op.kind === 'write' ? frameCpuWrite : frameCpuRead);
      break;
    }
    case 'migrate': {
      const buf = w.bufs[w.bufIndex(op.buf)];
      if (buf === undefined) throw new OpError(`no buffer '${op.buf}'`);
      const [s, n] = slice(buf.len, op.offset, op.pages, `migrate ${op.buf}`);
      // Pinned pages cannot move; the others get a new PFN filled through the cache.
      buf.frames.apply(s, s + n, (v) => (pinsOf(v) === 0 ? frameZeroedByHost(v) : v));
      break;
    }
    case 'access': {
      const a = area(w, op.area);
      const [s, n] = slice(a.area.len, op.offset, op.pages, `access ${op.as}`);
      fresh(w, op.as);
      const x = { name: op.as, pages: a.area.pages, start: a.area.start + s, len: n };
      // iopt_pages_fill_xarray: holes are pinned; PFNs elsewhere are read back (no new pin).
      for (const sp of spans(w, x.pages, x.start, x.start + n)) if (sp.source === 'fresh-pin') pinRange(w, x.pages, sp.s, sp.e);
      w.accesses.push(x);
      break;
    }
    case 'unaccess': {
      const i = w.accesses.findIndex((x) => x.name === op.access);
      const x = w.accesses[i];
      if (x === undefined) throw new OpError(`no access '${op.access}'`);
      w.accesses.splice(i, 1);
      // An access's unpin has no IOAS: IOAS counters and flags do not hold there.
      unpinUncovered(w, null, null, x.pages, x.start, x.start + x.len, 'unaccess');
      break;
    }
  }
}

/** A device read or write of frames [start, start+n) of a buffer through a domain. */
function deviceAccess(w: World, d: Domain, b: number, start: number, n: number, write: boolean): void {
  const ns = !d.coherent && d.noSnoop;
  w.bufs[b]?.frames.apply(start, start + n, (v, fs, l) => {
    if (!write) {
      if (ns && frameLeaksOnNoSnoopRead(v)) {
        w.violate('S1', b, fs, l, `No-Snoop read by ${d.name} returned the previous owner's data (the host's zeroes were still dirty in the cache)`);
      }
      return v;
    }
    return ns ? frameNoSnoopWrite(v) : frameCoherentWrite(v);
  });
}

/** B1 after every step outside an ioctl (inside one the unmapping area leaves domains_itree before its unpin). */
export function checkPins(w: World): void {
  if (w.unmapping !== null) return;
  w.pages.forEach((p, id) => {
    if (p === null) return;
    for (const x of spans(w, id, 0, p.len)) {
      p.pinned.runs(x.s, x.e, (rs, l, v) => {
        if ((v !== 0) !== x.covered) {
          w.violate('B1', p.buf, p.offset + rs, l, v !== 0 ? 'pinned but no area in a domain or access holds it (leak)' : 'used by a domain or access but not pinned');
        }
      });
    }
  });
}
