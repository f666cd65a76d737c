/**
 * The facts of seed 002 the simulator must reproduce (issue 3, SIMULATOR.md 5 and 7).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWorkload } from '../../src/sim/index.js';
import { params, policies, policy, workload } from './helpers.js';

test('commit-message-example under v1-sticky flushes right before step 2 and step 5, and nowhere else', () => {
  const r = runWorkload(policy('v1-sticky'), workload('commit-message-example'), params, {
    trace: true,
    engine: 'reference',
  });
  assert.equal(r.steps, 5);
  const flushingSteps = (r.trace ?? []).filter((t) => t.flushedPages > 0).map((t) => t.step);
  assert.deepEqual(flushingSteps, [2, 5]);
  assert.deepEqual(r.violations, []);
});

test('without flushing, the 8 GiB boot leaks the host zeroes to the iGPU (S1)', () => {
  const r = runWorkload(policy('none'), workload('boot-teardown-8g'), params);
  assert.equal(r.metrics.flushedPages, 0);
  assert.ok(r.violations.some((v) => v.property === 'S1'));
});

test('v1-sticky on the 8 GiB boot and teardown lands within 10% of the cover letter (+1233M map, +959M teardown cycles)', () => {
  for (const id of ['boot-teardown-8g', 'boot-teardown-map-first-8g']) {
    const m = runWorkload(policy('v1-sticky'), workload(id), params).metrics;
    assert.ok(Math.abs(m.flushCyclesMap / 1233e6 - 1) < 0.1, `${id}: map flush ${m.flushCyclesMap}`);
    assert.ok(Math.abs(m.flushCyclesTeardown / 959e6 - 1) < 0.1, `${id}: teardown flush ${m.flushCyclesTeardown}`);
  }
});

test('sticky-overflush flushes the most on iGPU hot-unplug churn; the lazy designs flush less', () => {
  const wl = workload('igpu-hotplug-churn');
  const flushed = new Map([...policies.values()].map((p) => [p.id, runWorkload(p, wl, params).metrics.flushedPages]));
  const most = Math.max(...flushed.values());
  assert.equal(flushed.get('sticky-overflush'), most);
  assert.equal([...flushed.values()].filter((n) => n === most).length, 1, 'sticky-overflush alone is the maximum');
  assert.ok((flushed.get('v1-sticky') ?? most) < most / 2, 'the lazy v1 flushes far less');
});

test('v1-sticky leaks once IOAS_COPY shares the pages by slices, the copy workload shows it', () => {
  const r = runWorkload(policy('v1-sticky'), workload('ioas-copy-sharing'), params);
  assert.ok(r.violations.some((v) => v.property === 'S1'));
  const safe = runWorkload(policy('flush-every-fill'), workload('ioas-copy-sharing'), params);
  assert.deepEqual(safe.violations, []);
});

test('the same inputs give the same result (no clock, no global randomness)', () => {
  const a = runWorkload(policy('storage-domain-skip'), workload('random-1'), params);
  const b = runWorkload(policy('storage-domain-skip'), workload('random-1'), params);
  assert.deepEqual(a, b);
});
