/**
 * Operations of the checker's universe as packed integers: enumerated in the
 * order of universe.ts enumerateOps (so breadth-first search meets states in
 * the same order and finds the same shortest counterexample), applied to the
 * compact state, and decoded to the Op objects a trace shows.
 *
 * Packing: code | a<<4 (IOAS) | b<<7 (domain, target IOAS, access) | c<<10 (area)
 *          | d<<14 (offset, page, split point) | e<<18 (pages) | f<<22 (flag)
 *          | g<<23 (a new area's place in the IOVA order).
 */
import {
  frameCoherentWrite, frameCpuRead, frameCpuWrite, frameLeaksOnNoSnoopRead, frameNoSnoopWrite, frameZeroedByHost, pinsOf,
} from '../frame.js';
import type { Op, OpName } from '../types.js';
import { BUF, type Universe } from '../universe.js';
import { type Machine, V_B1, V_S1, V_S3 } from './iopt.js';
import { A_FIELDS, areaAt, D_COHERENT, D_NOSNOOP, D_RELEASED_SHIFT, D_STALE_SHIFT, domAt, IO_PENDING, ioAt, poAt, PO_FIELDS, rangeMask, X_FIELDS, xAt, type Layout } from './layout.js';
import { PATH } from './rules.js';

const CODES = ['map', 'attach', 'detach', 'nosnoop', 'dma', 'unmap', 'split', 'copy', 'access', 'unaccess', 'cpu', 'migrate', 'stale-dma', 'invalidate', 'sync', 'enforce-cc'] as const;
type Code = (typeof CODES)[number];
const C = Object.fromEntries(CODES.map((c, i) => [c, i])) as Record<Code, number>;

const pack = (code: number, a: number, b: number, c: number, d: number, e: number, f: number, g = 0): number =>
  code | (a << 4) | (b << 7) | (c << 10) | (d << 14) | (e << 18) | (f << 22) | (g << 23);
const fa = (op: number): number => (op >> 4) & 7;
const fb = (op: number): number => (op >> 7) & 7;
const fc = (op: number): number => (op >> 10) & 15;
const fd = (op: number): number => (op >> 14) & 15;
const fe = (op: number): number => (op >> 18) & 15;
const ff = (op: number): number => (op >> 22) & 1;
const fg = (op: number): number => (op >> 23) & 15;

/** Which operation names the universe allows (VFIO type1 has no copy, split or accesses). */
export function allowed(u: Universe, vfio: boolean): (n: OpName) => boolean {
  const banned = new Set<string>(u.exclude);
  if (vfio) for (const n of ['copy', 'split', 'access', 'unaccess', 'enforce-cc']) banned.add(n);
  return (n) => !banned.has(n);
}

/**
 * Every enabled operation of the state in m.s, appended to out from index 0;
 * returns the count. While an IOAS_UNMAP waits for its IOTLB sync (the VMM is
 * inside the ioctl), only what runs beside it is enabled: device DMA through
 * live mappings and stale IOTLB entries, guest CPU accesses and prefetches,
 * a queued invalidation completing; then the sync that continues the unmap.
 */
