/**
 * The io_pagetable lifecycle of model/iopt.ts and model/pfns.ts over the compact
 * state (layout.ts), for the checker. Same kernel nouns, same order of events;
 * per-page bitmasks replace runs, since the checker's buffer is at most 8 pages.
 * Equivalence with the object model is a test (test/sim/compact.test.ts): same
 * states, transitions and shortest counterexamples for every shipped policy.
 */
import { frameFlushed, framePinned, frameUnstableForHost, PIN_UNIT, pinsOf } from '../frame.js';
import {
  A_FIELDS, areaAt, D_COHERENT, D_NOSNOOP, D_RELEASED_SHIFT, D_STALE_SHIFT, domAt, IO_PENDING, IO_UNMAPPING, ioAt, poAt, rangeMask, xAt, type Layout,
} from './layout.js';
import { readFirst } from '../read-order.js';
import { EV, fire, PATH, SRC_FRESH, SRC_STORAGE_C, SRC_STORAGE_NC, SRC_XARRAY, type Ctx, type CPolicy, type CRule, type Flusher } from './rules.js';

/** What the current event's flush actions flush (set before each fire). */
const F_NONE = 0;
const F_FILL = 1;
const F_MASK = 2;

/** The properties a transition violated, one bit each (PROPERTIES order: S1 S2 S3 B1 B2 B3). */
export const V_S1 = 1;
export const V_S2 = 2;
export const V_S3 = 4;
export const V_B1 = 8;
export const V_B2 = 16;
export const V_B3 = 32;

export class Machine implements Flusher {
  /** The state being changed in place by one transition. */
  s: Int32Array;
  /** V_* bits of what the current transition violated (0: nothing). */
  violated = 0;
  private fk = F_NONE;
  private fPid = 0;
  private fMask = 0;
  /** One reusable event context: events never nest. */
  private readonly c: Ctx = { ev: 0, path: -1, ioas: -1, nc: -1, nNc: 0, area: -1, pages: -1 };
  /** Per-index scratch for fill: where the pfn_reader takes the PFN, and from which area. */
  private readonly src = new Int32Array(32);
  private readonly from = new Int32Array(32);

  constructor(
    readonly L: Layout,
    readonly P: CPolicy,
    /** Policies that queue the IOTLB invalidation (flush queue) leave stale entries behind. */
    readonly deferSync: boolean,
  ) {
    this.s = new Int32Array(L.length);
  }

  // --- small accessors -------------------------------------------------------
  nDomains(i: number): number {
    return this.s[ioAt(this.L, i)] ?? 0;
  }
  nAreas(i: number): number {
    return this.s[ioAt(this.L, i) + 1] ?? 0;
  }
  private fire(kind: number, ev: number, path: number, ioas: number, nc: number, area: number, pages: number, nNc = nc === 1 ? 1 : 0): void {
    const c = this.c;
    c.nNc = nNc;
    c.ev = ev;
    c.path = path;
    c.ioas = ioas;
    c.nc = nc;
    c.area = area;
    c.pages = pages;
    this.fk = kind;
    if (fire(this.s, this.L, this.P, c, this)) this.violated |= V_B3;
  }

  /** Flusher: the flush actions of the event being fired. */
  flush(r: CRule, pinned: boolean): void {
    const pid = this.fPid;
    if (pinned) {
      this.flushPinned(pid);
      return;
    }
    if (this.fk !== F_FILL) {
      this.flushMask(pid, this.fMask);
      return;
    }
    const s = this.s;
    const off = s[poAt(this.L, pid)] ?? 0;
    const mask = this.fMask;
    for (let k = 0; mask >> k !== 0; k++) {
      if (((mask >> k) & 1) === 0) continue;
      if (r.sourceMask !== 0 && ((r.sourceMask >> (this.src[k] ?? 0)) & 1) === 0) continue;
      if (r.areaFlag !== null) {
        const fo = this.from[k] ?? -1;
        if (fo < 0 || ((((s[fo + 4] ?? 0) >> r.areaFlag.bit) & 1) === 1) !== r.areaFlag.is) continue;
      }
      this.flushFrame(off + k);
    }
  }

