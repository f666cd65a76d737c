/**
 * Seed 004 (Jason Gunthorpe / Nicolin Chen / Robin Murphy, 2023-03,
 * "iommu/arm-smmu-v3: Add arm_smmu_cache_invalidate_user"): how a guest's
 * SMMUv3 invalidation commands reach the physical SMMU, what each command
 * costs, and what the guest is told when one command of a batch is illegal.
 *
 *   guest CMDQ: [c0 c1 c2 ...]  --(ioctl: union | raw copy; or VCMDQ: kernel thread | hardware)-->  SMMU
 *                  ^ CONS / entry_num: "k handled"
 *
 * N1: when the host reports k entries handled (ioctl entry_num, or the
 * queue's consumer index the guest can read at any time), the first k took
 * effect, and an error names the entry that failed. N2: no command reaches a
 * StreamID or VMID outside the guest's.
 */
import { z } from 'zod';
import { defineFamily, param, type Params, type RunViolation } from '../family.js';
import type { Successor, TransitionSystem } from '../system.js';
import { PARAMS } from './costs.js';

/** The commands of the universe: legal ones, one with an unknown vSID, one with a foreign VMID, an illegal opcode. */
const COMMANDS = ['tlbi', 'cfgi', 'cfgi-unknown', 'nh-all-vmid', 'illegal'] as const;
type Command = (typeof COMMANDS)[number];
const COMMAND_TEXT: Record<Command, string> = {
  tlbi: 'TLBI_NH_VA asid=1',
  cfgi: 'CFGI_CD vSID=0',
  'cfgi-unknown': 'CFGI_CD vSID=2 (no such vDEVICE)',
  'nh-all-vmid': "TLBI_NH_ALL with VMID=7 (another VM's) in its VMID field",
  illegal: 'an opcode the guest may not issue',
};
/** The guest's vSIDs and the physical StreamIDs its devices have; untranslated, a vSID is read as a host StreamID. */
const VSID_TO_PSID: Record<number, number> = { 0: 10 };

const policy = z.strictObject({
  transport: z.enum(['ioctl-union', 'ioctl-raw', 'sw-vcmdq', 'hw-vcmdq']),
  /** vSID -> physical SID through the guest's vDEVICE table (an unknown vSID is an error at that entry). */
  translateSid: z.boolean(),
  /** The VMID field of a guest command is replaced by the guest's own (Jason: "VMID should be ignored"). */
  overwriteVmid: z.boolean(),
  /** Who catches an illegal opcode: the consumer stops at it; or it goes to the host's queue and the host's CERROR_ILL handler skips it. */
  illegal: z.enum(['consumer-stops', 'host-skips']),
});
type Policy = z.infer<typeof policy>;

const workload = z.strictObject({
  kind: z.enum(['batch', 'sweep']),
  /** batch: the guest's commands in queue order. */
  commands: z.array(z.enum(COMMANDS)),
  /** sweep: batch sizes of legal commands to price. */
  sizes: z.array(
    z
      .number()
      .int()
      .min(1)
      .max(1 << 20),
  ),
});
type Workload = z.infer<typeof workload>;

const FAULTS = {
  'cons-before-effect':
    'a software VCMDQ consumer advances CONS when it copies a batch out of the queue, before issuing the commands (an early "handled"; hardware CONS is architected and unaffected)',
} as const;

interface State {
  batch: readonly Command[];
  /** Next entry the consumer looks at. */
  pc: number;
  /** The consumer index the guest can see (VCMDQ), or entry_num once the ioctl returned. */
  cons: number;
  /** Bit i: entry i took effect on the SMMU. */
  effected: number;
  /** Bit i: entry i was skipped by the host's error handler. */
  skipped: number;
  /** A command reached a StreamID or VMID outside the guest's (what, or ''). */
  outside: string;
  /** The consumer stopped at this entry with an error (-1: no error). */
  errorAt: number;
  /** ioctl: returned; VCMDQ: the error interrupt reached the guest. */
  reported: boolean;
  /** fault cons-before-effect: entries copied out and counted before they were issued. */
  copied: boolean;
}

const isIoctl = (p: Policy): boolean => p.transport === 'ioctl-union' || p.transport === 'ioctl-raw';

