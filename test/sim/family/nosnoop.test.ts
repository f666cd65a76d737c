/**
 * Seed 003 (2024, when to flush at all): deciding from the domain, or from a
 * bit hardwired to zero, is safe whatever happens later; deciding from the
 * bit's current value needs the lock rule (without it: clear, attach, set,
 * read leaks), and the lock itself must survive a reset that does not
 * restore the config. Costs: the hardwired NIC flushes 8 GiB for nothing
 * under the domain-only rule; VFIO's forcing leaves the iGPU snooped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies, type LoadedFamily } from '../../../src/sim/index.js';

const fam = (): LoadedFamily => {
  const f = loadFamilies().find((x) => x.id === 'nosnoop');
  assert.ok(f !== undefined);
  return f;
};
const verdict = (f: LoadedFamily, p: string, fault: string | null = null): string => {
  const c = f.check(p, fault);
  return c.result === 'unsafe' ? (c.property ?? '?') : c.result;
};

test("without the lock rule the checker shows the bit turned on after attach leaking the host's zeroes", () => {
  const f = fam();
  assert.equal(verdict(f, 'three-checks'), 'S1');
  const c = f.check('three-checks', null);
  const steps = (c.trace ?? []).slice(1);
  assert.equal(steps.length, 6);
  assert.match(steps[1] ?? '', /attach a non-coherent domain: no flushing/);
  assert.match(steps[3] ?? '', /No-Snoop enable = 1/);
  assert.match(steps[5] ?? '', /reads the page with No-Snoop/);
  for (const p of [
    'domain-coherency-only',
    'skip-hardwired-zero',
    'vfio-forces-off',
    'leave-alone-variant-forces-off',
    'three-checks-lock',
    'three-checks-lock-after-reset',
  ])
    assert.equal(verdict(f, p), 'safe', p);
});

test('a reset that does not restore the config breaks the rules that read the current bit, unless they re-apply it; a device ignoring the bit breaks all of them', () => {
  const f = fam();
  const reset = [...f.policies.keys()].filter((p) => verdict(f, p, 'reset-without-restore') !== 'safe').sort();
  assert.deepEqual(reset, ['leave-alone-variant-forces-off', 'three-checks', 'three-checks-lock', 'vfio-forces-off']);
  const ignores = [...f.policies.keys()].filter((p) => verdict(f, p, 'device-ignores-enable') === 'safe').sort();
  assert.deepEqual(ignores, ['domain-coherency-only', 'skip-hardwired-zero']);
});

test('what each rule costs: the hardwired NIC, the forced-off iGPU, the refused write', () => {
  const f = fam();
  const m = (p: string, w: string): Record<string, number> => f.run(p, w, [], null).metrics;
  assert.equal(m('domain-coherency-only', 'nic-hardwired-zero')['flushedPages'], 2 * 2_097_152);
  assert.equal(m('skip-hardwired-zero', 'nic-hardwired-zero')['flushedPages'], 0);
  assert.equal(m('vfio-forces-off', 'igpu-forced-off')['nsDma'], 0);
  assert.equal(m('vfio-forces-off', 'igpu-forced-off')['snoopedDma'], 3);
  assert.equal(m('vfio-forces-off', 'igpu-nosnoop')['nsDma'], 3);
  assert.equal(m('three-checks-lock', 'toggle-after-attach')['refused'], 1);
  assert.equal(f.run('three-checks', 'toggle-after-attach', [], null).violations[0]?.property, 'S1');
});