  /** Indices of pages object pid covered by domains_itree (an area with a storage domain) or access_itree. */
  covered(pid: number): number {
    const { s, L } = this;
    let m = 0;
    for (let i = 0; i < L.nIoas; i++) {
      const na = this.nAreas(i);
      for (let a = 0; a < na; a++) {
        const o = areaAt(L, i, a);
        if (s[o] === pid && s[o + 3] !== -1) m |= rangeMask(s[o + 1] ?? 0, s[o + 2] ?? 0);
      }
    }
    const nx = s[L.naccesses] ?? 0;
    for (let x = 0; x < nx; x++) {
      const o = xAt(L, x);
      if (s[o] === pid) m |= rangeMask(s[o + 1] ?? 0, s[o + 2] ?? 0);
    }
    return m;
  }

  // --- frames, pins, flushes (pfns.ts) ---------------------------------------
  private flushFrame(k: number): void {
    this.s[k] = frameFlushed(this.s[k] ?? 0);
  }
  private flushMask(pid: number, mask: number): void {
    const off = this.s[poAt(this.L, pid)] ?? 0;
    for (let i = 0; mask >> i !== 0; i++) if (((mask >> i) & 1) === 1) this.flushFrame(off + i);
  }
  flushPinned(pid: number): void {
    this.flushMask(pid, this.s[poAt(this.L, pid) + 3] ?? 0);
  }
  pinMask(pid: number, mask: number): void {
    const o = poAt(this.L, pid);
    const pinned = this.s[o + 3] ?? 0;
    const fresh = mask & ~pinned;
    this.s[o + 3] = pinned | mask;
    const off = this.s[o] ?? 0;
    for (let i = 0; fresh >> i !== 0; i++) if (((fresh >> i) & 1) === 1) this.s[off + i] = framePinned(this.s[off + i] ?? 0);
  }
  private unpinMask(pid: number, mask: number): void {
    const { s, L } = this;
    const o = poAt(L, pid);
    const was = (s[o + 3] ?? 0) & mask;
    s[o + 3] = (s[o + 3] ?? 0) & ~mask;
    const off = s[o] ?? 0;
    for (let i = 0; was >> i !== 0; i++) {
      if (((was >> i) & 1) === 0) continue;
      const f = (s[off + i] ?? 0) - PIN_UNIT;
      s[off + i] = f;
      if (pinsOf(f) === 0) {
        if (frameUnstableForHost(f)) this.violated |= V_S2;
        this.releaseStale(off + i);
      }
    }
  }
  /** A frame goes back to the host: every stale IOTLB entry still pointing at it now points at host memory. */
  private releaseStale(k: number): void {
    const { s, L } = this;
    for (let i = 0; i < L.nIoas; i++) {
      const nd = this.nDomains(i);
      for (let d = 0; d < nd; d++) {
        const o = domAt(L, i, d);
        const v = s[o] ?? 0;
        if (((v >> (D_STALE_SHIFT + k)) & 1) === 1) s[o] = v | (1 << (D_RELEASED_SHIFT + k));
      }
    }
  }

  // --- the pfn_reader: spans of an area -------------------------------------
  /** Fill src/from for indices [st, st+len) of pid; returns the mask of fresh-pin indices. */
  private sources(pid: number, st: number, len: number): number {
    const { s, L } = this;
    const nx = s[L.naccesses] ?? 0;
    let fresh = 0;
    for (let k = st; k < st + len; k++) {
      let acc = false;
      for (let x = 0; x < nx; x++) {
        const o = xAt(L, x);
        if (s[o] === pid && (s[o + 1] ?? 0) <= k && (s[o + 1] ?? 0) + (s[o + 2] ?? 0) > k) acc = true;
      }
      // iopt_pages_find_domain_area: the covering area first in readFirst's order.
      let best = -1;
      let bestNc = 0;
      for (let i = 0; i < L.nIoas; i++) {
        const na = this.nAreas(i);
        for (let a = 0; a < na; a++) {
          const o = areaAt(L, i, a);
          const as = s[o + 1] ?? 0;
          if (s[o] !== pid || s[o + 3] === -1 || as > k || as + (s[o + 2] ?? 0) <= k) continue;
          const nc = ((s[domAt(L, i, s[o + 3] ?? 0)] ?? 0) & D_COHERENT) === 0 ? 1 : 0;
          if (best < 0 || readFirst(as, nc, s[o + 4] ?? 0, s[o + 2] ?? 0, s[best + 1] ?? 0, bestNc, s[best + 4] ?? 0, s[best + 2] ?? 0)) {
            best = o;
            bestNc = nc;
          }
        }
      }
      let src = SRC_FRESH;
      if (acc) src = SRC_XARRAY;
      else if (best >= 0) src = bestNc === 1 ? SRC_STORAGE_NC : SRC_STORAGE_C;
      this.src[k] = src;
      this.from[k] = src === SRC_STORAGE_C || src === SRC_STORAGE_NC ? best : -1;
      if (src === SRC_FRESH) fresh |= 1 << k;
    }
    return fresh;
  }

