/**
 * The seed families beside the core iommufd/VFIO model (seed 002), in the
 * order the seeds were modelled. Each loads its data/families/<id>/ once.
 */
import { UserError } from '../../errors.js';
import type { FamilyPolicyInfo, FamilyWorkloadInfo, LoadedFamily } from './family.js';
import { loadIotlbRange } from './iotlb-range/model.js';
import { loadNestedInval } from './nested-inval/model.js';
import { loadNoSnoop } from './nosnoop/model.js';
import { loadFlushPlacement } from './flush-placement/model.js';

const LOADERS: readonly (() => LoadedFamily)[] = [loadIotlbRange, loadNestedInval, loadNoSnoop, loadFlushPlacement];

let cached: readonly LoadedFamily[] | null = null;

export function loadFamilies(): readonly LoadedFamily[] {
  if (cached === null) {
    const out = LOADERS.map((l) => l());
    const seen = new Map<string, string>();
    for (const f of out) {
      for (const id of [...f.policies.keys(), ...f.workloads.keys()]) {
        const prior = seen.get(id);
        if (prior !== undefined)
          throw new UserError(`data/families/${f.id}: id '${id}' is already used by family ${prior}`);
        seen.set(id, f.id);
      }
    }
    cached = out;
  }
  return cached;
}

/** The family that owns a policy id, or null (then it is a core policy). */
export function familyOfPolicy(id: string): { family: LoadedFamily; policy: FamilyPolicyInfo } | null {
  for (const family of loadFamilies()) {
    const policy = family.policies.get(id);
    if (policy !== undefined) return { family, policy };
  }
  return null;
}

export function familyOfWorkload(id: string): { family: LoadedFamily; workload: FamilyWorkloadInfo } | null {
  for (const family of loadFamilies()) {
    const workload = family.workloads.get(id);
    if (workload !== undefined) return { family, workload };
  }
  return null;
}
