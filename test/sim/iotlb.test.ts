/**
 * Stale IOTLB entries (S3, "stale IOTLB entries count"): a policy that unpins
 * before the IOTLB invalidation runs lets a device reach pages the host has
 * back; the shipped policies invalidate first, so the device's retries fault.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { check, DEFAULT_UNIVERSE, runWorkload } from '../../src/sim/index.js';
import { lazyIotlb, params, policies, workload } from './helpers.js';

test('S3 has a breaker: the lazy-iotlb mutant is flush-every-fill with one change, and says it is no seed proposal', () => {
  const read = (file: string): Record<string, unknown> =>
    JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const base = read(path.resolve('data', 'policies', 'flush-every-fill.json'));
  const mutant = read(path.resolve('data', 'mutants', 'lazy-iotlb.json'));
  assert.deepEqual(mutant['rules'], base['rules']);
  assert.deepEqual(mutant['state'], base['state']);
  assert.equal(mutant['iotlbInvalidation'], 'deferred');
  assert.equal(base['iotlbInvalidation'], undefined);
  assert.match(String(mutant['title']), /^MUTANT of flush-every-fill/);
  assert.match(String(mutant['summary']), /Not a proposal of any seed thread/);
  // Searched to the fixpoint by default: the first violation met is the shortest there is.
  const r = check(lazyIotlb(), params, { universe: DEFAULT_UNIVERSE });
  assert.equal(r.result, 'unsafe');
  assert.equal(r.property, 'S3');
  assert.equal(r.counterexample?.length, 4);
  assert.equal(
    check(policies.get('flush-every-fill') ?? assert.fail(), params, { depth: 6, universe: DEFAULT_UNIVERSE }).property,
    null,
  );
});

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