export function enumerate(m: Machine, ok: (n: OpName) => boolean, out: Int32Array): number {
  const { s, L } = m;
  const busy = m.inFlight();
  const idle = busy < 0;
  let n = 0;
  let nAreas = 0;
  let nDomains = 0;
  for (let i = 0; i < L.nIoas; i++) {
    nAreas += m.nAreas(i);
    nDomains += m.nDomains(i);
  }
  const P = L.pages;
  const nx = s[L.naccesses] ?? 0;
  for (let i = 0; i < L.nIoas; i++) {
    const na = m.nAreas(i);
    if (idle && ok('map') && nAreas < L.maxAreas) {
      for (let st = 0; st < P; st++) {
        for (let len = 1; st + len <= P; len++) {
          // VFIO: vfio_dma ranges may not overlap (-EEXIST).
          if (L.vfio && overlapsDma(m, i, st, len)) continue;
          for (let at = L.anyOrder ? 0 : na; at <= na; at++) out[n++] = pack(C.map, i, 0, 0, st, len, 0, at);
        }
      }
    }
    if (idle && ok('attach') && nDomains < L.maxDomains) {
      out[n++] = pack(C.attach, i, 0, 0, 0, 0, 1);
      out[n++] = pack(C.attach, i, 0, 0, 0, 0, 0);
    }
    const nd = m.nDomains(i);
    for (let d = 0; d < nd; d++) {
      const bits = s[domAt(L, i, d)] ?? 0;
      if (idle && ok('detach')) out[n++] = pack(C.detach, i, d, 0, 0, 0, 0);
      if (idle && ok('nosnoop') && (bits & D_COHERENT) === 0) out[n++] = pack(C.nosnoop, i, d, 0, 0, 0, 0);
      if (idle && ok('enforce-cc') && (bits & D_COHERENT) === 0) out[n++] = pack(C['enforce-cc'], i, d, 0, 0, 0, 0);
      if (ok('dma')) {
        for (let a = 0; a < na; a++) {
          if (!idle && !m.stillMapped(i, a, d)) continue;
          const len = s[areaAt(L, i, a) + 2] ?? 0;
          for (let k = 0; k < len; k++) {
            out[n++] = pack(C.dma, i, d, a, k, 0, 0);
            out[n++] = pack(C.dma, i, d, a, k, 0, 1);
          }
        }
      }
    }
    for (let a = 0; a < na && idle; a++) {
      const len = s[areaAt(L, i, a) + 2] ?? 0;
      if (ok('unmap')) out[n++] = pack(C.unmap, i, 0, a, 0, 0, 0);
      if (ok('split') && nAreas < L.maxAreas) for (let at = 1; at < len; at++) out[n++] = pack(C.split, i, 0, a, at, 0, 0);
      if (ok('copy') && nAreas < L.maxAreas) {
        for (let st = 0; st < len; st++) {
          for (let l = 1; st + l <= len; l++) {
            for (let to = 0; to < L.nIoas; to++) {
              const nt = m.nAreas(to);
              for (let at = L.anyOrder ? 0 : nt; at <= nt; at++) out[n++] = pack(C.copy, i, to, a, st, l, 0, at);
            }
          }
        }
      }
      if (ok('access') && nx < L.maxAccesses) for (let k = 0; k < len; k++) out[n++] = pack(C.access, i, 0, a, k, 0, 0);
    }
  }
  if (idle && ok('unaccess')) for (let x = 0; x < nx; x++) out[n++] = pack(C.unaccess, 0, x, 0, 0, 0, 0);
  for (let k = 0; k < P; k++) {
    if (ok('cpu')) {
      out[n++] = pack(C.cpu, 0, 0, 0, k, 0, 1);
      out[n++] = pack(C.cpu, 0, 0, 0, k, 0, 0);
    }
    if (idle && ok('migrate') && pinsOf(s[k] ?? 0) === 0) out[n++] = pack(C.migrate, 0, 0, 0, k, 0, 0);
  }
  // Stale IOTLB entries (only policies that defer the invalidation leave any).
  for (let i = 0; i < L.nIoas; i++) {
    const nd = m.nDomains(i);
    for (let d = 0; d < nd; d++) {
      const stale = ((s[domAt(L, i, d)] ?? 0) >> D_STALE_SHIFT) & 0xff;
      if (stale === 0) continue;
      if (ok('stale-dma')) {
        for (let k = 0; k < P; k++) {
          if (((stale >> k) & 1) === 0) continue;
          out[n++] = pack(C['stale-dma'], i, d, 0, k, 0, 0);
          out[n++] = pack(C['stale-dma'], i, d, 0, k, 0, 1);
        }
      }
      if (ok('invalidate') && m.deferSync) out[n++] = pack(C.invalidate, i, d, 0, 0, 0, 0);
    }
  }
  if (!idle) out[n++] = pack(C.sync, busy, (s[ioAt(L, busy) + IO_PENDING] ?? 0) - 1, 0, 0, 0, 0);
  return n;
}

