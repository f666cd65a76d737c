/**
 * The io_pagetable lifecycle with the kernel's nouns (drivers/iommu/iommufd/
 * pages.c, io_pagetable.c): fill an area into domains, unfill it, unpin what no
 * one covers any more. VFIO type1 reuses these with its own names for the paths
 * (pin_map, replay), since a vfio_dma is an area that is never shared or split.
 */
import { fire, type EventCtx, type Path } from './hooks.js';
import { charge, chargeCycles, flushPagesRange, flushPinned, pinRange, spans, unpinRange } from './pfns.js';
import { STALE_ENTRY, type Area, type Domain, type Ioas, type World } from './world.js';

const isVfio = (w: World): boolean => w.model === 'vfio-type1';

function ctxFor(on: EventCtx['on'], path: Path | null, ioas: Ioas, area: Area | null, nc: boolean | null, w: World, ncDomains = nc === true ? 1 : 0): EventCtx {
  return { on, path, ioas, domainNoncoherent: nc, noncoherentDomains: ncDomains, area, pages: area === null ? null : (w.pages[area.pages] ?? null) };
}

function rangeFlusher(w: World, pagesId: number, s: number, e: number) {
  return (_rule: unknown, a: { flush: 'range' | 'pinned' }): void => {
    if (a.flush === 'pinned') flushPinned(w, pagesId);
    else flushPagesRange(w, pagesId, s, e);
  };
}

/** Set storage_domain (entering domains_itree) and let the policy record what it wants. */
function setStorage(w: World, ioas: Ioas, area: Area, domain: Domain | undefined, path: Path): void {
  area.storage = domain?.name ?? null;
  if (domain !== undefined) fire(w, ctxFor('storage-set', path, ioas, area, !domain.coherent, w), () => {});
}

/**
 * iopt_area_fill_domains (targets = every domain of the IOAS, a new area) or
 * iopt_area_fill_domain (targets = the one new domain): read PFNs span by span,
 * pin the holes, let the policy flush, map.
 */
export function fillArea(w: World, ioas: Ioas, area: Area, targets: Domain[], path: Path): void {
  const s = area.start;
  const e = area.start + area.len;
  const sp = spans(w, area.pages, s, e);
  for (const x of sp) if (x.source === 'fresh-pin') pinRange(w, area.pages, x.s, x.e);
  const nc = targets.some((d) => !d.coherent);
  fire(w, ctxFor('fill', path, ioas, area, nc, w, targets.filter((d) => !d.coherent).length), (rule, a) => {
    if (a.flush === 'pinned') return flushPinned(w, area.pages);
    const want = rule.when?.source;
    const flag = rule.when?.sourceAreaFlag;
    for (const x of sp) {
      if (want !== undefined && !want.includes(x.source)) continue;
      if (flag !== undefined) {
        const bit = w.policy.flagBit.area.get(flag.name) ?? 0;
        if (x.from === null || (((x.from.area.flags >> bit) & 1) === 1) !== flag.is) continue;
      }
      flushPagesRange(w, area.pages, x.s, x.e);
    }
  });
  w.metrics.mappedPages += area.len * targets.length;
  chargeCycles(w, area.len * targets.length * (isVfio(w) ? w.params.vfioPinMapPageCycles : w.params.pinMapPageCycles));
  if (targets.length > 0) w.note(`${path}: ${area.name} (${area.len} pages) into ${targets.map((d) => d.name).join(', ')}`);
}

/** iopt_area_unmap_domain_range up to the cleared PTEs: the policy's unfill rules. The IOTLB still translates until the sync. */
function unmapFromDomain(w: World, ioas: Ioas, area: Area, domain: Domain, path: Path): void {
  w.metrics.unmappedPages += area.len;
  chargeCycles(w, area.len * w.params.unmapPageCycles);
  fire(w, ctxFor('unfill', path, ioas, area, !domain.coherent, w), (_r, a) => {
    w.metrics.readbackPages += area.len;
    chargeCycles(w, area.len * w.params.readbackPageCycles);
    rangeFlusher(w, area.pages, area.start, area.start + area.len)(_r, a);
  });
}

/** The area's pages left in the domain's IOTLB: the invalidation has not run yet. */
function markStale(w: World, area: Area, domain: Domain): void {
  const p = w.pages[area.pages];
  if (p === null || p === undefined) return;
  let entries = domain.iotlb.get(p.buf);
  if (entries === undefined) {
    entries = w.store(w.bufs[p.buf]?.len ?? 0, 0);
    domain.iotlb.set(p.buf, entries);
  }
  entries.apply(p.offset + area.start, p.offset + area.start + area.len, (v) => (v === 0 ? STALE_ENTRY : v));
}

