/**
 * Seed 000 (2024, where the flush lives): a cache flush before the IOTLB
 * invalidation is caught with a prefetch and a No-Snoop write in the window;
 * with one path forgetting its part only the core "unmap and flush" (which
 * reads the PFNs itself) survives; the core variant reads each PFN once if
 * the callers unpin from the list it returns, twice if they keep their own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies, type LoadedFamily } from '../../../src/sim/index.js';

const fam = (): LoadedFamily => {
  const f = loadFamilies().find((x) => x.id === 'flush-placement');
  assert.ok(f !== undefined);
  return f;
};
const survivors = (f: LoadedFamily, fault: string | null): string[] =>
  [...f.policies.keys()].filter((p) => f.check(p, fault).result === 'safe').sort();

test('flushing before the IOTLB sync is caught: prefetch and a No-Snoop write through the stale entry in the window', () => {
  const f = fam();
  const c = f.check('exported-arch-clean', 'flush-before-sync');
  assert.equal(c.property, 'S2');
  const steps = (c.trace ?? []).slice(1);
  const at = (re: RegExp): number => steps.findIndex((s) => re.test(s));
  assert.ok(at(/arch_clean_nonsnoop_dma/) < at(/prefetches/));
  assert.ok(at(/prefetches/) < at(/No-Snoop write .*stale IOTLB entry/));
  assert.ok(at(/No-Snoop write/) < at(/IOTLB sync/));
  assert.deepEqual(survivors(f, 'flush-before-sync'), [
    'core-unmap-and-flush',
    'core-unmap-and-flush-callers-unchanged',
    'core-unmap-takes-pfns',
  ]);
});

test('every design is safe as written; with one path forgetting its flush only the core unmap-and-flush survives', () => {
  const f = fam();
  assert.deepEqual(survivors(f, null), [...f.policies.keys()].sort());
  assert.deepEqual(survivors(f, 'forget-one-path'), ['core-unmap-and-flush', 'core-unmap-and-flush-callers-unchanged']);
});

test('PFN read-backs at an 8 GiB + 8 GiB teardown: the core variant costs one per page, two if the callers keep theirs', () => {
  const f = fam();
  const m = (p: string): Record<string, number> => f.run(p, 'teardown-8g-both-paths', [], null).metrics;
  const pages = 2 * 2_097_152;
  assert.equal(m('exported-arch-clean')['readbacks'], pages);
  assert.equal(m('core-unmap-and-flush')['coreReadbacks'], pages);
  assert.equal(m('core-unmap-and-flush')['callerReadbacks'], 0);
  assert.equal(m('core-unmap-and-flush-callers-unchanged')['readbacks'], 2 * pages);
  for (const p of f.policies.keys()) assert.equal(m(p)['flushedPages'], pages, p);
});
