/**
 * The two engines must agree: random seeded operation sequences drive the
 * page-granular reference engine and the extent engine; every metric and every
 * violation (coalesced into page ranges) must be equal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOp, checkPins, OpError } from '../../src/sim/model/ops.js';
import { seededRng } from '../../src/sim/rng.js';
import { BUF, DEFAULT_UNIVERSE, initialWorld, randomOp } from '../../src/sim/universe.js';
import type { World } from '../../src/sim/model/world.js';
import type { Violation } from '../../src/sim/types.js';
import { ExtentStore } from '../../src/sim/store.js';
import { params, policies } from './helpers.js';

function coalesce(vs: Violation[]): Violation[] {
  const out: Violation[] = [];
  for (const v of vs) {
    const last = out[out.length - 1];
    if (
      last !== undefined &&
      last.step === v.step &&
      last.property === v.property &&
      last.buf === v.buf &&
      last.message === v.message &&
      last.page + last.pages === v.page
    ) {
      last.pages += v.pages;
    } else out.push({ ...v });
  }
  return out;
}

function drive(
  seed: number,
  policyId: string,
  pages: number,
  steps: number,
): { ref: World; fast: World; extents: number } {
  const p = policies.get(policyId);
  assert.ok(p);
  const u = { ...DEFAULT_UNIVERSE, pages, areas: 6, domains: 3, accesses: 2 };
  const ref = initialWorld(p, params, u, 'reference');
  const fast = initialWorld(p, params, u, 'fast');
  const rng = seededRng(seed);
  for (const w of [ref, fast]) applyOp(w, { op: 'alloc', buf: BUF, pages });
  let extents = 0;
  for (let i = 1; i <= steps; i++) {
    const op = randomOp(ref, u, rng);
    if (op === null) break;
    let refused = false;
    for (const w of [ref, fast]) {
      w.step = i;
      try {
        applyOp(w, op);
      } catch (err) {
        if (!(err instanceof OpError)) throw err;
        refused = true;
      }
      checkPins(w);
      w.canonicalize();
    }
    if (refused) continue;
    assert.deepEqual(fast.metrics, ref.metrics, `seed ${seed} ${policyId}: metrics differ after step ${i} (${op.op})`);
    const frames = fast.bufs[0]?.frames;
    if (frames instanceof ExtentStore) extents = Math.max(extents, frames.extents);
  }
  return { ref, fast, extents };
}

const iommufdPolicies = [...policies.values()].filter((p) => p.model === 'iommufd').map((p) => p.id);

test('reference and extent engines agree on every metric and violation over random seeded operations', () => {
  let compared = 0;
  let withViolations = 0;
  for (const seed of [1, 2, 3, 4]) {
    for (const id of iommufdPolicies) {
      const { ref, fast, extents } = drive(seed, id, 48, 120);
      assert.deepEqual(coalesce(fast.violations), coalesce(ref.violations), `seed ${seed} ${id}`);
      assert.ok(extents > 1, 'the random operations split pages into several extents');
      compared++;
      if (ref.violations.length > 0) withViolations++;
    }
  }
  assert.ok(compared >= 32);
  assert.ok(withViolations > 0, 'some runs do violate, so violations are compared too');
});

test('the VFIO type1 model agrees across engines as well', () => {
  for (const seed of [5, 6]) {
    const { ref, fast } = drive(seed, 'vfio-type1-replay', 32, 120);
    assert.deepEqual(fast.metrics, ref.metrics);
    assert.deepEqual(coalesce(fast.violations), coalesce(ref.violations));
  }
});
