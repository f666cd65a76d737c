/**
 * The simulator's inputs are bounded before they cost memory: a workload asking for
 * 1e9 rounds, a generator of 1e9 pages or 1e9 operations, steps nested 5,000 deep are
 * refused at load in one line (they ran Node out of memory, and took `sim list` down
 * with them); the checker's state storage never grows past its limit, and its default
 * limit is what STATE_MEMORY_BYTES holds for the universe's state width.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { UserError } from '../../src/errors.js';
import {
  check,
  DEFAULT_UNIVERSE,
  defaultParams,
  loadPolicies,
  loadWorkloadFile,
  loadWorkloads,
} from '../../src/sim/index.js';
import { bytesPerState, memoryStateLimit, STATE_MEMORY_BYTES } from '../../src/sim/compact/search.js';
import { StateSet } from '../../src/sim/compact/stateset.js';
import { dataDir } from '../../src/sim/data.js';
import { tempDir } from '../import/corpus.js';

let dir = '';
before(() => {
  dir = tempDir('sim-bounds');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function workload(name: string, body: object): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ id: name, title: name, model: 'iommufd', ...body }));
  return file;
}

/** Written as text: JSON.stringify itself recurses too deep for it. */
function deepFile(levels: number): string {
  const file = path.join(dir, 'deep.json');
  const open = '{"repeat":1,"steps":['.repeat(levels);
  const close = ']}'.repeat(levels);
  fs.writeFileSync(file, `{"id":"deep","title":"deep","model":"iommufd","steps":[${open}{"ops":[]}${close}]}`);
  return file;
}

test('workloads asking for 1e9 rounds, pages or operations, or nested 5,000 deep, are refused at load in one line', () => {
  const bad = [
    workload('repeat', { steps: [{ repeat: 1e9, steps: [{ ops: [{ op: 'alloc', buf: 'b', pages: 1 }] }] }] }),
    workload('repeat-empty', { steps: [{ repeat: 1e9, steps: [] }] }),
    workload('repeat-nested', { steps: [{ repeat: 1000, steps: [{ repeat: 1000, steps: [{ ops: [] }] }] }] }),
    workload('gen-pages', { generator: { kind: 'random', seed: 1, ops: 10, pages: 1e9 } }),
    workload('gen-ops', { generator: { kind: 'random', seed: 1, ops: 1e9, pages: 4 } }),
    workload('pages', { steps: [{ ops: [{ op: 'alloc', buf: 'b', pages: 1e308 }] }] }),
    deepFile(5000),
  ];
  for (const file of bad) {
    assert.throws(
      () => loadWorkloadFile(file),
      (err: unknown) =>
        err instanceof UserError && !err.message.includes('\n') && err.message.includes(path.basename(file)),
      file,
    );
  }
});

test('one bad workload file is named and skipped; the others still load', () => {
  const mixed = path.join(dir, 'mixed');
  fs.mkdirSync(mixed);
  fs.copyFileSync(path.join(dataDir(), 'workloads', 'random-1.json'), path.join(mixed, 'random-1.json'));
  fs.writeFileSync(
    path.join(mixed, 'zz-bad.json'),
    JSON.stringify({ id: 'zz', title: 'zz', model: 'iommufd', steps: [{ repeat: 1e9, steps: [] }] }),
  );
  const problems: string[] = [];
  const loaded = loadWorkloads((m) => problems.push(m), mixed);
  assert.deepEqual([...loaded.keys()], ['random-1']);
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? '', /zz-bad\.json/);
  assert.throws(() => loadWorkloads(undefined, mixed), UserError);
});

test('the state set never allocates past its limit', () => {
  const width = 300;
  const limit = 50_000;
  const set = new StateSet(width, limit);
  const s = new Int32Array(width);
  for (let i = 0; i < limit; i++) {
    s[0] = i;
    s[1] = i * 7;
    set.add(s);
  }
  assert.equal(set.size, limit);
  // The arena's chunks hold exactly the limit; the table is the power of two that keeps its load under 0.7.
  assert.ok(set.allocatedBytes() <= limit * bytesPerState(width), `${set.allocatedBytes()} bytes`);
});

test('the default limit of sim check is what the memory bound holds, and a search stops there', () => {
  assert.ok(memoryStateLimit(1000) * bytesPerState(1000) <= STATE_MEMORY_BYTES);
  // The universe the review crashed in: its states are wide, so the old default of 5,000,000 did not fit in memory.
  const policy = loadPolicies().get('flush-every-fill');
  assert.ok(policy !== undefined);
  const r = check(policy, defaultParams(), {
    depth: 30,
    universe: { ...DEFAULT_UNIVERSE, pages: 8, ioas: 4, domains: 4, areas: 6 },
    maxStates: 20_000,
  });
  assert.equal(r.exhaustive, false);
  assert.equal(r.result, 'bounded');
  assert.equal(r.states, 20_000);
  assert.match(r.bound, /--max-states limit of 20,000 states/);
});
