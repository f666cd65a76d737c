/** MAX_PINS: a frame counts its pins in 4 bits; a workload that pins a page a 16th time is refused, not wrapped to 0. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { UserError } from '../../src/errors.js';
import { MAX_PINS } from '../../src/sim/frame.js';
import { loadWorkloadFile, runWorkload } from '../../src/sim/index.js';
import { params, policy } from './helpers.js';

/** One buffer mapped `maps` times (each map its own iopt_pages), then a domain attached: every map pins it. */
function pinnedTimes(maps: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-pins-'));
  try {
    const file = path.join(dir, 'pins.json');
    const ops = [
      { op: 'alloc', buf: 'ram', pages: 2 },
      ...Array.from({ length: maps }, (_, i) => ({ op: 'map', ioas: 'ioas', buf: 'ram', as: `area-${i}` })),
      { op: 'attach', ioas: 'ioas', domain: 'gpu', coherent: false },
    ];
    fs.writeFileSync(
      file,
      JSON.stringify({ id: 'pins', title: 'pins', model: 'any', source: 'test', steps: [{ label: 'pin', ops }] }),
    );
    const [w] = loadWorkloadFile(file);
    assert.ok(w);
    return w;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const engine of ['fast', 'reference'] as const) {
  test(`the ${engine} engine pins a page ${MAX_PINS} times and refuses a ${MAX_PINS + 1}th with one line`, () => {
    const r = runWorkload(policy('v1-sticky'), pinnedTimes(MAX_PINS), params, { engine });
    assert.equal(r.metrics.pins, 2 * MAX_PINS);
    assert.throws(
      () => runWorkload(policy('v1-sticky'), pinnedTimes(MAX_PINS + 1), params, { engine }),
      (err: unknown) => {
        assert.ok(err instanceof UserError);
        assert.match(err.message, /pinned more than 15 times/);
        return true;
      },
    );
  });
}
