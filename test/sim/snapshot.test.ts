/**
 * The world snapshots the replay grid draws: runs of pages in one state, the
 * domains that map them and the stale IOTLB entries a deferred invalidation
 * leaves, on a real workload and a real counterexample.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  check,
  counterexampleWorlds,
  DEFAULT_UNIVERSE,
  runWorkload,
  snapshotWorld,
  type CompiledPolicy,
  type WorldSnapshot,
} from '../../src/sim/index.js';
import { lazyIotlb, params, policy, workload } from './helpers.js';

function worlds(p: CompiledPolicy, id: string): WorldSnapshot[] {
  const seen: WorldSnapshot[] = [];
  runWorkload(p, workload(id), params, { trace: true, observe: (w) => seen.push(snapshotWorld(w)) });
  return seen;
}

test('a deferred invalidation leaves the unmapped pages in the IOTLB until it completes, after they went back to the host', () => {
  const w = worlds(lazyIotlb(), 'stale-iotlb-after-unmap');
  assert.equal(w.length, 6);
  const one = (k: number) => {
    assert.equal(w[k]?.pages.length, 1, JSON.stringify(w[k]));
    return w[k]?.pages[0];
  };
  assert.deepEqual(w[0]?.domains, [{ name: 'igpu', ioas: 'ioas', coherent: false, noSnoop: true }]);
  assert.deepEqual(one(0), {
    buf: 'ram',
    first: 0,
    count: 4,
    cache: 'none',
    memory: 'cur',
    pins: 1,
    mapped: ['igpu'],
    iotlb: [],
    areas: ['ram-area'],
    accesses: [],
  });
  // Step 3 unmaps and unpins; the queued invalidation has not run: every page is still reachable through igpu.
  assert.deepEqual(one(2), {
    buf: 'ram',
    first: 0,
    count: 4,
    cache: 'none',
    memory: 'cur',
    pins: 0,
    mapped: [],
    iotlb: ['igpu (released)'],
    areas: [],
    accesses: [],
  });
  assert.deepEqual(one(4)?.iotlb, []);
});

test('the shipped policy invalidates at the unmap: no stale entry in any step', () => {
  for (const s of worlds(policy('flush-every-fill'), 'stale-iotlb-after-unmap'))
    for (const r of s.pages) assert.deepEqual(r.iotlb, []);
});

test("a counterexample's worlds: v1-sticky leaves the split area's second page dirty over an old owner's data when the non-coherent domain maps it", () => {
  const r = check(policy('v1-sticky'), params, { depth: 4, universe: DEFAULT_UNIVERSE });
  assert.equal(r.result, 'unsafe');
  const w = counterexampleWorlds(policy('v1-sticky'), params, DEFAULT_UNIVERSE, r.counterexample ?? []);
  assert.equal(w.length, 4);
  const last = w[3];
  assert.deepEqual(
    last?.pages.map((p) => [p.first, p.count, p.cache, p.memory, p.pins, p.mapped.join()]),
    [
      [0, 1, 'none', 'cur', 1, 'nc4'],
      [1, 1, 'dirty', 'old', 1, 'nc4'],
    ],
  );
});

test('a 1 TiB guest is a few runs of pages, not a row per page, and the row limit is counted', () => {
  for (const s of worlds(policy('v1-sticky'), 'boot-teardown-1t'))
    assert.ok(s.pages.length <= 8, JSON.stringify(s.pages));
  const many = worlds(policy('v1-sticky'), 'partial-unmap-splits');
  const widest = many.reduce((a, s) => Math.max(a, s.pages.length + s.more), 0);
  assert.ok(widest > 8, `partial unmaps cut the buffer into many runs (${widest})`);
});

test('a counterexample whose unmap waits for its IOTLB sync replays step by step, sync included', () => {
  const u = {
    ...DEFAULT_UNIVERSE,
    pages: 1,
    ioas: 1,
    exclude: new Set(['copy', 'split', 'access', 'unaccess', 'migrate', 'nosnoop', 'detach'] as const),
  };
  const r = check(policy('area-flag'), params, { depth: 7, universe: u });
  const steps = r.counterexample ?? assert.fail();
  assert.equal(steps[steps.length - 1]?.op, 'sync');
  assert.equal(counterexampleWorlds(policy('area-flag'), params, u, steps).length, steps.length);
});