  // --- iopt.ts ----------------------------------------------------------------
  /** nNc: how many of the fill's target domains are non-coherent. */
  fillArea(ioas: number, ao: number, nNc: number, path: number): void {
    const s = this.s;
    const pid = s[ao] ?? 0;
    const st = s[ao + 1] ?? 0;
    const len = s[ao + 2] ?? 0;
    this.pinMask(pid, this.sources(pid, st, len));
    this.fPid = pid;
    this.fMask = rangeMask(st, len);
    this.fire(F_FILL, EV.fill, path, ioas, nNc > 0 ? 1 : 0, ao, poAt(this.L, pid), nNc);
  }

  private setStorage(ioas: number, ao: number, d: number, path: number): void {
    this.s[ao + 3] = d;
    const nc = ((this.s[domAt(this.L, ioas, d)] ?? 0) & D_COHERENT) === 0 ? 1 : 0;
    this.fire(F_NONE, EV['storage-set'], path, ioas, nc, ao, poAt(this.L, this.s[ao] ?? 0));
  }

  /** iopt_area_unmap_domain_range up to the cleared PTEs: the policy's unfill rules. The IOTLB still translates until the sync. */
  private unmapFromDomain(ioas: number, ao: number, bits: number, path: number): void {
    const pid = this.s[ao] ?? 0;
    this.fPid = pid;
    this.fMask = rangeMask(this.s[ao + 1] ?? 0, this.s[ao + 2] ?? 0);
    this.fire(F_MASK, EV.unfill, path, ioas, (bits & D_COHERENT) === 0 ? 1 : 0, ao, poAt(this.L, pid));
  }

  /** iommu_iotlb_sync after it: the policy's iotlb-sync rules. */
  private syncDomain(ioas: number, ao: number, bits: number, path: number): void {
    const pid = this.s[ao] ?? 0;
    this.fPid = pid;
    this.fMask = rangeMask(this.s[ao + 1] ?? 0, this.s[ao + 2] ?? 0);
    this.fire(F_MASK, EV['iotlb-sync'], path, ioas, (bits & D_COHERENT) === 0 ? 1 : 0, ao, poAt(this.L, pid));
  }

  /** Unmap an area from a domain that is going away, and sync: its device is detached already, so there is no window. */
  private unfill(ioas: number, ao: number, bits: number, path: number): void {
    this.unmapFromDomain(ioas, ao, bits, path);
    this.syncDomain(ioas, ao, bits, path);
  }

  private markStale(ioas: number, d: number, pid: number, mask: number): void {
    const o = domAt(this.L, ioas, d);
    const off = this.s[poAt(this.L, pid)] ?? 0;
    this.s[o] = (this.s[o] ?? 0) | ((mask << off) << D_STALE_SHIFT);
  }

  /** The sync ends the stale entries of pages object pid's indices in mask (pinned still, so none was released). */
  private clearStale(ioas: number, d: number, pid: number, mask: number): void {
    const o = domAt(this.L, ioas, d);
    const off = this.s[poAt(this.L, pid)] ?? 0;
    this.s[o] = (this.s[o] ?? 0) & ~((mask << off) << D_STALE_SHIFT);
  }

  unpinUncovered(ioas: number, pid: number, st: number, en: number, path: number): void {
    const { s, L } = this;
    const po = poAt(L, pid);
    const todo = (s[po + 3] ?? 0) & ~this.covered(pid) & rangeMask(st, en - st);
    if (todo === 0) return;
    // B2: unpinned while an area over it is still mapped in a domain.
    for (let i = 0; i < L.nIoas; i++) {
      if (this.nDomains(i) === 0) continue;
      const na = this.nAreas(i);
      for (let a = 0; a < na; a++) {
        const o = areaAt(L, i, a);
        if (s[o] === pid && (rangeMask(s[o + 1] ?? 0, s[o + 2] ?? 0) & todo) !== 0) this.violated |= V_B2;
      }
    }
    this.fPid = pid;
    this.fMask = todo;
    this.fire(F_MASK, EV.unpin, path, ioas, -1, -1, po);
    this.unpinMask(pid, todo);
  }

