/**
 * Stale IOTLB entries (S3, "stale IOTLB entries count"): a policy that unpins
 * before the IOTLB invalidation runs lets a device reach pages the host has
 * back; the shipped policies invalidate first, so the device's retries fault.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, DEFAULT_UNIVERSE, runWorkload } from '../../src/sim/index.js';
import { lazyIotlb, params, policies, workload } from './helpers.js';

test('finding: unpinning before the IOTLB invalidation lets a device reach a released page through a stale entry (S3, 4 operations)', () => {
  const r = check(lazyIotlb(), params, { depth: 4, universe: DEFAULT_UNIVERSE });
  assert.equal(r.result, 'unsafe');
  assert.equal(r.property, 'S3');
  assert.deepEqual(
    (r.counterexample ?? []).map((s) => s.op),
    ['map', 'attach', 'unmap', 'stale-dma'],
  );
  assert.match(r.counterexample?.[2]?.note ?? '', /unpinned 1/);
  assert.match(r.counterexample?.[3]?.note ?? '', /S3 VIOLATED .*stale IOTLB entry/);
});

test('without device accesses through stale entries a deferred invalidation is safe in this universe', () => {
  const quiet = check(lazyIotlb(), params, {
    universe: { ...DEFAULT_UNIVERSE, pages: 1, ioas: 1, exclude: new Set(['stale-dma'] as const) },
  });
  assert.equal(quiet.result, 'safe', quiet.summary);
});

test('stale-iotlb-after-unmap: the shipped policies invalidate before unpinning, so the retries fault; a deferred invalidation is S3', () => {
  const wl = workload('stale-iotlb-after-unmap');
  for (const p of policies.values()) {
    assert.deepEqual(runWorkload(p, wl, params, { engine: 'reference' }).violations, [], p.id);
  }
  const r = runWorkload(lazyIotlb(), wl, params, { trace: true });
  const s3 = r.violations.filter((v) => v.property === 'S3');
  assert.ok(s3.length > 0);
  assert.ok(
    s3.every((v) => v.step === 4),
    'only the retries before the invalidation reach the pages',
  );
  assert.deepEqual(r.trace?.find((t) => t.step === 6)?.violations, []);
});
