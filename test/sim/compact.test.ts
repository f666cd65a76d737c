/**
 * The compact checker (packed states changed in place) must find exactly what
 * the reference checker (World objects, the model the workloads run) finds:
 * same states, transitions and depth, same verdict, same shortest
 * counterexample, for every shipped policy at the documented bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, DEFAULT_UNIVERSE, type CheckResult } from '../../src/sim/index.js';
import { params, policies } from './helpers.js';

const BOUND = 4;

function essence(r: CheckResult): unknown {
  const v = r.violation;
  return {
    result: r.result, property: r.property, states: r.states, transitions: r.transitions, exploredDepth: r.exploredDepth,
    violation: v === null ? null : { step: v.step, property: v.property, buf: v.buf, page: v.page, pages: v.pages },
    counterexample: r.counterexample?.map((s) => ({ op: s.op, args: s.args, note: s.note })) ?? null,
  };
}

for (const p of policies.values()) {
  test(`${p.id}: the compact checker finds what the reference checker finds up to depth ${BOUND}`, () => {
    const fast = check(p, params, { depth: BOUND, universe: DEFAULT_UNIVERSE });
    const ref = check(p, params, { depth: BOUND, universe: DEFAULT_UNIVERSE, engine: 'reference' });
    assert.deepEqual(essence(fast), essence(ref));
  });
}

test('the engines agree on a universe without copy and split, deeper, and when cut short by --max-states', () => {
  const u = { ...DEFAULT_UNIVERSE, pages: 1, ioas: 1, exclude: new Set(['copy', 'split', 'access'] as const) };
  for (const id of ['v1-sticky', 'area-flag', 'storage-domain-skip']) {
    const p = policies.get(id);
    assert.ok(p);
    for (const opts of [{ depth: 6, universe: u }, { depth: BOUND, universe: DEFAULT_UNIVERSE, maxStates: 1500 }]) {
      assert.deepEqual(essence(check(p, params, opts)), essence(check(p, params, { ...opts, engine: 'reference' })), id);
    }
  }
});

test('the same inputs give the same result from the compact checker', () => {
  const p = policies.get('v1-sticky');
  assert.ok(p);
  const a = check(p, params, { depth: BOUND, universe: DEFAULT_UNIVERSE });
  const b = check(p, params, { depth: BOUND, universe: DEFAULT_UNIVERSE });
  assert.deepEqual(a, b);
});
