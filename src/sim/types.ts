/**
 * The simulator's vocabulary: the operations a workload or the checker issues
 * (SIMULATOR.md section 3), the metrics it measures, the violations it reports.
 * Objects are named by handles chosen in the workload ("ram", "igpu", ...).
 */

export type ModelKind = 'iommufd' | 'vfio-type1';

export type Op =
  /** The host gives a user buffer to the VMM: it zeroes the pages through the cache. */
  | { op: 'alloc'; buf: string; pages: number }
  /**
   * IOAS_MAP (VFIO_IOMMU_MAP_DMA): a new iopt_pages over a buffer slice and an area for it.
   * order: the new area's place in its IOAS's IOVA order (0: below every area, as in a hole
   * an unmap freed); by default above every area. fill_domain walks the areas in this order.
   */
  | { op: 'map'; ioas: string; buf: string; offset?: number; pages?: number; as: string; order?: number }
  /** IOMMU_IOAS_COPY: a new area over a slice of an existing area's iopt_pages (order: as for map). */
  | { op: 'copy'; from: string; offset?: number; pages?: number; to: string; as: string; order?: number }
  /** IOAS_UNMAP of a whole area. */
  | { op: 'unmap'; area: string }
  /** iopt_area_split (VFIO v1 compat partial unmap): two areas over the same pages. */
  | { op: 'split'; area: string; at: number; left: string; right: string }
  /** hwpt allocation + iopt_table_add_domain (VFIO: attach_group + replay). */
  | { op: 'attach'; ioas: string; domain: string; coherent: boolean; noSnoop?: boolean }
  /** hwpt destroy + iopt_table_remove_domain (VFIO: detach_group). */
  | { op: 'detach'; domain: string }
  /** A device access through a domain at an area's page. */
  | { op: 'dma'; domain: string; area: string; offset?: number; pages?: number; write: boolean }
  /** Guest CPU access, or a speculative prefetch, of buffer pages. */
  | { op: 'cpu'; buf: string; offset?: number; pages?: number; kind: 'read' | 'write' | 'prefetch' }
  /**
   * A device whose IOMMU enforces cache coherency attaches to an existing
   * non-coherent hwpt: iommufd_hwpt_paging_enforce_cc asks the domain to enforce
   * it (domain->ops->enforce_cache_coherency; Intel does it for a first-stage
   * table by the PASID entry's snoop bit, mappings and all) and the hwpt is
   * coherent from then on: every device on it snoops. iommufd only (type1 puts a
   * group of other coherency in another domain).
   */
  | { op: 'enforce-cc'; domain: string }
  /** The VMM (or a variant driver) toggles the device's PCI No-Snoop enable bit. */
  | { op: 'nosnoop'; domain: string; enabled: boolean }
  /** The host migrates the unpinned pages of a buffer slice (new PFN, zeroed or copied via the cache). */
  | { op: 'migrate'; buf: string; offset?: number; pages?: number }
  /** iommufd_access_pin_pages by an in-kernel user (emulated device): PFNs held in the xarray. */
  | { op: 'access'; area: string; offset?: number; pages?: number; as: string }
  /** iommufd_access_unpin_pages. */
  | { op: 'unaccess'; access: string }
  /**
   * The device reuses an IOVA it had: it reaches a buffer page only through a
   * stale IOTLB entry of the domain (left by an unmap whose invalidation is still
   * queued); where there is none the IOMMU faults and nothing is accessed.
   */
  | { op: 'stale-dma'; domain: string; buf: string; offset?: number; pages?: number; write: boolean }
  /** The queued IOTLB invalidation of a domain completes (flush-queue timeout or explicit sync). */
  | { op: 'invalidate'; domain: string }
  /**
   * The checker's IOAS_UNMAP is held between its kernel phases: after the PTEs of
   * a domain whose device can write No-Snoop are cleared, its iommu_iotlb_sync is
   * this separate step, so device DMA and CPU accesses interleave before it.
   * Workloads run an unmap whole and never issue it.
   */
  | { op: 'sync'; domain: string };

export type OpName = Op['op'];
export const OP_NAMES: readonly OpName[] = [
  'alloc',
  'map',
  'copy',
  'unmap',
  'split',
  'attach',
  'detach',
  'enforce-cc',
  'dma',
  'cpu',
  'nosnoop',
  'migrate',
  'access',
  'unaccess',
  'stale-dma',
  'invalidate',
  'sync',
];

/** Which modelled-time bucket an operation is charged to (the cover letter's three paths). */
export type CostPath = 'map' | 'unmap' | 'teardown' | 'other';

export interface Metrics {
  flushedPages: number;
  flushedLines: number;
  /** Flush cycles, split by the path that paid them (calibration targets). */
  flushCyclesMap: number;
  flushCyclesUnmap: number;
  flushCyclesTeardown: number;
  iotlbInvalidations: number;
  pins: number;
  unpins: number;
  mappedPages: number;
  unmappedPages: number;
  readbackPages: number;
  ioctls: number;
  modelledNs: number;
  mapNs: number;
  unmapNs: number;
  teardownNs: number;
}

export const zeroMetrics = (): Metrics => ({
  flushedPages: 0,
  flushedLines: 0,
  flushCyclesMap: 0,
  flushCyclesUnmap: 0,
  flushCyclesTeardown: 0,
  iotlbInvalidations: 0,
  pins: 0,
  unpins: 0,
  mappedPages: 0,
  unmappedPages: 0,
  readbackPages: 0,
  ioctls: 0,
  modelledNs: 0,
  mapNs: 0,
  unmapNs: 0,
  teardownNs: 0,
});

/**
 * S1-S3 of SIMULATOR.md section 2, and the kernel's own bookkeeping invariants:
 * B1 pin exactly once (pinned iff covered by an area in a domain or an access;
 * judged between ioctls, as pages.c's own invariant is),
 * B2 unpin only after unmap and IOTLB sync, B3 policy counters never negative.
 */
export type Property = 'S1' | 'S2' | 'S3' | 'B1' | 'B2' | 'B3';

export const PROPERTY_TEXT: Record<Property, string> = {
  S1: 'no leak to a device',
  S2: 'stable host view after release',
  S3: 'no DMA after release (stale IOTLB entries count)',
  B1: 'pin exactly once',
  B2: 'unpin only after unmap and IOTLB sync',
  B3: 'policy counters consistent',
};

export interface Violation {
  /** Workload step (1-based) or checker depth. */
  step: number;
  property: Property;
  /** Where: buffer handle and first page index within it; pages = how many consecutive. */
  buf: string;
  page: number;
  pages: number;
  message: string;
}
