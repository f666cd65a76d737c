/**
 * Seed 004 (2023, nested SMMUv3 invalidation): raw entries copied as first
 * proposed send an untranslated vSID to a host StreamID; a synchronous
 * ioctl that leaves illegal commands to the hardware reports a skipped
 * command as handled; the union, the translated raw path and both VCMDQs
 * keep "k handled" true over every batch of the universe. Per command, the
 * hardware queue is cheapest at every batch size and the exit to the VMM
 * dominates small batches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFamilies, type LoadedFamily } from '../../../src/sim/index.js';

const fam = (): LoadedFamily => {
  const f = loadFamilies().find((x) => x.id === 'nested-inval');
  assert.ok(f !== undefined);
  return f;
};

test('the checker refutes the raw copy without translation (N2) and the hardware-error ioctl (N1); the rest are safe over every batch', () => {
  const f = fam();
  const verdict = (p: string, fault: string | null = null): string => {
    const c = f.check(p, fault);
    return c.result === 'unsafe' ? (c.property ?? '?') : c.result;
  };
  assert.equal(verdict('raw-cmdq-memcpy'), 'N2');
  assert.equal(verdict('sync-ioctl-hw-errors'), 'N1');
  for (const p of ['marshalled-union', 'raw-cmdq-translated', 'sw-vcmdq', 'hw-vcmdq'])
    assert.equal(verdict(p), 'safe', p);
  assert.equal(verdict('sw-vcmdq', 'cons-before-effect'), 'N1');
  assert.equal(verdict('hw-vcmdq', 'cons-before-effect'), 'safe');
});

test('an illegal command at entry 3 of 8: the first three took effect; the ioctls say so synchronously, the VCMDQs by CONS and an interrupt', () => {
  const f = fam();
  const r = (p: string): { effected: string; told: string; violations: string[] } => {
    const x = f.run(p, 'illegal-mid-batch', [], null);
    return {
      effected: x.labels['effected'] ?? '',
      told: x.labels['told'] ?? '',
      violations: x.violations.map((v) => v.property),
    };
  };
  assert.deepEqual(r('raw-cmdq-translated'), {
    effected: '0,1,2',
    told: 'ioctl error, entry_num=3 (synchronous)',
    violations: [],
  });
  assert.deepEqual(r('hw-vcmdq'), {
    effected: '0,1,2',
    told: 'CONS=3 + CERROR_ILL interrupt (asynchronous)',
    violations: [],
  });
  const skip = r('sync-ioctl-hw-errors');
  assert.equal(skip.effected, '0,1,2,4,5,6,7');
  assert.deepEqual(skip.violations, ['N1']);
});

test('per-command cost over batches of 1 to 4,096: hardware VCMDQ lowest everywhere, the union dearest at 4,096', () => {
  const f = fam();
  const ns = (p: string, k: string): number => f.run(p, 'batch-sweep', [], null).metrics[k] ?? NaN;
  for (const k of ['ns1', 'ns16', 'ns256', 'ns4096']) {
    for (const p of ['marshalled-union', 'raw-cmdq-translated', 'sw-vcmdq'])
      assert.ok(ns('hw-vcmdq', k) < ns(p, k), `${p} ${k}`);
  }
  assert.ok(ns('marshalled-union', 'ns4096') > ns('raw-cmdq-translated', 'ns4096'));
  assert.ok(ns('sw-vcmdq', 'ns1') < ns('raw-cmdq-translated', 'ns1'), 'no return to the VMM');
  assert.ok(ns('raw-cmdq-translated', 'ns1') > 20 * ns('raw-cmdq-translated', 'ns4096'), 'the exit is paid per batch');
});
