/** Shared loading for the simulator tests: the shipped policies and workloads, default costs. */
import fs from 'node:fs';
import os from 'node:os';
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

/** flush-every-fill, but with the invalidation queued past the unpin (the DMA API's lazy flush queue): it leaves stale IOTLB entries. */
export function lazyIotlb(): CompiledPolicy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-lazy-'));
  try {
    const base = JSON.parse(
      fs.readFileSync(path.resolve('data', 'policies', 'flush-every-fill.json'), 'utf8'),
    ) as Record<string, unknown>;
    fs.writeFileSync(
      path.join(dir, 'lazy.json'),
      JSON.stringify({ ...base, id: 'lazy-iotlb', iotlbInvalidation: 'deferred' }),
    );
    const p = loadPolicies(dir).get('lazy-iotlb');
    if (p === undefined) throw new Error('the lazy policy did not load');
    return p;
  } finally {
    // loadPolicies reads the files at once: the folder can go before the policy is used
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
