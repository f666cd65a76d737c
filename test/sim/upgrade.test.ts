/**
 * The coherency upgrade on attach (iommufd_hwpt_paging_enforce_cc): a device
 * whose IOMMU enforces coherency joins a non-coherent hwpt, which snoops from
 * then on. Without it, summary-3-step's per-IOAS count always equals the
 * number of non-coherent domains, so it and flush-every-fill are one policy;
 * with it the count outlives the non-coherency it counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, DEFAULT_UNIVERSE, runWorkload } from '../../src/sim/index.js';
import { params, policy, workload } from './helpers.js';

const WITHOUT = { ...DEFAULT_UNIVERSE, exclude: new Set(['enforce-cc'] as const) };

test('without the upgrade summary-3-step and flush-every-fill reach the same states; with it they differ', () => {
  const states = (id: string, u = DEFAULT_UNIVERSE): number =>
    check(policy(id), params, { depth: 5, universe: u }).states;
  assert.equal(states('summary-3-step', WITHOUT), states('flush-every-fill', WITHOUT));
  assert.deepEqual([states('flush-every-fill'), states('summary-3-step')], [14732, 15112]);
});

test('coherency-upgrade: summary-3-step keeps flushing every map once its hwpt snoops (its count never comes down); flush-every-fill stops', () => {
  const wl = workload('coherency-upgrade');
  const run = (id: string) => runWorkload(policy(id), wl, params, { trace: true });
  const every = run('flush-every-fill');
  const summary = run('summary-3-step');
  assert.deepEqual([every.violations, summary.violations], [[], []]);
  assert.deepEqual([every.metrics.flushedPages, summary.metrics.flushedPages], [786432, 1114112]);
  // Step 5: the detach unpins and both flush the RAM the iGPU wrote; summary-3-step also flushes the
  // hot-plugged RAM, and the 65,536 pages then mapped into an IOAS whose only domain is a coherent NIC.
  const at = (r: ReturnType<typeof run>, step: number): number =>
    r.trace?.find((t) => t.step === step)?.flushedPages ?? -1;
  assert.deepEqual([at(every, 5), at(summary, 5)], [262144, 327680 + 65536]);
});

test('finding: storage-domain-skip reads the coherency at unmap, so a hwpt upgraded after a No-Snoop write is never flushed (S2, 6 operations)', () => {
  const r = check(policy('storage-domain-skip'), params, { depth: 6, universe: DEFAULT_UNIVERSE });
  assert.equal(r.property, 'S2');
  assert.deepEqual(
    (r.counterexample ?? []).map((s) => s.op),
    ['map', 'attach', 'cpu', 'dma', 'enforce-cc', 'detach'],
  );
  assert.equal(check(policy('storage-domain-skip'), params, { depth: 6, universe: WITHOUT }).result, 'bounded');
});
