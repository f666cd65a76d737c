/**
 * SPIN as an independent oracle: the Promela model generated from the same
 * policy file (src/sim/promela/generate.ts, the lifecycle written a third
 * time) must count exactly the states the checker counts without symmetry,
 * at every depth and over the whole space, and give the same verdict.
 * Skipped, with a message, where SPIN is not installed (Debian package spin).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, DEFAULT_UNIVERSE } from '../../src/sim/index.js';
import { promela } from '../../src/sim/promela/generate.js';
import { SpinModel, spinVersion } from '../../src/sim/promela/run.js';
import { params, policy } from './helpers.js';

const version = spinVersion();
const skip = version === null ? 'spin is not installed (apt-get install spin): the SPIN oracle is skipped' : false;
/** Small enough that pan.c compiles in seconds at -O0; two IOAS, so copies across IOASes are in. */
const U = { ...DEFAULT_UNIVERSE, pages: 1, areas: 2 };

test('SPIN and the checker count the same states at depths 3-5 and over the whole space of flush-every-fill, and both call it safe', {
  skip,
}, () => {
  const p = policy('flush-every-fill');
  const spin = new SpinModel(promela(p, U), { optimize: false });
  try {
    for (const depth of [3, 4, 5, undefined]) {
      const s = spin.search({ depth });
      const c = check(p, params, { depth, universe: U, symmetry: false });
      assert.equal(s.states, c.states, `depth ${depth ?? 'fixpoint'}`);
      assert.equal(s.errors, 0);
    }
    assert.equal(check(p, params, { universe: U, symmetry: false }).result, 'safe');
  } finally {
    spin.dispose();
  }
});

test('SPIN and the checker both refute v1-sticky, after the same states', { skip }, () => {
  const p = policy('v1-sticky');
  const spin = new SpinModel(promela(p, U), { optimize: false });
  try {
    const s = spin.search();
    const c = check(p, params, { universe: U, symmetry: false });
    assert.equal(c.result, 'unsafe');
    assert.equal(s.errors, 1);
    assert.equal(s.states, c.states, 'both search breadth-first in the same order and stop at the first violation');
  } finally {
    spin.dispose();
  }
});
