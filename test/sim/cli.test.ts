/**
 * The CLI end to end (through cli/main.ts): --json shapes of CONTRACT.md and
 * one clear line with a non-zero exit for bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function threadlab(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('sim run --json --trace prints the contract shape, one trace entry per workload step', () => {
  const r = threadlab(
    'sim',
    'run',
    '--policy',
    'v1-sticky',
    '--workload',
    'commit-message-example',
    '--trace',
    '--json',
  );
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as {
    policy: string;
    steps: number;
    metrics: Record<string, number>;
    violations: unknown[];
    trace: { step: number; flushedPages: number }[];
  };
  assert.equal(doc.policy, 'v1-sticky');
  assert.equal(doc.steps, 5);
  for (const k of ['flushedPages', 'flushedLines', 'iotlbInvalidations', 'modelledNs'])
    assert.equal(typeof doc.metrics[k], 'number');
  assert.deepEqual(
    doc.trace.map((t) => t.flushedPages),
    [0, 1, 0, 0, 1],
  );
});

test('compare --json gives one run per policy; sim check --json reports the bound', () => {
  const c = threadlab(
    'compare',
    '--policies',
    'none,v1-sticky,sticky-overflush',
    '--workload',
    'boot-teardown-1g',
    '--json',
  );
  assert.equal(c.code, 0, c.err);
  const runs = JSON.parse(c.out) as { policy: string; metrics: { flushedPages: number } }[];
  assert.deepEqual(
    runs.map((x) => x.policy),
    ['none', 'v1-sticky', 'sticky-overflush'],
  );
  const k = threadlab('sim', 'check', '--policy', 'none', '--depth', '3', '--json');
  const doc = JSON.parse(k.out) as {
    result: string;
    depth: number;
    states: number;
    property: string;
    counterexample: { op: string }[];
  };
  assert.equal(doc.result, 'unsafe');
  assert.equal(doc.property, 'S1');
  assert.equal(doc.counterexample.length, 3);
});

test('a search cut short by --max-states says "no violation found within" and never "safe" (exit 0); its JSON says exhaustive: false', () => {
  const args = ['sim', 'check', '--policy', 'storage-domain-skip', '--max-states', '2000'];
  const text = threadlab(...args);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /no violation found within the --max-states limit of 2,000 states/);
  assert.doesNotMatch(text.out, /\bsafe\b/);
  const json = threadlab(...args, '--json');
  const doc = JSON.parse(json.out) as {
    result: string;
    exhaustive: boolean;
    stoppedBy: string;
    depth: unknown;
    bound: string;
    states: number;
  };
  assert.deepEqual(
    [doc.result, doc.exhaustive, doc.stoppedBy, doc.depth, doc.states],
    ['bounded', false, 'states', null, 2000],
  );
  assert.match(doc.bound, /not a safety claim/);
});

test('sim check without limits searches to the fixpoint: "safe in this universe", exhaustive: true', () => {
  const r = threadlab(
    'sim',
    'check',
    '--policy',
    'flush-every-fill',
    '--pages',
    '1',
    '--ioas',
    '1',
    '--areas',
    '2',
    '--json',
  );
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as { result: string; exhaustive: boolean; diameter: number; bound: string };
  assert.deepEqual([doc.result, doc.exhaustive], ['safe', true]);
  assert.match(doc.bound, /^safe in this universe: every reachable state searched/);
});

test('bad ids, files and parameters get one line on stderr and a non-zero exit', () => {
  for (const args of [
    ['sim', 'run', '--policy', 'nope', '--workload', 'boot-teardown-1g'],
    ['sim', 'run', '--policy', 'none', '--workload', 'nope'],
    ['sim', 'run', '--policy', 'none', '--workload', 'boot-teardown-1g', '--param', 'cpuGhz=-1'],
    ['sim', 'run', '--policy', 'none', '--workload', 'boot-teardown-1g', '--param', 'warp=9'],
    ['sim', 'check', '--policy', 'none', '--exclude-ops', 'teleport'],
    ['sim', 'check', '--policy', 'none', '--exclude-ops', 'sync'],
    ['sim', 'list', '--policies', '/nonexistent/dir'],
  ]) {
    const r = threadlab(...args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^threadlab: /);
  }
});
