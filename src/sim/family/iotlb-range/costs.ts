/**
 * Costs of the seed-001 family (IOTLB range flushing). Units in the names;
 * tags as in src/sim/costs.ts: [V] read in a source, [D] arithmetic on one,
 * [E] estimate.
 */
import type { ParamSpec } from '../../costs.js';

const QCOM =
  'Sai Prakash Ranjan, "iommu/arm-smmu: Optimize ->tlb_flush_walk() for qcom implementation" (SM8150, 10 iterations): iommu_unmap of 2M = 512 TLBIVAs in 67.291 us, 32M = 8192 TLBIVAs in 1033.364 us, 4K in 1.854 us';

export const PARAMS = {
  tlbiNs: {
    value: 126,
    unit: 'ns/command',
    min: 0,
    max: 1e9,
    source: `[D] ${QCOM}: 1033.364 us / 8192 = 126 ns per page-sized unmap with its TLBIVA`,
  },
  syncNs: {
    value: 1_700,
    unit: 'ns/CMD_SYNC',
    min: 0,
    max: 1e9,
    source: `[D] ${QCOM}: a 4K unmap (one TLBIVA and its sync) takes 1.854 us; minus one TLBIVA (126 ns) leaves ~1.7 us for the wait`,
  },
  asidNs: {
    value: 1_000,
    unit: 'ns/command',
    min: 0,
    max: 1e9,
    source:
      '[E] one TLBI_ASID (TLBIASID on SMMUv2): a context-wide invalidate costs about a few page invalidations in the command path; its real price is the refills afterwards (asidRefillNs)',
  },
  asidRefillNs: {
    value: 300,
    unit: 'ns/live entry',
    min: 0,
    max: 1e9,
    source: '[E] a table walk for each still-mapped IOTLB entry the ASID flush threw away (3-4 memory reads of ~80 ns)',
  },
  tlbEntries: {
    value: 2_048,
    unit: 'entries',
    min: 0,
    max: 1e9,
    source: '[E] IOTLB capacity of an SMMU TBU (typically 128-4096 entries): more live pages than this miss anyway',
  },
  walkNs: {
    value: 60,
    unit: 'ns/page',
    min: 0,
    max: 1e9,
    source:
      '[E] a software walk of the io-pgtable for one IOVA (Robin, 2015-09-29: "have to do a table walk in every flush() call to infer what actually needs doing"), leaf in cache',
  },
  callNs: {
    value: 5,
    unit: 'ns/call',
    min: 0,
    max: 1e6,
    source: '[E] an indirect call through iommu_ops (Robin: "an extra no-op function call half the time")',
  },
  pteNs: {
    value: 20,
    unit: 'ns/page',
    min: 0,
    max: 1e6,
    source: '[E] writing or clearing one io-pgtable leaf entry (a store and its barrier share)',
  },
  modelCmdNs: {
    value: 20_000,
    unit: 'ns/command',
    min: 0,
    max: 1e12,
    source:
      '[E] one command consumed by a software (Fast Model) SMMU: tens of microseconds of host time per simulated queue entry (Robin: "ask Will how long he spends waiting for a software model to tear down an entire VFIO domain invalidating one page at a time")',
  },
  modelSyncNs: {
    value: 50_000,
    unit: 'ns/CMD_SYNC',
    min: 0,
    max: 1e12,
    source:
      '[E] a CMD_SYNC on a software model: the simulated SMMU drains its queue and the model thread round-trips to the CPU model',
  },
  trapNs: {
    value: 2_000,
    unit: 'ns/guest op',
    min: 0,
    max: 1e9,
    source:
      '[E] a vIOMMU guest map or unmap trapping to the VMM and reaching the host IOMMU API (VM exit + VMM handling + ioctl)',
  },
} as const satisfies Record<string, ParamSpec>;
