/**
 * Stale IOTLB entries (S3, "stale IOTLB entries count"): a policy that unpins
 * before the IOTLB invalidation runs lets a device reach pages the host has
 * back; the shipped policies invalidate first, so the device's retries fault.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, DEFAULT_UNIVERSE, loadPolicies, runWorkload, type CompiledPolicy } from '../../src/sim/index.js';
import { params, policies, workload } from './helpers.js';

/** flush-every-fill, but with the invalidation queued past the unpin (the DMA API's lazy flush queue). */
function lazy(): CompiledPolicy {
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
    assert.ok(p);
    return p;
  } finally {
    // loadPolicies reads the files at once: the folder can go before the policy is used
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('finding: unpinning before the IOTLB invalidation lets a device reach a released page through a stale entry (S3, 4 operations)', () => {
  const r = check(lazy(), params, { depth: 4, universe: DEFAULT_UNIVERSE });
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
  const quiet = check(lazy(), params, {
    universe: { ...DEFAULT_UNIVERSE, pages: 1, ioas: 1, exclude: new Set(['stale-dma'] as const) },
  });
  assert.equal(quiet.result, 'safe', quiet.summary);
});

test('stale-iotlb-after-unmap: the shipped policies invalidate before unpinning, so the retries fault; a deferred invalidation is S3', () => {
  const wl = workload('stale-iotlb-after-unmap');
  for (const p of policies.values()) {
    assert.deepEqual(runWorkload(p, wl, params, { engine: 'reference' }).violations, [], p.id);
  }
  const r = runWorkload(lazy(), wl, params, { trace: true });
  const s3 = r.violations.filter((v) => v.property === 'S3');
  assert.ok(s3.length > 0);
  assert.ok(
    s3.every((v) => v.step === 4),
    'only the retries before the invalidation reach the pages',
  );
  assert.deepEqual(r.trace?.find((t) => t.step === 6)?.violations, []);
});
