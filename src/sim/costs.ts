/**
 * The cost model: every figure is a named parameter with its source, or marked as
 * an estimate, and can be overridden (`--param name=value`). Tags as in
 * iommufd-notes.md: [V] read in a source, [D] arithmetic on a verified number,
 * [E] estimate.
 */
import { UserError } from '../errors.js';

export interface ParamSpec {
  readonly value: number;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly source: string;
}

const COVER =
  'Yan Zhao, cover letter "Enforce CPU cache flush for non-coherent device assignment", 2024-05-07, 20240507061802.20184-1-yan.y.zhao@intel.com';
const PAGES_8G = 2_097_152;

export const PARAMS = {
  cpuGhz: { value: 4.494, unit: 'GHz', min: 0.1, max: 10, source: `[V] ${COVER}: 4494 MHz CPU` },
  flushDirtyLineCycles: {
    value: 1233e6 / (PAGES_8G * 64),
    unit: 'cycles/line',
    min: 0,
    max: 1e6,
    source: `[D] ${COVER}: +1233M cycles in iommufd_ioas_map for an 8 GiB guest whose pages hold the host's dirty zeroes = 1233M / (2,097,152 pages x 64 lines)`,
  },
  flushCleanLineCycles: {
    value: 959e6 / (PAGES_8G * 64),
    unit: 'cycles/line',
    min: 0,
    max: 1e6,
    source: `[D] ${COVER}: +959M cycles in iommufd_hwpt_paging_destroy, lines already written back = 959M / (2,097,152 x 64)`,
  },
  pinMapPageCycles: {
    value: 1167e6 / PAGES_8G,
    unit: 'cycles/page',
    min: 0,
    max: 1e7,
    source: `[D] ${COVER}: iommufd_ioas_map without clflush 1167M / 2,097,152 pages (pin + map)`,
  },
  vfioPinMapPageCycles: {
    value: 3058e6 / PAGES_8G,
    unit: 'cycles/page',
    min: 0,
    max: 1e7,
    source: `[D] ${COVER}: vfio_dma_do_map without clflush 3058M / 2,097,152 pages`,
  },
  unmapPageCycles: {
    value: 201e6 / PAGES_8G,
    unit: 'cycles/page',
    min: 0,
    max: 1e7,
    source: `[D] ${COVER}: iommufd_hwpt_paging_destroy without clflush 201M / 2,097,152 pages (unmap + unpin)`,
  },
  readbackPageCycles: {
    value: 40,
    unit: 'cycles/page',
    min: 0,
    max: 1e6,
    source:
      '[E] iommu_iova_to_phys page-table walk to read PFNs back before an after-unmap flush (Jason, 2024-05-21: "you\'d have to read back the PFNs on this path")',
  },
  iotlbInvalidationNs: {
    value: 2000,
    unit: 'ns/command',
    min: 0,
    max: 1e9,
    source: '[E] VT-d queued invalidation + wait descriptor, 1-5 us per synchronous round trip (iommufd-notes 3.2)',
  },
  iotlbPagesPerCommand: {
    value: 512,
    unit: 'pages/command',
    min: 1,
    max: 2 ** 40,
    source:
      '[V] VFIO_IOMMU_TLB_SYNC_MAX = 512 regions per iommu_iotlb_sync; SMMUv3 CMDQ_MAX_TLBI_OPS = 512 (iommufd-notes 3.2)',
  },
  ioctlNs: {
    value: 1000,
    unit: 'ns/ioctl',
    min: 0,
    max: 1e9,
    source: '[E] null syscall (70-500 ns) + iommufd object lookup and locks (iommufd-notes 3.3)',
  },
} as const satisfies Record<string, ParamSpec>;

export type ParamName = keyof typeof PARAMS;
export type Params = Record<ParamName, number>;

export function defaultParams(): Params {
  const out = {} as Params;
  for (const k of Object.keys(PARAMS) as ParamName[]) out[k] = PARAMS[k].value;
  return out;
}

const isParamName = (k: string): k is ParamName => Object.hasOwn(PARAMS, k);

/** Apply `name=value` overrides; unknown names and out-of-range values are user errors. */
export function withOverrides(base: Params, overrides: readonly string[]): Params {
  const out = { ...base };
  for (const o of overrides) {
    const eq = o.indexOf('=');
    const k = eq < 0 ? o : o.slice(0, eq);
    if (eq < 0 || !isParamName(k)) {
      throw new UserError(`--param ${o}: expected name=value with name one of ${Object.keys(PARAMS).join(', ')}`);
    }
    const v = Number(o.slice(eq + 1));
    const spec = PARAMS[k];
    if (!Number.isFinite(v) || v < spec.min || v > spec.max) {
      throw new UserError(`--param ${o}: expected a number from ${spec.min} to ${spec.max} (${spec.unit})`);
    }
    out[k] = v;
  }
  return out;
}
