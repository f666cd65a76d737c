/**
 * The TUI's simulator source answers for a seed family's policy (an option of
 * seeds 000/001/003/004 links to one): the family's verdict with its trace,
 * and no core workload offered to replay it on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simSource } from '../../../cli/tui-source.js';
import { replaySubjects } from '../../../src/ui/use-replay.js';
import { familyOfPolicy } from '../../../src/sim/index.js';

test('a family policy gets its fixpoint verdict and counterexample; core workloads stay with core policies', () => {
  const sim = simSource();
  // A family's verdict is computed at once (a core policy's comes from the checker's worker, later).
  const v = sim.verdict('three-checks') ?? assert.fail('no verdict');
  assert.equal(v.result, 'unsafe');
  assert.equal(v.property, 'S1');
  assert.equal(v.counterexample?.length, 6);
  assert.match(v.counterexample?.at(-1)?.note ?? '', /S1 VIOLATED/);
  // Its counterexample as written, then one per fault mode of the family that breaks it.
  assert.deepEqual(replaySubjects(sim, 'three-checks'), [
    'counterexample',
    'fault reset-without-restore',
    'fault device-ignores-enable',
  ]);
  // Safe under every fault the family knows: nothing to replay.
  assert.deepEqual(replaySubjects(sim, 'domain-coherency-only'), []);
  const safe = sim.verdict('map-unmap-sync') ?? assert.fail('no verdict');
  assert.equal(safe.result, 'safe');
  assert.match(safe.bound, /safe in this universe: all [\d,]+ reachable states/);
  assert.ok(replaySubjects(sim, 'v1-sticky').includes('boot-teardown-1g'));
  sim.close();
});

test('a family finds the states along a trace it gave by following its labels, and none along labels it never gives', () => {
  const f = familyOfPolicy('library-helpers') ?? assert.fail('no family');
  const r = f.family.check('library-helpers', 'forget-one-path');
  const trace = r.trace ?? assert.fail('no trace');
  const states = f.family.states('library-helpers', 'forget-one-path', trace) ?? assert.fail('no states');
  assert.equal(states.after.length, trace.length - 1);
  // The last state is the one the check found breaking T1.
  assert.equal(r.breach?.property, 'T1');
  assert.equal(f.family.states('library-helpers', 'forget-one-path', [trace[0] ?? '', 'no such step']), null);
});
