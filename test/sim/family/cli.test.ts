/**
 * The seed families through the CLI: listed with provenance, run, compared
 * as a table, checked to the fixpoint (a safe answer only when exhaustive).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function threadlab(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('sim list shows each family with its seed, policies and their authors', () => {
  const r = threadlab('sim', 'list');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /family iotlb-range \(seed 001/);
  assert.match(r.out, /map-unmap-sync +Separate \.map_sync\/\.unmap_sync callbacks +\(Robin Murphy, 2015-09-29\)/);
  const j = JSON.parse(threadlab('sim', 'list', '--json').out) as {
    families: { id: string; policies: { id: string; provenance: { quote: string } }[] }[];
  };
  assert.ok(j.families.some((f) => f.id === 'iotlb-range' && f.policies.every((p) => p.provenance.quote.length > 0)));
});

test('compare on a family workload is one row per policy; check --json says exhaustive and gives the trace', () => {
  const c = threadlab(
    'compare',
    '--policies',
    'per-page-unmap,map-unmap-sync',
    '--workload',
    'vfio-teardown-1g-chunked',
  );
  assert.equal(c.code, 0, c.err);
  assert.match(c.out, /CMD_SYNCs/);
  assert.match(c.out, /\nper-page-unmap +262,144 +0 +262,144/);
  const k = JSON.parse(
    threadlab('sim', 'check', '--policy', 'library-helpers', '--fault', 'forget-one-path', '--json').out,
  ) as { result: string; exhaustive: boolean; property: string; trace: string[] };
  assert.equal(k.result, 'unsafe');
  assert.equal(k.exhaustive, true);
  assert.equal(k.property, 'T1');
  const safe = threadlab('sim', 'check', '--policy', 'map-unmap-sync');
  assert.match(safe.out, /safe in this universe: all [\d,]+ reachable states searched/);
  const cut = threadlab('sim', 'check', '--policy', 'map-unmap-sync', '--max-states', '50');
  assert.match(cut.out, /no violation found within 50 states/);
  assert.doesNotMatch(cut.out, /safe in this universe/);
});

test('a fault the family does not know, or a policy of another family, is one line and exit 2', () => {
  for (const args of [
    ['sim', 'check', '--policy', 'map-unmap-sync', '--fault', 'cosmic-ray'],
    ['compare', '--policies', 'v1-sticky', '--workload', 'vfio-teardown-1g'],
    ['sim', 'run', '--policy', 'map-unmap-sync', '--workload', 'boot-teardown-1g'],
  ]) {
    const r = threadlab(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
  }
});
