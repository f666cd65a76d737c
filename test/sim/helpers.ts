/** Shared loading for the simulator tests: the shipped policies and workloads, default costs. */
import path from 'node:path';
import { defaultParams, loadPolicies, loadWorkloads, type CompiledPolicy, type Workload } from '../../src/sim/index.js';

export const policies = loadPolicies();
export const workloads = loadWorkloads();
export const params = defaultParams();

export function policy(id: string): CompiledPolicy {
  const p = policies.get(id);
  if (p === undefined) throw new Error(`policy ${id} not shipped`);
  return p;
}

export function workload(id: string): Workload {
  const w = workloads.get(id);
  if (w === undefined) throw new Error(`workload ${id} not shipped`);
  return w;
}

/** data/mutants/lazy-iotlb.json: flush-every-fill with the invalidation queued past the unpin (the DMA API's lazy flush queue); it leaves stale IOTLB entries. */
export function lazyIotlb(): CompiledPolicy {
  const p = loadPolicies(path.resolve('data', 'mutants')).get('lazy-iotlb');
  if (p === undefined) throw new Error('the lazy-iotlb mutant (data/mutants) did not load');
  return p;
}
