/**
 * Seed 003 (Alex Williamson / Jason Gunthorpe, 2024-05-23/24, "[PATCH 4/5]
 * vfio/type1: Flush CPU caches on DMA pages in non-coherent domains"): when
 * must the host flush at all? A device may issue No-Snoop DMA only when its
 * domain does not enforce coherency AND its PCI No-Snoop enable bit is set
 * (hardwired to zero, set after reset, toggled later by the VMM or guest,
 * forced off by VFIO unless a variant driver opts out). Each policy decides at
 * attach whether the domain's pages need flushing; the checker looks for the
 * enable bit coming back on after that decision.
 *
 *   attach: decide "flush"   map: host zeroes (dirty in cache) [flush?]   device: NS read / NS write   unmap [flush?] -> host
 *
 * S1: a No-Snoop read never returns the previous owner's data (the host's
 * zeroes still dirty in the cache). S2: a page given back to the host never
 * keeps a clean cached copy older than memory (a No-Snoop write under it).
 */
import { z } from 'zod';
import { defineFamily, param, type Params, type RunViolation } from '../family.js';
import type { Successor, TransitionSystem } from '../system.js';
import { PARAMS } from './costs.js';

const policy = z.strictObject({
  /**
   * What attach decides from. domain: the domain's enforce_cache_coherency only; hardwired: also skip when
   * the enable bit reads 0 after reset; vfio-forced: VFIO forced the bit off unless a variant driver opted out;
   * current-bit: also skip when the bit "is or can be 0" at attach.
   */
  skipWhen: z.enum(['domain', 'hardwired', 'vfio-forced', 'current-bit']),
  /** VFIO clears the enable bit at open and keeps guest writes virtual, unless the variant driver opts out. */
  vfioForcesOff: z.boolean(),
  /** Who forces it: VFIO unless a variant driver opts out, or only a variant driver that says the device does not use No-Snoop. */
  forcedBy: z.enum(['vfio', 'variant']),
  /** A bit that was 0 when the domain was attached (so flushing was skipped) may not be turned on later. */
  lock: z.boolean(),
  /** The forcing and the lock are applied again after any reset of the function. */
  reapplyAfterReset: z.boolean(),
});
type Policy = z.infer<typeof policy>;

const STEPS = [
  'attach',
  'map',
  'unmap',
  'nse-on',
  'nse-off',
  'bm-on',
  'bm-off',
  'flr',
  'ns-read',
  'ns-write',
  'prefetch',
] as const;
type StepName = (typeof STEPS)[number];

const workload = z.strictObject({
  device: z.enum(['capable', 'hardwired-zero']),
  /** The domain enforces cache coherency (snoop control): No-Snoop is ignored. */
  coherent: z.boolean(),
  /** A variant driver is bound: it opts out of VFIO's forcing (the device wants No-Snoop), or, where only a variant driver forces, it forces the bit off. */
  optOut: z.boolean(),
  /** Pages each map/unmap covers (guest RAM), for the flush cost. */
  pages: z.number().int().min(1),
  steps: z.array(z.enum(STEPS)).min(1),
});
type Workload = z.infer<typeof workload>;

const FAULTS = {
  'reset-without-restore':
    'a reset that puts the function back to its power-on config without VFIO saving and restoring it (a device-specific or bus reset path): the enable bit comes back at its reset value',
  'device-ignores-enable':
    'a No-Snoop capable device sets No-Snoop whatever its enable bit says (Alex: virtualizing the bit "relies on devices honoring it"); a hardwired-zero bit still means a device that never sets it',
} as const;

/** The one page's cache state against memory: I none; C clean = memory; D the host's zeroes dirty over the old owner's data; S clean but older than memory. */
type Cache = 'I' | 'C' | 'D' | 'S';

interface State {
  device: Workload['device'];
  coherent: boolean;
  optOut: boolean;
  /** The physical No-Snoop enable bit and bus-master enable. */
  nse: boolean;
  bm: boolean;
  attached: boolean;
  /** Attach decided the domain's pages need flushing. */
  flushing: boolean;
  locked: boolean;
  mapped: boolean;
  cache: Cache;
}

/** The enable bit is held at 0 by VFIO or a variant driver (optOut: a variant driver is bound; it opts out of VFIO's forcing, or is the one that forces). */
const forced = (p: Policy, s: Pick<State, 'device' | 'optOut'>): boolean =>
  p.vfioForcesOff && s.device === 'capable' && (p.forcedBy === 'vfio' ? !s.optOut : s.optOut);

function initial(p: Policy, device: State['device'], coherent: boolean, optOut: boolean): State {
  // After reset a capable device has the bit set; VFIO's open may clear it.
  const nse = device === 'capable' && !forced(p, { device, optOut });
  return {
    device,
    coherent,
    optOut,
    nse,
    bm: false,
    attached: false,
    flushing: false,
    locked: false,
    mapped: false,
    cache: 'I',
  };
}