  addDomain(ioas: number, coherent: boolean): void {
    const { s, L } = this;
    this.fire(F_NONE, EV.attach, -1, ioas, coherent ? 0 : 1, -1, -1);
    const d = this.nDomains(ioas);
    s[domAt(L, ioas, d)] = coherent ? D_COHERENT : D_NOSNOOP;
    s[ioAt(L, ioas)] = d + 1;
    const path = L.vfio ? PATH.replay : PATH.fill_domain;
    const na = this.nAreas(ioas);
    for (let a = 0; a < na; a++) {
      const ao = areaAt(L, ioas, a);
      this.fillArea(ioas, ao, coherent ? 0 : 1, path);
      if (s[ao + 3] === -1) this.setStorage(ioas, ao, d, path);
    }
  }

  removeDomain(ioas: number, idx: number): void {
    const { s, L } = this;
    const bits = s[domAt(L, ioas, idx)] ?? 0;
    const n = this.nDomains(ioas);
    const na = this.nAreas(ioas);
    // Areas stored in the leaving domain are marked -2 until their turn comes.
    if (L.vfio) {
      for (let d = idx; d + 1 < n; d++) s[domAt(L, ioas, d)] = s[domAt(L, ioas, d + 1)] ?? 0;
      for (let a = 0; a < na; a++) {
        const o = areaAt(L, ioas, a) + 3;
        const st = s[o] ?? -1;
        if (st === idx) s[o] = -2;
        else if (st > idx) s[o] = st - 1;
      }
    } else {
      // The domains xarray is kept dense by moving the tail into the hole.
      s[domAt(L, ioas, idx)] = s[domAt(L, ioas, n - 1)] ?? 0;
      for (let a = 0; a < na; a++) {
        const o = areaAt(L, ioas, a) + 3;
        if (s[o] === idx) s[o] = -2;
        else if (s[o] === n - 1) s[o] = idx;
      }
    }
    s[domAt(L, ioas, n - 1)] = 0;
    s[ioAt(L, ioas)] = n - 1;
    for (let a = 0; a < na; a++) {
      const ao = areaAt(L, ioas, a);
      if (n - 1 > 0) {
        if (s[ao + 3] === -2) this.setStorage(ioas, ao, 0, PATH.switch);
        this.unfill(ioas, ao, bits, PATH.detach);
      } else {
        s[ao + 3] = -1;
        this.unfill(ioas, ao, bits, PATH.detach);
        this.unpinUncovered(ioas, s[ao] ?? 0, s[ao + 1] ?? 0, (s[ao + 1] ?? 0) + (s[ao + 2] ?? 0), PATH.detach);
      }
    }
    // vfio_iommu_type1_detach_group: the last domain takes every vfio_dma with it (vfio_iommu_unmap_unpin_all).
    if (L.vfio && n - 1 === 0) {
      s.fill(0, areaAt(L, ioas, 0), areaAt(L, ioas, na));
      s[ioAt(L, ioas) + 1] = 0;
    }
    this.fire(F_NONE, EV.detach, -1, ioas, (bits & D_COHERENT) === 0 ? 1 : 0, -1, -1);
  }

  /** A new area in slot `at` of the IOAS's IOVA order (the areas from there on move up one slot). */
  addArea(ioas: number, pid: number, start: number, len: number, at: number): void {
    const { s, L } = this;
    const a = this.nAreas(ioas);
    const ao = areaAt(L, ioas, at);
    s.copyWithin(ao + A_FIELDS, ao, areaAt(L, ioas, a));
    s[ao] = pid;
    s[ao + 1] = start;
    s[ao + 2] = len;
    s[ao + 3] = -1;
    s[ao + 4] = 0;
    s[ioAt(L, ioas) + 1] = a + 1;
    const nd = this.nDomains(ioas);
    if (nd === 0) return;
    let nNc = 0;
    for (let d = 0; d < nd; d++) if (((s[domAt(L, ioas, d)] ?? 0) & D_COHERENT) === 0) nNc++;
    const path = L.vfio ? PATH.pin_map : PATH.fill_domains;
    this.fillArea(ioas, ao, nNc, path);
    this.setStorage(ioas, ao, 0, path);
  }

