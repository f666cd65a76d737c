/**
 * The compact engine (the checker's) and the World model (the workloads') are
 * one definition written twice: held equal transition by transition, on every
 * shipped policy and on probes that use every condition and action, and the
 * verdicts a correct model must give hold (each safety property broken by a
 * policy at its known length). test/sim/mutants.test.ts shows this suite fails
 * when any single check, condition or flush is removed from either engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allPolicies, LOCKSTEP_PLAN, lockstep, WITNESSES, firstFailure } from './oracle.js';

test('the compact engine and the World model agree on every operation, state and violation, for every policy and probe', () => {
  const policies = allPolicies();
  assert.ok(policies.size >= 13);
  for (const plan of LOCKSTEP_PLAN) {
    for (const p of policies.values()) assert.equal(lockstep(p, plan.universe, plan.depth, plan.maxStates), null);
  }
});

test('each safety property is broken by some policy at its known length, and the safe policies stay clean', () => {
  assert.deepEqual([...new Set(WITNESSES.map((w) => w.property).filter((p) => p !== null))].sort(), [
    'B3',
    'S1',
    'S2',
    'S3',
  ]);
  assert.equal(firstFailure(), null);
});