function overlapsDma(m: Machine, i: number, st: number, len: number): boolean {
  const na = m.nAreas(i);
  for (let a = 0; a < na; a++) {
    const po = poAt(m.L, m.s[areaAt(m.L, i, a)] ?? 0);
    const off = m.s[po] ?? 0;
    if (off < st + len && off + (m.s[po + 1] ?? 0) > st) return true;
  }
  return false;
}

/** Apply one packed operation to m.s; false when the kernel would refuse it (the transition does not exist). */
export function apply(m: Machine, op: number): boolean {
  const { s, L } = m;
  const i = fa(op);
  switch (CODES[op & 15]) {
    case 'map': {
      const pid = s[L.npages] ?? 0;
      const po = poAt(L, pid);
      s[po] = fd(op);
      s[po + 1] = fe(op);
      s[po + 2] = 0;
      s[po + 3] = 0;
      s[po + 4] = 0;
      s[L.npages] = pid + 1;
      m.addArea(i, pid, 0, fe(op), fg(op));
      return true;
    }
    case 'copy': {
      const ao = areaAt(L, i, fc(op));
      m.addArea(fb(op), s[ao] ?? 0, (s[ao + 1] ?? 0) + fd(op), fe(op), fg(op));
      return true;
    }
    case 'unmap': {
      const ao = areaAt(L, i, fc(op));
      const pid = s[ao] ?? 0;
      const mask = rangeMask(s[ao + 1] ?? 0, s[ao + 2] ?? 0);
      // iopt_unmap_iova_range: accesses are told to unpin first (iommufd_access_notify_unmap).
      for (let x = 0; x < (s[L.naccesses] ?? 0); ) {
        const xo = xAt(L, x);
        if (s[xo] === pid && (rangeMask(s[xo + 1] ?? 0, s[xo + 2] ?? 0) & mask) !== 0) unaccess(m, x);
        else x++;
      }
      m.removeArea(i, fc(op));
      return true;
    }
    case 'split': {
      const a = fc(op);
      const ao = areaAt(L, i, a);
      const pid = s[ao] ?? 0;
      const st = s[ao + 1] ?? 0;
      const len = s[ao + 2] ?? 0;
      const nx = s[L.naccesses] ?? 0;
      for (let x = 0; x < nx; x++) {
        const xo = xAt(L, x);
        if (s[xo] === pid && (rangeMask(s[xo + 1] ?? 0, s[xo + 2] ?? 0) & rangeMask(st, len)) !== 0) return false; // -EINVAL
      }
      const na = m.nAreas(i);
      s.copyWithin(ao + A_FIELDS, ao, areaAt(L, i, na));
      s[ao + 2] = fd(op);
      s[ao + A_FIELDS + 1] = st + fd(op);
      s[ao + A_FIELDS + 2] = len - fd(op);
      s[ioAt(L, i) + 1] = na + 1;
      return true;
    }
    case 'attach':
      m.addDomain(i, ff(op) === 1);
      return true;
    case 'detach':
      m.removeDomain(i, fb(op));
      return true;
    case 'nosnoop':
      s[domAt(L, i, fb(op))] = (s[domAt(L, i, fb(op))] ?? 0) ^ D_NOSNOOP;
      return true;
    case 'enforce-cc': {
      // iommufd_hwpt_paging_enforce_cc: coherent from now on, No-Snoop no longer possible (no policy event).
      const o = domAt(L, i, fb(op));
      s[o] = ((s[o] ?? 0) & ~(D_COHERENT | D_NOSNOOP)) | D_COHERENT;
      return true;
    }
    case 'dma': {
      const ao = areaAt(L, i, fc(op));
      const po = poAt(L, s[ao] ?? 0);
      const idx = (s[ao + 1] ?? 0) + fd(op);
      if ((((s[po + 3] ?? 0) >> idx) & 1) === 0) m.violated |= V_S3; // not pinned
      deviceAccess(m, s[domAt(L, i, fb(op))] ?? 0, (s[po] ?? 0) + idx, ff(op) === 1);
      return true;
    }
    case 'cpu': {
      const k = fd(op);
      s[k] = ff(op) === 1 ? frameCpuWrite(s[k] ?? 0) : frameCpuRead(s[k] ?? 0);
      return true;
    }
    case 'migrate': {
      const k = fd(op);
      if (pinsOf(s[k] ?? 0) === 0) s[k] = frameZeroedByHost(s[k] ?? 0);
      return true;
    }
    case 'access': {
      const ao = areaAt(L, i, fc(op));
      const pid = s[ao] ?? 0;
      const idx = (s[ao + 1] ?? 0) + fd(op);
      // iopt_pages_fill_xarray: a hole is pinned; a PFN a domain already holds is read back.
      if (((m.covered(pid) >> idx) & 1) === 0) m.pinMask(pid, 1 << idx);
      const x = s[L.naccesses] ?? 0;
      const xo = xAt(L, x);
      s[xo] = pid;
      s[xo + 1] = idx;
      s[xo + 2] = 1;
      s[L.naccesses] = x + 1;
      return true;
    }
    case 'unaccess':
      unaccess(m, fb(op));
      return true;
    case 'stale-dma': {
      const bits = s[domAt(L, i, fb(op))] ?? 0;
      const k = fd(op);
      if (((bits >> (D_RELEASED_SHIFT + k)) & 1) === 1) m.violated |= V_S3; // through a stale IOTLB entry
      deviceAccess(m, bits, k, ff(op) === 1);
      return true;
    }
    case 'invalidate': {
      const o = domAt(L, i, fb(op));
      s[o] = (s[o] ?? 0) & (D_COHERENT | D_NOSNOOP);
      return true;
    }
    case 'sync':
      m.syncPending(i);
      return true;
    default:
      return false;
  }
}