  /** The IOAS whose IOAS_UNMAP is in flight (waiting for an IOTLB sync), or -1. */
  inFlight(): number {
    for (let i = 0; i < this.L.nIoas; i++) if ((this.s[ioAt(this.L, i) + IO_UNMAPPING] ?? 0) !== 0) return i;
    return -1;
  }

  /**
   * Is the area being unmapped in IOAS i still mapped in domain slot d (not yet
   * unmapped from it, in iopt_area_unfill_domains' order)? Only asked while the
   * unmap waits for the sync of another domain.
   */
  stillMapped(i: number, a: number, d: number): boolean {
    const io = ioAt(this.L, i);
    if ((this.s[io + IO_UNMAPPING] ?? 0) !== a + 1) return true;
    const storage = this.s[areaAt(this.L, i, a) + 3] ?? -1;
    if (storage < 0) return false;
    return d === storage || d > (this.s[io + IO_PENDING] ?? 0) - 1;
  }

  /** IOAS_UNMAP of the area in slot `slot` (its accesses already told): the kernel phases up to the first window. */
  removeArea(ioas: number, slot: number): void {
    const io = ioAt(this.L, ioas);
    this.s[io + IO_UNMAPPING] = slot + 1;
    this.s[io + IO_PENDING] = 0;
    this.unmapAfter(ioas, -1);
  }

  /** The IOTLB sync the unmap in flight in ioas waits for, then its next phases. */
  syncPending(ioas: number): void {
    const { s, L } = this;
    const io = ioAt(L, ioas);
    const ao = areaAt(L, ioas, (s[io + IO_UNMAPPING] ?? 0) - 1);
    const d = (s[io + IO_PENDING] ?? 0) - 1;
    s[io + IO_PENDING] = 0;
    this.syncDomain(ioas, ao, s[domAt(L, ioas, d)] ?? 0, PATH.unmap);
    if (!this.deferSync) this.clearStale(ioas, d, s[ao] ?? 0, rangeMask(s[ao + 1] ?? 0, s[ao + 2] ?? 0));
    this.unmapAfter(ioas, d);
  }

  /**
   * iopt_area_unfill_domains from the domain after slot `last`: every other
   * domain in slot order, then storage_domain (the area leaves domains_itree
   * first), then batch_unpin of what no one covers. Unmapping from a domain
   * whose device can write No-Snoop opens a window: the PTEs are cleared but
   * the IOTLB still translates until the sync, and device DMA (through the
   * stale entries and every live mapping) and CPU accesses may come between
   * (the `sync` operation continues). Elsewhere the window is not opened:
   * a snooped access there commutes with the remaining phases.
   */
  private unmapAfter(ioas: number, last: number): void {
    const { s, L } = this;
    const io = ioAt(L, ioas);
    const slot = (s[io + IO_UNMAPPING] ?? 0) - 1;
    const ao = areaAt(L, ioas, slot);
    const pid = s[ao] ?? 0;
    const st = s[ao + 1] ?? 0;
    const len = s[ao + 2] ?? 0;
    const nd = this.nDomains(ioas);
    for (let from = last + 1; ; ) {
      const storage = s[ao + 3] ?? -1;
      if (storage < 0) break;
      let d = -1;
      for (let k = from; k < nd && d < 0; k++) if (k !== storage) d = k;
      if (d < 0) {
        d = storage;
        s[ao + 3] = -1;
      }
      const bits = s[domAt(L, ioas, d)] ?? 0;
      this.unmapFromDomain(ioas, ao, bits, PATH.unmap);
      if (opensWindow(bits)) {
        this.markStale(ioas, d, pid, rangeMask(st, len)); // the entries the device may still use in the window
        s[io + IO_PENDING] = d + 1;
        return;
      }
      if (this.deferSync) this.markStale(ioas, d, pid, rangeMask(st, len));
      this.syncDomain(ioas, ao, bits, PATH.unmap);
      from = d + 1;
    }
    const na = this.nAreas(ioas);
    s.copyWithin(ao, ao + A_FIELDS, areaAt(L, ioas, na));
    s.fill(0, areaAt(L, ioas, na - 1), areaAt(L, ioas, na));
    s[io + 1] = na - 1;
    s[io + IO_UNMAPPING] = 0;
    this.unpinUncovered(ioas, pid, st, st + len, PATH.unmap);
  }
}

/** Can a device write No-Snoop through a domain with these bits (so its unmap has a window before the sync)? */
export const opensWindow = (bits: number): boolean => (bits & D_COHERENT) === 0 && (bits & D_NOSNOOP) !== 0;
