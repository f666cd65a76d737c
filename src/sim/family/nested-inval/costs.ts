/**
 * Costs of the seed-004 family (nested SMMUv3 invalidation): what one guest
 * invalidation batch costs on each path from the guest's command queue to
 * the SMMU. Tags as in src/sim/costs.ts.
 */
import type { ParamSpec } from '../../costs.js';

export const PARAMS = {
  exitToUserNs: {
    value: 6_000,
    unit: 'ns/batch',
    min: 0,
    max: 1e9,
    source:
      "[E] the guest's CMDQ_PROD write traps (MMIO exit), KVM returns to the VMM, the VMM's vSMMU model runs and the vCPU re-enters: a few microseconds on arm64",
  },
  exitInKernelNs: {
    value: 1_500,
    unit: 'ns/batch',
    min: 0,
    max: 1e9,
    source: '[E] an MMIO exit handled inside the kernel (ioeventfd-style) without the return to the VMM',
  },
  wakeupNs: {
    value: 4_000,
    unit: 'ns/batch',
    min: 0,
    max: 1e9,
    source:
      '[E] waking the kernel thread that consumes a software VCMDQ (scheduler wake-up latency on an idle core; Jason: "a CPU wake up instead of a MMIO poke")',
  },
  ioctlNs: {
    value: 1_000,
    unit: 'ns/ioctl',
    min: 0,
    max: 1e9,
    source: '[E] null syscall + iommufd object lookup (iommufd-notes 3.3)',
  },
  vmmDecodeNs: {
    value: 40,
    unit: 'ns/command',
    min: 0,
    max: 1e6,
    source:
      '[E] the VMM decoding one 128-bit guest command into its fields (Jason: "There is no reason to burn CPU cycles in userspace marshalling it to something else")',
  },
  marshalNs: {
    value: 25,
    unit: 'ns/command',
    min: 0,
    max: 1e6,
    source: '[E] filling one type-checked UAPI union entry (about 32 bytes) from the decoded fields',
  },
  unionCopyNs: {
    value: 6,
    unit: 'ns/command',
    min: 0,
    max: 1e6,
    source: '[E] copy_from_user of one marshalled entry (~32 B at ~5 GB/s plus the per-entry length check)',
  },
  rawCopyNs: {
    value: 3,
    unit: 'ns/command',
    min: 0,
    max: 1e6,
    source:
      '[E] one memcpy of the whole batch from guest-controlled pages, per 16-byte entry (Jason: "a single memcpy")',
  },
  kernelParseNs: {
    value: 20,
    unit: 'ns/command',
    min: 0,
    max: 1e6,
    source:
      '[E] checking the opcode against the permitted list and rewriting VMID / translating vSID through the vDEVICE table (the landed arm_vsmmu path, iommufd-notes 2.4)',
  },
  encodeNs: {
    value: 15,
    unit: 'ns/command',
    min: 0,
    max: 1e6,
    source: '[E] re-encoding a decoded union entry into a native 128-bit command (the marshalled path only)',
  },
  issueNs: {
    value: 126,
    unit: 'ns/command',
    min: 0,
    max: 1e9,
    source:
      '[D] seed-001 family tlbiNs: one invalidation command consumed by the SMMU (126 ns per TLBIVA, SM8150 measurement)',
  },
  syncNs: {
    value: 1_700,
    unit: 'ns/CMD_SYNC',
    min: 0,
    max: 1e9,
    source: '[D] seed-001 family syncNs (1.854 us per 4K unmap minus one TLBIVA)',
  },
  doorbellNs: {
    value: 150,
    unit: 'ns/batch',
    min: 0,
    max: 1e6,
    source: '[E] the guest writing PROD straight into the VCMDQ MMIO page (a posted device write, no exit)',
  },
} as const satisfies Record<string, ParamSpec>;
