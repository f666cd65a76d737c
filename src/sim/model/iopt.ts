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

/** Unmap an area's IOVA range from one domain, then iommu_iotlb_sync. */
export function unfillFromDomain(w: World, ioas: Ioas, area: Area, domain: Domain, path: Path): void {
  const s = area.start;
  const e = area.start + area.len;
  const nc = !domain.coherent;
  w.metrics.unmappedPages += area.len;
  chargeCycles(w, area.len * w.params.unmapPageCycles);
  const p = w.pages[area.pages];
  const early = (a: { final?: boolean | undefined }): void => {
    // The IOTLB may still hold entries: a No-Snoop write can land after this flush.
    if (a.final === true && nc && domain.noSnoop && p !== null && p !== undefined) {
      w.violate('S3', p.buf, p.offset + s, area.len, `cache flushed before the IOTLB invalidation of ${domain.name}: the device can still write No-Snoop under a prefetched line`);
    }
  };
  fire(w, ctxFor('unfill', path, ioas, area, nc, w), (_r, a) => {
    early(a);
    w.metrics.readbackPages += area.len;
    chargeCycles(w, area.len * w.params.readbackPageCycles);
    rangeFlusher(w, area.pages, s, e)(_r, a);
  });
  // A deferred invalidation leaves the entries stale (a detached device can no longer use them).
  if (w.policy.deferSync && path !== 'detach' && p !== null && p !== undefined) {
    let entries = domain.iotlb.get(p.buf);
    if (entries === undefined) {
      entries = w.store(w.bufs[p.buf]?.len ?? 0, 0);
      domain.iotlb.set(p.buf, entries);
    }
    entries.apply(p.offset + s, p.offset + e, (v) => (v === 0 ? STALE_ENTRY : v));
  }
  const cmds = Math.ceil(area.len / w.params.iotlbPagesPerCommand);
  w.metrics.iotlbInvalidations += cmds;
  charge(w, cmds * w.params.iotlbInvalidationNs);
  fire(w, ctxFor('iotlb-sync', path, ioas, area, nc, w), (_r, a) => {
    if (w.policy.deferSync) early(a);
    w.metrics.readbackPages += area.len;
    chargeCycles(w, area.len * w.params.readbackPageCycles);
    rangeFlusher(w, area.pages, s, e)(_r, a);
  });
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
  fire(w, ctxFor('detach', null, ioas, null, !domain.coherent, w), () => {});
}

/** A new area enters an IOAS: map it into every domain (lazy when there is none). */
export function addArea(w: World, ioas: Ioas, area: Area): void {
  ioas.areas.push(area);
  if (ioas.domains.length === 0) return;
  const path: Path = isVfio(w) ? 'pin_map' : 'fill_domains';
  fillArea(w, ioas, area, ioas.domains, path);
  setStorage(w, ioas, area, ioas.domains[0], path);
}

/** iopt_area_unfill_domains (IOAS_UNMAP): other domains first, the storage domain last, then unpin. */
export function removeArea(w: World, ioas: Ioas, index: number): void {
  const area = ioas.areas[index];
  if (area === undefined) return;
  const storage = w.domainNamed(ioas, area.storage);
  for (const d of ioas.domains) if (d !== storage) unfillFromDomain(w, ioas, area, d, 'unmap');
  area.storage = null;
  if (storage !== undefined) unfillFromDomain(w, ioas, area, storage, 'unmap');
  ioas.areas.splice(index, 1);
  unpinUncovered(w, ioas, area, area.pages, area.start, area.start + area.len, 'unmap');
}