function decide(p: Policy, s: State): boolean {
  if (s.coherent) return false;
  switch (p.skipWhen) {
    case 'domain':
      return true;
    case 'hardwired':
      return s.device !== 'hardwired-zero';
    case 'vfio-forced':
      return s.device !== 'hardwired-zero' && !forced(p, s);
    case 'current-bit':
      return s.nse;
  }
}

interface Outcome {
  next: State;
  label: string;
  flushed: boolean;
  ns: boolean;
  refused: boolean;
  breach: { property: string; message: string } | null;
}

/** One operation on a state: null when it is not enabled there. */
function apply(p: Policy, fault: string | null, s: State, step: StepName): Outcome | null {
  const n: State = { ...s };
  const out = (label: string, extra: Partial<Outcome> = {}): Outcome => ({
    next: n,
    label,
    flushed: false,
    ns: false,
    refused: false,
    breach: null,
    ...extra,
  });
  const canNoSnoop =
    s.attached &&
    !s.coherent &&
    s.bm &&
    s.mapped &&
    (s.nse || (fault === 'device-ignores-enable' && s.device === 'capable'));
  switch (step) {
    case 'attach':
      if (s.attached) return null;
      n.attached = true;
      n.flushing = decide(p, s);
      n.locked = p.lock && !s.nse && !n.flushing;
      return out(
        `attach a ${s.coherent ? 'coherent' : 'non-coherent'} domain: ${n.flushing ? 'flushing required' : 'no flushing'}${n.locked ? ', No-Snoop locked off' : ''}`,
      );
    case 'map':
      if (s.mapped || !s.attached) return null;
      n.mapped = true;
      // The host zeroed the page for the guest through the cache.
      n.cache = s.flushing ? 'I' : 'D';
      return out(`map a freshly zeroed page${s.flushing ? ' (flushed)' : ' (not flushed)'}`, { flushed: s.flushing });
    case 'unmap': {
      if (!s.mapped) return null;
      n.mapped = false;
      const after: Cache = s.flushing ? 'I' : s.cache;
      n.cache = 'I';
      const breach =
        after === 'S'
          ? {
              property: 'S2',
              message:
                'the page went back to the host with a clean cached copy older than what the device wrote to memory',
            }
          : null;
      return out(
        `unmap the page and give it back to the host${s.flushing ? ' (flushed after the IOTLB sync)' : ' (not flushed)'}`,
        { flushed: s.flushing, breach },
      );
    }
    case 'nse-on':
    case 'nse-off': {
      const on = step === 'nse-on';
      if (s.nse === on && !(on && (forced(p, s) || s.locked))) return null;
      const label = `the VMM writes No-Snoop enable = ${on ? 1 : 0}`;
      if (s.device === 'hardwired-zero') return on ? out(`${label}: hardwired to 0, no effect`) : null;
      if (forced(p, s))
        return on ? out(`${label}: VFIO keeps it virtual, the device stays at 0`, { refused: true }) : null;
      if (on && s.locked)
        return out(`${label}: refused (No-Snoop was off when the domain was attached)`, { refused: true });
      n.nse = on;
      return out(label);
    }
    case 'bm-on':
    case 'bm-off':
      if (s.bm === (step === 'bm-on')) return null;
      n.bm = step === 'bm-on';
      return out(`the guest ${n.bm ? 'enables' : 'disables'} bus mastering`);
    case 'flr':
      if (fault !== 'reset-without-restore') {
        // VFIO_DEVICE_RESET saves the config, resets (BM off, bit at its reset value) and restores it: no change in the end.
        return out('function-level reset through VFIO (config saved and restored)');
      }
      n.bm = false;
      n.nse = s.device === 'capable';
      if (p.reapplyAfterReset && (forced(p, s) || s.locked)) n.nse = false;
      return out(
        `function-level reset without restore: bus mastering off, No-Snoop enable back to ${n.nse ? 1 : 0}${p.reapplyAfterReset && n.nse === false && s.device === 'capable' ? ' (VFIO re-applies its rule)' : ''}`,
      );
    case 'ns-read':
      if (!canNoSnoop) return null;
      return out('the device reads the page with No-Snoop', {
        ns: true,
        breach:
          s.cache === 'D'
            ? {
                property: 'S1',
                message:
                  "the No-Snoop read returned the previous owner's data: the host's zeroes were still dirty in the cache",
              }
            : null,
      });
    case 'ns-write':
      if (!canNoSnoop) return null;
      if (s.cache === 'C') n.cache = 'S';
      return out('the device writes the page with No-Snoop', { ns: true });
    case 'prefetch':
      if (s.cache !== 'I' || !s.mapped) return null;
      n.cache = 'C';
      return out('the CPU prefetches the page (a clean line)');
  }
}