/** The sync ends those entries (the pages are still pinned, so none was released). */
function clearStale(w: World, area: Area, domain: Domain): void {
  const p = w.pages[area.pages];
  const entries = p === null || p === undefined ? undefined : domain.iotlb.get(p.buf);
  if (p === null || p === undefined || entries === undefined) return;
  entries.apply(p.offset + area.start, p.offset + area.start + area.len, () => 0);
  let left = false;
  entries.runs(0, w.bufs[p.buf]?.len ?? 0, (_s, _l, v) => {
    if (v !== 0) left = true;
  });
  if (!left) domain.iotlb.delete(p.buf);
}

/** iommu_iotlb_sync: the invalidation commands, then the policy's iotlb-sync rules. */
function syncDomain(w: World, ioas: Ioas, area: Area, domain: Domain, path: Path): void {
  const cmds = Math.ceil(area.len / w.params.iotlbPagesPerCommand);
  w.metrics.iotlbInvalidations += cmds;
  charge(w, cmds * w.params.iotlbInvalidationNs);
  fire(w, ctxFor('iotlb-sync', path, ioas, area, !domain.coherent, w), (_r, a) => {
    w.metrics.readbackPages += area.len;
    chargeCycles(w, area.len * w.params.readbackPageCycles);
    rangeFlusher(w, area.pages, area.start, area.start + area.len)(_r, a);
  });
}

/** Unmap an area from a domain that is going away, then iommu_iotlb_sync: its device is detached already, so no window (and no stale entry a device could use). */
export function unfillFromDomain(w: World, ioas: Ioas, area: Area, domain: Domain, path: Path): void {
  unmapFromDomain(w, ioas, area, domain, path);
  syncDomain(w, ioas, area, domain, path);
}

/** Is pages index i still reachable by some device (an area of it in an IOAS with domains)? */
function stillMapped(w: World, pagesId: number, s: number, e: number): boolean {
  return w.areasOf(pagesId).some((x) => x.ioas.domains.length > 0 && x.area.start < e && x.area.start + x.area.len > s);
}

/** Unpin the indices of [s, e) that neither domains_itree nor access_itree covers. */
export function unpinUncovered(w: World, ioas: Ioas | null, area: Area | null, pagesId: number, s: number, e: number, path: Path): void {
  const p = w.pages[pagesId];
  if (p === null || p === undefined) return;
  const todo: [number, number][] = [];
  for (const x of spans(w, pagesId, s, e)) {
    if (x.covered) continue;
    p.pinned.runs(x.s, x.e, (rs, l, v) => {
      const last = todo[todo.length - 1];
      if (v === 0) return;
      if (last !== undefined && last[0] + last[1] === rs) last[1] += l;
      else todo.push([rs, l]);
    });
  }
  if (todo.length === 0) return;
  for (const [rs, l] of todo) {
    if (stillMapped(w, pagesId, rs, rs + l)) w.violate('B2', p.buf, p.offset + rs, l, 'unpinned while an area over it is still mapped in a domain');
  }
  const ctx: EventCtx = { on: 'unpin', path, ioas, domainNoncoherent: null, noncoherentDomains: 0, area, pages: p };
  fire(w, ctx, (_r, a) => {
    if (a.flush === 'pinned') return flushPinned(w, pagesId);
    for (const [rs, l] of todo) flushPagesRange(w, pagesId, rs, rs + l);
  });
  for (const [rs, l] of todo) unpinRange(w, pagesId, rs, rs + l);
}

/** iopt_table_add_domain + iopt_fill_domain: every area, in IOVA order, into the new domain. */
export function addDomain(w: World, ioas: Ioas, domain: Domain): void {
  fire(w, ctxFor('attach', null, ioas, null, !domain.coherent, w), () => {});
  ioas.domains.push(domain);
  const path: Path = isVfio(w) ? 'replay' : 'fill_domain';
  for (const area of ioas.areas) {
    fillArea(w, ioas, area, [domain], path);
    if (area.storage === null) setStorage(w, ioas, area, domain, path);
  }
}

