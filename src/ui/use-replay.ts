import { useMemo } from 'react';
import type { RunResult } from '../sim/index.js';
import type { SimSource } from './sim-types.js';
import type { ReplayStep } from './replay-screen.js';

/** What can be replayed for a policy: its counterexample when the checker found one, then every workload of its model. */
export function replaySubjects(sim: SimSource, policy: string): string[] {
  const model = sim.model(policy);
  const any = (m: string | null): boolean => sim.anyModels === undefined || (m !== null && sim.anyModels.includes(m));
  const workloads = sim.workloads.filter((w) => (w.model === 'any' && any(model)) || w.model === model).map((w) => w.id);
  return sim.verdict(policy)?.result === 'unsafe' ? ['counterexample', ...workloads] : workloads;
}

function fromRun(run: RunResult): ReplayStep[] {
  return (run.trace ?? []).map((t) => ({
    label: t.label || t.op,
    effect: `flushed ${t.flushedPages} page${t.flushedPages === 1 ? '' : 's'}, ${t.iotlbInvalidations} IOTLB inv, pins +${t.pins} -${t.unpins}`,
    violations: t.violations.map((v) => `${v.property} at ${v.buf}[${v.page}]: ${v.message}`),
  }));
}

/** The steps of one replay subject, computed once per (policy, subject). */
export function useReplay(sim: SimSource | undefined, policy: string | null, subject: string | null, verdictTick = 0): ReplayStep[] {
  // biome-ignore lint/correctness/useExhaustiveDependencies: verdictTick: the counterexample arrives from the worker
  return useMemo(() => {
    if (sim === undefined || policy === null || subject === null) return [];
    if (subject !== 'counterexample') return fromRun(sim.replay(policy, subject));
    const steps = sim.verdict(policy)?.counterexample ?? [];
    return steps.map((s) => {
      const parts = s.note.split('; ');
      return {
        label: `${s.op} ${Object.entries(s.args).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`,
        effect: parts.filter((p) => !p.includes('VIOLATED')).join('; ') || 'no flush',
        violations: parts.filter((p) => p.includes('VIOLATED')),
      };
    });
  }, [sim, policy, subject, verdictTick]);
}