/** A device read or write of frame k through a domain with these bits. */
function deviceAccess(m: Machine, bits: number, k: number, write: boolean): void {
  const ns = (bits & D_COHERENT) === 0 && (bits & D_NOSNOOP) !== 0;
  const f = m.s[k] ?? 0;
  if (!write) {
    if (ns && frameLeaksOnNoSnoopRead(f)) m.violated |= V_S1;
  } else m.s[k] = ns ? frameNoSnoopWrite(f) : frameCoherentWrite(f);
}

function unaccess(m: Machine, x: number): void {
  const { s, L } = m;
  const xo = xAt(L, x);
  const pid = s[xo] ?? 0;
  const st = s[xo + 1] ?? 0;
  const en = st + (s[xo + 2] ?? 0);
  const nx = s[L.naccesses] ?? 0;
  s.copyWithin(xo, xo + X_FIELDS, xAt(L, nx));
  s.fill(0, xAt(L, nx - 1), xAt(L, nx));
  s[L.naccesses] = nx - 1;
  // An access's unpin has no IOAS: IOAS counters and flags do not hold there.
  m.unpinUncovered(-1, pid, st, en, PATH.unaccess);
}

/** B1 after every step outside an ioctl (inside one the unmapping area is out of domains_itree before its unpin): pinned exactly where domains_itree or access_itree covers. */
export function checkPins(m: Machine): void {
  const { s, L } = m;
  if (m.inFlight() >= 0) return;
  const np = s[L.npages] ?? 0;
  for (let p = 0; p < np; p++) {
    const po = poAt(L, p);
    if ((((s[po + 3] ?? 0) ^ m.covered(p)) & rangeMask(0, s[po + 1] ?? 0)) !== 0) m.violated |= V_B1;
  }
}

