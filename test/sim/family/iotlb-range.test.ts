/**
 * Seed 001 (2015, IOTLB range flush): every interface is safe when the
 * driver implements it; the library design is the one a forgotten unmap
 * path breaks; a CMD_SYNC skipped before return breaks them all. Costs: the
 * single callback pays a second round of invalidations on map; batching the
 * sync is what saves a teardown; the ASID fall-back wins only when nothing
 * else is using the IOTLB.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies, type LoadedFamily } from '../../../src/sim/index.js';

const fam = (): LoadedFamily => {
  const f = loadFamilies().find((x) => x.id === 'iotlb-range');
  assert.ok(f !== undefined);
  return f;
};

test('no interface leaves a stale IOTLB entry in the whole universe; with one forgotten unmap path only the library design does', () => {
  const f = fam();
  const ids = [...f.policies.keys()];
  for (const p of ids) assert.equal(f.check(p, null).result, 'safe', p);
  const broken = ids.filter((p) => f.check(p, 'forget-one-path').result === 'unsafe');
  assert.deepEqual(broken, ['library-helpers']);
  const c = f.check('library-helpers', 'forget-one-path');
  assert.equal(c.property, 'T1');
  assert.ok(c.trace?.some((l) => /teardown unmap/.test(l)));
  assert.ok(c.trace?.some((l) => /caches it/.test(l)));
  for (const p of ids)
    assert.equal(f.check(p, 'return-before-sync').result, 'unsafe', `${p}: the mutant must be caught`);
});

test('tearing down 1 GiB: the single callback doubles the invalidations (half of them on map); per-page pays a sync per page', () => {
  const f = fam();
  const one = f.run('flush-callback-map-flush', 'vfio-teardown-1g-chunked', [], null).metrics;
  const two = f.run('map-unmap-sync', 'vfio-teardown-1g-chunked', [], null).metrics;
  const page = f.run('per-page-unmap', 'vfio-teardown-1g-chunked', [], null).metrics;
  assert.equal(one['tlbiCommands'], 2 * 262_144);
  assert.equal(one['mapTlbi'], 262_144);
  assert.equal(two['mapTlbi'], 0);
  assert.equal(two['syncs'], 512);
  assert.equal(page['syncs'], 262_144);
  assert.ok((page['unmapMs'] ?? 0) > 10 * (two['unmapMs'] ?? 0));
});

test('the whole-ASID fall-back is cheaper on a quiet teardown and dearer while the device keeps other entries busy', () => {
  const f = fam();
  const ms = (p: string, w: string): number => f.run(p, w, [], null).metrics['unmapMs'] ?? NaN;
  assert.ok(
    ms('map-unmap-sync-asid-fallback', 'vfio-teardown-1g-chunked') < ms('map-unmap-sync', 'vfio-teardown-1g-chunked'),
  );
  assert.ok(
    ms('map-unmap-sync-asid-fallback', 'balloon-2m-unmaps-busy') > ms('map-unmap-sync', 'balloon-2m-unmaps-busy'),
  );
  // A parameter override reaches the model: free refills make the fall-back win everywhere.
  const free =
    f.run('map-unmap-sync-asid-fallback', 'balloon-2m-unmaps-busy', ['asidRefillNs=0'], null).metrics['unmapMs'] ?? NaN;
  assert.ok(free < ms('map-unmap-sync', 'balloon-2m-unmaps-busy'));
});