/** iopt_table_remove_domain + iopt_unfill_domain. */
export function removeDomain(w: World, ioas: Ioas, index: number): void {
  const domain = ioas.domains[index];
  if (domain === undefined) return;
  if (isVfio(w)) ioas.domains.splice(index, 1);
  else {
    // The domains xarray is kept dense by moving the tail into the hole.
    const tail = ioas.domains.pop();
    if (tail !== undefined && tail !== domain) ioas.domains[index] = tail;
  }
  const first = ioas.domains[0];
  for (const area of ioas.areas) {
    if (first !== undefined) {
      if (area.storage === domain.name) setStorage(w, ioas, area, first, 'switch');
      unfillFromDomain(w, ioas, area, domain, 'detach');
    } else {
      area.storage = null;
      unfillFromDomain(w, ioas, area, domain, 'detach');
      unpinUncovered(w, ioas, area, area.pages, area.start, area.start + area.len, 'detach');
    }
  }
  // vfio_iommu_type1_detach_group: the last domain takes every vfio_dma with it (vfio_iommu_unmap_unpin_all).
  if (isVfio(w) && first === undefined) {
    for (const area of ioas.areas) w.dropped.add(area.name);
    ioas.areas = [];
  }
  fire(w, ctxFor('detach', null, ioas, null, !domain.coherent, w), () => {});
}

/** A new area enters an IOAS: map it into every domain (lazy when there is none). */
/** A new area at its place in the IOAS's IOVA order (order: how many areas lie below it; default all). */
export function addArea(w: World, ioas: Ioas, area: Area, order = ioas.areas.length): void {
  ioas.areas.splice(order, 0, area);
  if (ioas.domains.length === 0) return;
  const path: Path = isVfio(w) ? 'pin_map' : 'fill_domains';
  fillArea(w, ioas, area, ioas.domains, path);
  setStorage(w, ioas, area, ioas.domains[0], path);
}

/** IOAS_UNMAP of an area (its accesses already told): the kernel phases, up to the first window when the world holds them. */
export function removeArea(w: World, ioas: Ioas, index: number): void {
  const area = ioas.areas[index];
  if (area !== undefined) unmapAfter(w, ioas, area, -1);
}

/** The IOTLB sync the unmap in flight waits for, then its next phases. */
export function syncPending(w: World): void {
  const u = w.unmapping;
  const a = u === null ? undefined : w.findArea(u.area);
  const d = u === null ? undefined : w.findDomain(u.pending);
  if (a === undefined || d === undefined) return;
  w.unmapping = null;
  syncDomain(w, a.ioas, a.area, d.domain, 'unmap');
  if (!w.policy.deferSync) clearStale(w, a.area, d.domain);
  unmapAfter(w, a.ioas, a.area, d.index);
}

/**
 * While an unmap waits for the sync of one domain, is its area still mapped in
 * domain slot d (not yet unmapped from it, in iopt_area_unfill_domains' order)?
 */
export function mappedDuringUnmap(w: World, ioas: Ioas, area: Area, d: number): boolean {
  if (w.unmapping === null || w.unmapping.area !== area.name) return true;
  const storage = ioas.domains.findIndex((x) => x.name === area.storage);
  if (area.storage === null || storage < 0) return false;
  const pending = ioas.domains.findIndex((x) => x.name === w.unmapping?.pending);
  return d === storage || d > pending;
}

/**
 * iopt_area_unfill_domains from the domain after slot `last`: every other
 * domain in slot order, then storage_domain (the area leaves domains_itree
 * first), then batch_unpin. Unmapping from a domain whose device can write
 * No-Snoop opens a window when the world holds phases (compact/iopt.ts
 * unmapAfter says why only there): the PTEs are cleared, the IOTLB still
 * translates, and the `sync` operation continues.
 */
function unmapAfter(w: World, ioas: Ioas, area: Area, last: number): void {
  for (let from = last + 1; ; ) {
    const storage = ioas.domains.findIndex((x) => x.name === area.storage);
    if (area.storage === null || storage < 0) break;
    let d = -1;
    for (let k = from; k < ioas.domains.length && d < 0; k++) if (k !== storage) d = k;
    if (d < 0) {
      d = storage;
      area.storage = null;
    }
    const domain = ioas.domains[d];
    if (domain === undefined) break;
    unmapFromDomain(w, ioas, area, domain, 'unmap');
    if (w.phases && !domain.coherent && domain.noSnoop) {
      markStale(w, area, domain);
      w.unmapping = { area: area.name, pending: domain.name };
      return;
    }
    if (w.policy.deferSync) markStale(w, area, domain);
    syncDomain(w, ioas, area, domain, 'unmap');
    from = d + 1;
  }
  ioas.areas.splice(ioas.areas.indexOf(area), 1);
  unpinUncovered(w, ioas, area, area.pages, area.start, area.start + area.len, 'unmap');
}