interface Searched {
  s: State;
  breach: { property: string; message: string } | null;
}

function system(p: Policy, fault: string | null): TransitionSystem<Searched> {
  return {
    initial: () => {
      const out: Searched[] = [];
      for (const device of ['capable', 'hardwired-zero'] as const) {
        for (const coherent of [false, true])
          for (const optOut of [false, true]) out.push({ s: initial(p, device, coherent, optOut), breach: null });
      }
      return out;
    },
    describeInitial: ({ s }) =>
      `a ${s.device === 'capable' ? 'No-Snoop capable' : 'hardwired-zero'} device, a ${s.coherent ? 'coherent' : 'non-coherent'} domain to come${p.vfioForcesOff ? `, ${s.optOut ? 'a variant driver bound' : 'no variant driver'}` : ''}; enable bit ${s.nse ? 1 : 0}${forced(p, s) ? ' (forced off)' : ''}`,
    key: ({ s, breach }) => JSON.stringify(s) + (breach === null ? '' : breach.property),
    invariant: ({ breach }) => breach,
    successors: ({ s, breach }) => {
      if (breach !== null) return [];
      const out: Successor<Searched>[] = [];
      for (const step of STEPS) {
        const o = apply(p, fault, s, step);
        // A step that changes nothing (a refused write, a restored reset) has nothing new to search.
        if (o === null || (o.breach === null && JSON.stringify(o.next) === JSON.stringify(s))) continue;
        out.push({ label: o.label, next: { s: o.next, breach: o.breach } });
      }
      return out;
    },
  };
}

function run(p: Policy, w: Workload, prm: Params, fault: string | null) {
  let s = initial(p, w.device, w.coherent, w.optOut);
  let flushedPages = 0;
  let nsDma = 0;
  let snoopedDma = 0;
  let refused = 0;
  const violations: RunViolation[] = [];
  const rows: string[][] = [];
  w.steps.forEach((step, i) => {
    const o = apply(p, fault, s, step);
    if (o === null) {
      // Not possible in this state (a No-Snoop access the device cannot make is a snooped one).
      if (step === 'ns-read' || step === 'ns-write') {
        snoopedDma++;
        rows.push([
          String(i + 1),
          `the device ${step === 'ns-read' ? 'reads' : 'writes'} the page snooped (No-Snoop not possible here)`,
        ]);
      } else rows.push([String(i + 1), `${step}: nothing to do`]);
      return;
    }
    s = o.next;
    if (o.flushed) flushedPages += w.pages;
    if (o.ns) nsDma++;
    if (o.refused) refused++;
    if (o.breach !== null) violations.push({ step: i + 1, ...o.breach });
    rows.push([String(i + 1), o.label]);
  });
  const flushMs = (flushedPages * 64 * param(prm, 'flushLineCycles')) / (param(prm, 'cpuGhz') * 1e6);
  return {
    metrics: { flushedPages, flushMs, nsDma, snoopedDma, refused },
    labels: { decision: s.attached ? (s.flushing ? 'flush' : 'skip') : '-' },
    violations,
    detail: { head: ['step', 'what happens'], rows },
    notes: [],
  };
}

export const loadNoSnoop = defineFamily<Policy, Workload, Searched>({
  id: 'nosnoop',
  seed: '003',
  thread: 'Re: [PATCH 4/5] vfio/type1: Flush CPU caches on DMA pages in non-coherent domains (2024-05-24)',
  title:
    'PCI No-Snoop: when must the host flush at all (domain coherency, the enable bit, VFIO forcing it off, the lock)',
  properties: {
    S1: "no leak to a device: a No-Snoop read never returns the previous owner's data",
    S2: 'stable host view after release: no clean cached copy older than memory on a page given back',
  },
  params: PARAMS,
  faults: FAULTS,
  policy,
  workload,
  metrics: [
    { id: 'decision', head: 'attach decides', unit: '', text: true },
    { id: 'flushedPages', head: 'flushed pages', unit: 'pages' },
    { id: 'flushMs', head: 'flush ms', unit: 'ms', digits: 1 },
    { id: 'nsDma', head: 'No-Snoop DMA', unit: 'accesses' },
    { id: 'snoopedDma', head: 'snooped instead', unit: 'accesses' },
    { id: 'refused', head: 'writes refused', unit: 'config writes' },
  ],
  run,
  system,
  universe:
    'one device (No-Snoop capable or hardwired to zero), one domain (coherent or not), a variant driver opting out or not, one page; VMM writes to the enable bit, bus mastering, resets, No-Snoop reads and writes, prefetch, in any order',
});