/** One step of the consumer at s.pc: what it does to that entry. */
function consume(p: Policy, s: State): { next: State; label: string } {
  const i = s.pc;
  const c = s.batch[i] ?? 'tlbi';
  const n: State = { ...s };
  const bit = 1 << i;
  const who =
    p.transport === 'hw-vcmdq'
      ? 'the VCMDQ hardware'
      : p.transport === 'sw-vcmdq'
        ? 'the kernel VCMDQ thread'
        : 'the kernel';
  const stop = (why: string): { next: State; label: string } => {
    n.errorAt = i;
    n.pc = s.batch.length;
    return { next: n, label: `${who} stops at entry ${i} (${COMMAND_TEXT[c]}): ${why}` };
  };
  const advance = (): void => {
    n.pc = i + 1;
    if (!isIoctl(p) && !s.copied) n.cons = i + 1;
  };
  if (c === 'illegal') {
    if (p.illegal === 'host-skips') {
      n.skipped |= bit;
      advance();
      return {
        next: n,
        label: `entry ${i} (${COMMAND_TEXT[c]}) reaches the host queue: CERROR_ILL, the host's handler replaces it with a CMD_SYNC and goes on`,
      };
    }
    return stop('illegal command');
  }
  if ((c === 'cfgi' || c === 'cfgi-unknown') && p.translateSid) {
    const psid = VSID_TO_PSID[c === 'cfgi' ? 0 : 2];
    if (psid === undefined) return stop('no vDEVICE for this vSID');
  } else if (c === 'cfgi' || c === 'cfgi-unknown') {
    n.outside = `StreamID ${c === 'cfgi' ? 0 : 2} (a host device: the vSID was not translated)`;
  }
  if (c === 'nh-all-vmid' && !p.overwriteVmid) n.outside = "VMID 7 (another VM: the guest's VMID field was trusted)";
  n.effected |= bit;
  advance();
  return { next: n, label: `entry ${i} (${COMMAND_TEXT[c]}) issued to the SMMU` };
}

function successors(p: Policy, fault: string | null, s: State): Successor<State>[] {
  if (p.transport === 'sw-vcmdq' && fault === 'cons-before-effect' && !s.copied && s.pc === 0 && s.batch.length > 0) {
    return [
      {
        label: `the consumer copies ${s.batch.length} entries out and sets CONS=${s.batch.length}`,
        next: { ...s, copied: true, cons: s.batch.length },
      },
    ];
  }
  if (s.pc < s.batch.length) {
    const { next, label } = consume(p, s);
    return [{ label, next }];
  }
  if (s.reported) return [];
  if (isIoctl(p)) {
    const k = s.errorAt >= 0 ? s.errorAt : s.batch.length;
    const how = s.errorAt >= 0 ? `returns an error, entry_num=${k}` : `returns 0, entry_num=${k}`;
    return [{ label: `CMD_SYNC; the ioctl ${how}`, next: { ...s, cons: k, reported: true } }];
  }
  if (s.errorAt >= 0)
    return [{ label: `GERROR CERROR_ILL interrupt reaches the guest; CONS=${s.cons}`, next: { ...s, reported: true } }];
  return [{ label: `the guest's CMD_SYNC completes; CONS=${s.cons}`, next: { ...s, reported: true } }];
}

function invariant(p: Policy, s: State): { property: string; message: string } | null {
  if (s.outside !== '') return { property: 'N2', message: `a guest command reached ${s.outside}` };
  // The guest may read CONS of a VCMDQ at any moment; an ioctl's entry_num only once it returned.
  const visible = isIoctl(p) ? s.reported : true;
  if (!visible) return null;
  for (let i = 0; i < s.cons; i++) {
    if ((s.effected & (1 << i)) === 0) {
      const why =
        (s.skipped & (1 << i)) !== 0
          ? "it was skipped by the host's error handler and the guest was never told"
          : 'it has not been issued yet';
      return {
        property: 'N1',
        message: `${s.cons} entries reported handled but entry ${i} (${COMMAND_TEXT[s.batch[i] ?? 'tlbi']}) did not take effect: ${why}`,
      };
    }
  }
  if (s.reported && s.errorAt >= 0 && s.cons !== s.errorAt) {
    return { property: 'N1', message: `the error was at entry ${s.errorAt} but the guest was told ${s.cons} handled` };
  }
  return null;
}

const MAX_BATCH = 3;

function system(p: Policy, fault: string | null): TransitionSystem<State> {
  const batches: Command[][] = [];
  const grow = (prefix: Command[]): void => {
    if (prefix.length > 0) batches.push(prefix);
    if (prefix.length < MAX_BATCH) for (const c of COMMANDS) grow([...prefix, c]);
  };
  grow([]);
  return {
    initial: () => batches.map((batch) => start(batch)),
    describeInitial: (s) =>
      `the guest queues ${s.batch.length} command${s.batch.length === 1 ? '' : 's'}: ${s.batch.map((c, i) => `[${i}] ${COMMAND_TEXT[c]}`).join(', ')}`,
    key: (s) => JSON.stringify(s),
    invariant: (s) => invariant(p, s),
    successors: (s) => successors(p, fault, s),
  };
}

const start = (batch: readonly Command[]): State => ({
  batch,
  pc: 0,
  cons: 0,
  effected: 0,
  skipped: 0,
  outside: '',
  errorAt: -1,
  reported: false,
  copied: false,
});