/** World.canonicalize: pages objects renumbered by first use (areas in IOAS order, then accesses), unused ones dropped. */
export function canonicalize(L: Layout, s: Int32Array, map: Int32Array, old: Int32Array): void {
  const np = s[L.npages] ?? 0;
  map.fill(-1, 0, np);
  let next = 0;
  let moved = false;
  for (let i = 0; i < L.nIoas; i++) {
    const na = s[ioAt(L, i) + 1] ?? 0;
    for (let a = 0; a < na; a++) {
      const o = areaAt(L, i, a);
      const p = s[o] ?? 0;
      if (map[p] === -1) {
        if (p !== next) moved = true;
        map[p] = next++;
      }
      s[o] = map[p] ?? 0;
    }
  }
  const nx = s[L.naccesses] ?? 0;
  for (let x = 0; x < nx; x++) {
    const o = xAt(L, x);
    const p = s[o] ?? 0;
    if (map[p] === -1) {
      if (p !== next) moved = true;
      map[p] = next++;
    }
    s[o] = map[p] ?? 0;
  }
  if (!moved && next === np) return;
  const w = np * PO_FIELDS;
  for (let k = 0; k < w; k++) old[k] = s[L.po + k] ?? 0;
  s.fill(0, L.po, L.po + L.maxPagesObjs * PO_FIELDS);
  for (let p = 0; p < np; p++) {
    const q = map[p] ?? -1;
    if (q < 0) continue;
    for (let f = 0; f < PO_FIELDS; f++) s[L.po + q * PO_FIELDS + f] = old[p * PO_FIELDS + f] ?? 0;
  }
  s[L.npages] = next;
}

/** Operations whose first field names an IOAS (unaccess, cpu and migrate name none). */
const NAMES_IOAS = new Set<number>(['map', 'attach', 'detach', 'nosnoop', 'dma', 'unmap', 'split', 'copy', 'access', 'stale-dma', 'invalidate', 'sync', 'enforce-cc'].map((c) => C[c as Code]));

/** The same operation with IOAS i renamed to = perm[i] (copy's target IOAS too). */
export function renameIoas(op: number, perm: ArrayLike<number>): number {
  const code = op & 15;
  if (!NAMES_IOAS.has(code)) return op;
  let out = (op & ~(7 << 4)) | ((perm[fa(op)] ?? 0) << 4);
  if (code === C.copy) out = (out & ~(7 << 7)) | ((perm[fb(op)] ?? 0) << 7);
  return out;
}

/** The Op object of a packed operation, named as enumerateOps names it (positional handles). */
export function decode(L: Layout, s: Int32Array, op: number): Op {
  const i = fa(op);
  const area = `A${i}.${fc(op)}`;
  const domain = `D${i}.${fb(op)}`;
  switch (CODES[op & 15]) {
    case 'map': return { op: 'map', ioas: `I${i}`, buf: BUF, offset: fd(op), pages: fe(op), as: 'new', ...(L.anyOrder ? { order: fg(op) } : {}) };
    case 'attach': return { op: 'attach', ioas: `I${i}`, domain: 'new', coherent: ff(op) === 1 };
    case 'detach': return { op: 'detach', domain };
    case 'nosnoop': return { op: 'nosnoop', domain, enabled: ((s[domAt(L, i, fb(op))] ?? 0) & D_NOSNOOP) === 0 };
    case 'dma': return { op: 'dma', domain, area, offset: fd(op), pages: 1, write: ff(op) === 1 };
    case 'unmap': return { op: 'unmap', area };
    case 'split': return { op: 'split', area, at: fd(op), left: 'new', right: 'new2' };
    case 'copy': return { op: 'copy', from: area, offset: fd(op), pages: fe(op), to: `I${fb(op)}`, as: 'new', ...(L.anyOrder ? { order: fg(op) } : {}) };
    case 'access': return { op: 'access', area, offset: fd(op), pages: 1, as: 'new' };
    case 'unaccess': return { op: 'unaccess', access: `X${fb(op)}` };
    case 'cpu': return { op: 'cpu', buf: BUF, offset: fd(op), pages: 1, kind: ff(op) === 1 ? 'write' : 'prefetch' };
    case 'migrate': return { op: 'migrate', buf: BUF, offset: fd(op), pages: 1 };
    case 'stale-dma': return { op: 'stale-dma', domain, buf: BUF, offset: fd(op), pages: 1, write: ff(op) === 1 };
    case 'invalidate': return { op: 'invalidate', domain };
    case 'sync': return { op: 'sync', domain };
    case 'enforce-cc': return { op: 'enforce-cc', domain };
    default: throw new Error(`bad packed operation ${op}`);
  }
}
