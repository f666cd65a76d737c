/**
 * The bounded checker finds v1-sticky's bug by itself and gives the other
 * proposals their bounded verdict (bound documented here: depth 4 in the
 * default universe of 2 pages, 2 IOAS, 2 domains, 3 areas, 1 access).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check, DEFAULT_UNIVERSE } from '../../src/sim/index.js';
import { params, policy } from './helpers.js';

const BOUND = 4;

test('the checker finds a short counterexample to v1-sticky on its own (areas sharing pages by slices)', () => {
  const r = check(policy('v1-sticky'), params, { depth: BOUND, universe: DEFAULT_UNIVERSE });
  assert.equal(r.result, 'unsafe');
  assert.equal(r.property, 'S1');
  const ops = (r.counterexample ?? []).map((s) => s.op);
  assert.ok(ops.length <= BOUND);
  assert.ok(ops.includes('split') || ops.includes('copy'), `the trace shares pages by slices: ${ops.join(',')}`);
  assert.match(r.counterexample?.at(-1)?.note ?? '', /S1 VIOLATED/);
});

test('v1-sticky is unsafe even without copy and split: its bit survives an unpin and a migration', () => {
  const r = check(policy('v1-sticky'), params, { depth: 6, universe: { ...DEFAULT_UNIVERSE, pages: 1, ioas: 1, exclude: new Set(['copy', 'split', 'access']) } });
  assert.equal(r.result, 'unsafe');
  assert.ok((r.counterexample ?? []).some((s) => s.op === 'migrate'));
});

for (const id of ['flush-every-fill', 'summary-3-step', 'storage-domain-skip', 'sticky-overflush', 'permanent-bit-before-put']) {
  test(`${id}: no violation up to depth ${BOUND} in the default universe`, () => {
    const r = check(policy(id), params, { depth: BOUND, universe: DEFAULT_UNIVERSE });
    assert.equal(r.result, 'safe', r.summary);
    assert.equal(r.exploredDepth, BOUND);
    assert.match(r.summary, new RegExp(`no violation up to depth ${BOUND} in this universe`));
    assert.equal(r.complete, true);
    assert.match(r.bound, new RegExp(`^no violation up to depth ${BOUND} in this universe`));
    assert.ok(r.states > 1000);
  });
}

test('without flushing the checker finds the classic leak in three operations', () => {
  const r = check(policy('none'), params, { depth: BOUND, universe: DEFAULT_UNIVERSE });
  assert.equal(r.property, 'S1');
  assert.deepEqual((r.counterexample ?? []).map((s) => s.op), ['map', 'attach', 'dma']);
});

test('finding: area-flag misses the flush after unmapping from a non-coherent domain that is not the storage domain (S2)', () => {
  // The after-unmap flush follows area->storage_domain_is_noncoherent; with a
  // coherent NIC as storage domain the iGPU's No-Snoop write is never flushed.
  const u = { ...DEFAULT_UNIVERSE, pages: 1, ioas: 1, exclude: new Set(['copy', 'split', 'access', 'unaccess', 'migrate', 'nosnoop'] as const) };
  const r = check(policy('area-flag'), params, { depth: 6, universe: u });
  assert.equal(r.property, 'S2');
  assert.deepEqual((r.counterexample ?? []).map((s) => s.op), ['map', 'attach', 'attach', 'cpu', 'dma', 'unmap']);
});