/** Modelled time of one batch of n legal commands, and where it goes. */
function batchNs(p: Policy, prm: Params, n: number): number {
  const issue = n * param(prm, 'issueNs') + param(prm, 'syncNs');
  const parse = n * param(prm, 'kernelParseNs');
  switch (p.transport) {
    case 'ioctl-union':
      return (
        param(prm, 'exitToUserNs') +
        n * (param(prm, 'vmmDecodeNs') + param(prm, 'marshalNs')) +
        param(prm, 'ioctlNs') +
        n * (param(prm, 'unionCopyNs') + param(prm, 'encodeNs')) +
        parse +
        issue
      );
    case 'ioctl-raw':
      return param(prm, 'exitToUserNs') + param(prm, 'ioctlNs') + n * param(prm, 'rawCopyNs') + parse + issue;
    case 'sw-vcmdq':
      return param(prm, 'exitInKernelNs') + param(prm, 'wakeupNs') + n * param(prm, 'rawCopyNs') + parse + issue;
    case 'hw-vcmdq':
      return param(prm, 'doorbellNs') + issue;
  }
}

function run(p: Policy, w: Workload, prm: Params, fault: string | null) {
  const metrics: Record<string, number> = {
    ns1: 0,
    ns16: 0,
    ns256: 0,
    ns4096: 0,
    tookEffect: 0,
    handled: 0,
    errorAt: -1,
  };
  const labels: Record<string, string> = {};
  const violations: RunViolation[] = [];
  if (w.kind === 'sweep') {
    const rows = w.sizes.map((n) => {
      const ns = batchNs(p, prm, n);
      if (`ns${n}` in metrics) metrics[`ns${n}`] = ns / n;
      return [String(n), (ns / 1000).toFixed(2), (ns / n).toFixed(0)];
    });
    return { metrics, labels, violations, detail: { head: ['batch', 'us/batch', 'ns/command'], rows }, notes: [] };
  }
  let s = start(w.commands);
  const log: string[] = [];
  for (let step = 1; ; step++) {
    const next = successors(p, fault, s)[0];
    if (next === undefined) break;
    s = next.next;
    log.push(next.label);
    const v = invariant(p, s);
    if (v !== null && !violations.some((x) => x.property === v.property)) violations.push({ step, ...v });
  }
  const took = s.batch.map((_c, i) => i).filter((i) => (s.effected & (1 << i)) !== 0);
  metrics['tookEffect'] = took.length;
  metrics['handled'] = s.cons;
  metrics['errorAt'] = s.errorAt;
  labels['effected'] = took.length === 0 ? 'none' : took.join(',');
  labels['told'] = isIoctl(p)
    ? s.errorAt >= 0
      ? `ioctl error, entry_num=${s.cons} (synchronous)`
      : `ioctl returns 0, entry_num=${s.cons}`
    : s.errorAt >= 0
      ? `CONS=${s.cons} + CERROR_ILL interrupt (asynchronous)`
      : `CONS=${s.cons} at CMD_SYNC`;
  if (s.skipped !== 0) labels['told'] += ', skip only in the host log';
  labels['batchUs'] = (batchNs(p, prm, w.commands.length) / 1000).toFixed(1);
  return {
    metrics,
    labels,
    violations,
    detail: { head: ['step', 'what happens'], rows: log.map((l, i) => [String(i + 1), l]) },
    notes: [`commands: ${w.commands.map((c, i) => `[${i}] ${COMMAND_TEXT[c]}`).join(', ')}`],
  };
}

export const loadNestedInval = defineFamily<Policy, Workload, State>({
  id: 'nested-inval',
  seed: '004',
  thread: 'Re: [PATCH v1 14/14] iommu/arm-smmu-v3: Add arm_smmu_cache_invalidate_user (2023-03-10)',
  title: 'Nested SMMUv3 invalidation: union per command, raw queue entries, software or hardware VCMDQ',
  properties: {
    N1: 'when the host reports k entries handled, the first k took effect (and an error names the entry that failed)',
    N2: "no guest command reaches a StreamID or VMID outside the guest's",
  },
  params: PARAMS,
  faults: FAULTS,
  policy,
  workload,
  metrics: [
    { id: 'ns1', head: 'ns/cmd @1', unit: 'ns' },
    { id: 'ns16', head: '@16', unit: 'ns' },
    { id: 'ns256', head: '@256', unit: 'ns' },
    { id: 'ns4096', head: '@4096', unit: 'ns' },
    { id: 'effected', head: 'took effect', unit: '', text: true },
    { id: 'handled', head: 'reported handled', unit: 'entries' },
    { id: 'told', head: 'guest told', unit: '', text: true },
    { id: 'batchUs', head: 'us/batch', unit: 'us', text: true },
  ],
  columns: (w) =>
    w.kind === 'sweep' ? ['ns1', 'ns16', 'ns256', 'ns4096'] : ['effected', 'handled', 'told', 'batchUs'],
  run,
  system,
  universe: `every guest batch of 1-${MAX_BATCH} commands over {${COMMANDS.map((c) => COMMAND_TEXT[c]).join('; ')}}; the guest's one vDEVICE is vSID 0 = StreamID 10`,
});
