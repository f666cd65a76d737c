import { useMemo } from 'react';
import type { RunResult } from '../sim/index.js';
import type { SimSource, WorldSnapshot } from './sim-types.js';
import type { ReplayStep } from './replay-screen.js';

/**
 * What can be replayed for a policy: its counterexample when the checker found one, then every
 * workload of its model; for a seed family's policy, its counterexample and one per fault that breaks it.
 */
export function replaySubjects(sim: SimSource, policy: string): string[] {
  const family = sim.familySubjects?.(policy);
  if (family != null) return [...family];
  const model = sim.model(policy);
  const any = (m: string | null): boolean => sim.anyModels === undefined || (m !== null && sim.anyModels.includes(m));
  const workloads = sim.workloads
    .filter((w) => (w.model === 'any' && any(model)) || w.model === model)
    .map((w) => w.id);
  return sim.verdict(policy)?.result === 'unsafe' ? ['counterexample', ...workloads] : workloads;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The steps of a workload run, each with the world after it. */
export function stepsOfRun(run: RunResult, worlds: readonly WorldSnapshot[]): ReplayStep[] {
  return (run.trace ?? []).map((t, i) => ({
    label: t.label || t.op,
    effect: `flushed ${plural(t.flushedPages, 'page')}, ${t.iotlbInvalidations} IOTLB inv, pins +${t.pins} -${t.unpins}`,
    flushed: t.flushedPages > 0 || t.iotlbInvalidations > 0,
    violations: t.violations.map((v) => `${v.property} at ${v.buf}[${v.page}]: ${v.message}`),
    at: t.violations.map((v) => ({ buf: v.buf, page: v.page, pages: v.pages })),
    world: worlds[i] ?? null,
  }));
}

/** "S1 VIOLATED at b0[1]: ..." names the page: the grid marks the row that holds it. */
const PLACE = /VIOLATED at ([^\s[]+)\[(\d+)\]/;

/** A seed family's steps: its labels, the state as a table before and after, the flushes and invalidations the labels name. */
function familySteps(sim: SimSource, policy: string, subject: string): ReplayStep[] {
  return (sim.familyTrace?.(policy, subject) ?? []).map((s) => ({
    label: s.label,
    effect: '',
    flushed: FLUSH_WORDS.test(s.label),
    violations: s.violation === null ? [] : [s.violation],
    at: [],
    world: null,
    table: { before: s.before, after: s.after },
  }));
}

/** The words a family's step label uses for a flush or an invalidation (highlighted as the core model's are). */
const FLUSH_WORDS = /\b(flush\w*|clean\w*|invalidat\w*|TLBI\w*|CMD_SYNC|CFGI\w*|wbinvd|clflush\w*)/i;

/** The steps of a replay subject, each with the world after it. */
export function replaySteps(sim: SimSource, policy: string, subject: string): ReplayStep[] {
  if (sim.familySubjects?.(policy) != null) return familySteps(sim, policy, subject);
  const worlds = sim.worlds?.(policy, subject) ?? [];
  if (subject !== 'counterexample') return stepsOfRun(sim.replay(policy, subject), worlds);
  const steps = sim.verdict(policy)?.counterexample ?? [];
  return steps.map((s, i) => {
    const parts = s.note.split('; ');
    const bad = parts.filter((p) => p.includes('VIOLATED'));
    return {
      label: `${s.op} ${Object.entries(s.args)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(' ')}`,
      effect: parts.filter((p) => !p.includes('VIOLATED')).join('; ') || 'no flush',
      flushed: parts.some((p) => p.startsWith('flushed')),
      violations: bad,
      at: bad
        .map((p) => PLACE.exec(p))
        .flatMap((m) => (m === null ? [] : [{ buf: m[1] ?? '', page: Number(m[2]), pages: 1 }])),
      world: worlds[i] ?? null,
    };
  });
}

/** The steps of one replay subject, with the world after each, computed once per (policy, subject). */
export function useReplay(
  sim: SimSource | undefined,
  policy: string | null,
  subject: string | null,
  verdictTick = 0,
): ReplayStep[] {
  // biome-ignore lint/correctness/useExhaustiveDependencies: verdictTick: the counterexample arrives from the worker
  return useMemo(() => {
    if (sim === undefined || policy === null || subject === null) return [];
    return replaySteps(sim, policy, subject);
  }, [sim, policy, subject, verdictTick]);
}
