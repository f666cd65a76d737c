import { useMemo } from 'react';
import type { Extraction } from '../extract/types.js';
import type { RunResult } from '../sim/index.js';
import type { SimSource } from './sim-types.js';

/**
 * The policies a thread's options are linked to, run side by side on one workload
 * (the workload index cycles through those their models share).
 */
export function useCompare(
  sim: SimSource | undefined,
  extraction: Extraction | null,
  workloadIndex: number,
): { workload: string; runs: RunResult[] } {
  return useMemo(() => {
    if (sim === undefined || extraction === null) return { workload: '—', runs: [] };
    const policies = [...new Set(extraction.options.map((o) => o.policy).filter((p): p is string => p !== null))];
    const models = new Set(policies.map((p) => sim.model(p)));
    const workloads = sim.workloads.filter((w) => w.model === 'any' || models.has(w.model));
    const workload = workloads[workloadIndex % Math.max(1, workloads.length)];
    if (workload === undefined || policies.length === 0)
      return { workload: 'no linked policies in this thread', runs: [] };
    const runs = policies
      .filter((p) => workload.model === 'any' || sim.model(p) === workload.model)
      .map((p) => sim.replay(p, workload.id));
    return { workload: `${workload.id}: ${workload.title}`, runs };
  }, [sim, extraction, workloadIndex]);
}
