/**
 * The replay grid's IOTLB, on the real simulator: per domain, how many pages its
 * IOTLB translates after each step (live entries of the pages it maps, stale ones
 * the unmap has not invalidated yet), and per run of pages which domains' entries
 * reach it, the stale ones marked. A policy that queues the invalidation past the
 * unpin (the DMA API's lazy flush queue) on the workload that shows it.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runWorkload, snapshotWorld, type WorldSnapshot } from '../../src/sim/index.js';
import { ReplayScreen } from '../../src/ui/replay-screen.js';
import { stepsOfRun } from '../../src/ui/use-replay.js';
import { lazyIotlb, params, policy, workload } from '../sim/helpers.js';
import { renderAt, visibleLines } from './frames.js';

function replay(policyId: 'lazy' | 'flush-every-fill') {
  const p = policyId === 'lazy' ? lazyIotlb() : policy(policyId);
  const worlds: WorldSnapshot[] = [];
  const run = runWorkload(p, workload('stale-iotlb-after-unmap'), params, {
    trace: true,
    observe: (w) => worlds.push(snapshotWorld(w)),
  });
  return stepsOfRun(run, worlds);
}

const at = (steps: ReturnType<typeof replay>, cursor: number) => (
  <ReplayScreen
    policy="lazy-iotlb"
    subject="stale-iotlb-after-unmap"
    steps={steps}
    cursor={cursor}
    height={22}
    columns={80}
  />
);
const screen = (frame: string): string[] => visibleLines(frame).map((l) => l.trimEnd());
const pagesRow = (frame: string): string =>
  screen(frame).find((l) => l.slice(3).startsWith('ram[0..3]')) ?? assert.fail(`no row ram[0..3] in\n${frame}`);

it('counts each domain’s IOTLB entries per step, live while mapped, then stale and freed after the unpin until the queued invalidation runs', async () => {
  const steps = replay('lazy');
  assert.equal(steps.length, 6);
  const ui = await renderAt(at(steps, 0), 80, 24);
  let f = ui.lastFrame() ?? '';
  assert.match(f, /^ IOTLB +igpu 4 live$/m);
  assert.match(f, /pages +cache +memory +pins +mapped in +IOTLB +areas/);
  assert.match(pagesRow(f), /^ {3}ram\[0\.\.3\] +none +cur +1 +igpu +igpu +ram-area$/);
  // Step 3 unmaps and unpins: igpu maps nothing, yet its IOTLB still reaches the four pages, which the host has back.
  ui.rerender(at(steps, 2));
  f = ui.lastFrame() ?? '';
  assert.match(f, /^ IOTLB +igpu 0 live, 4 stale \(4 freed\)$/m);
  assert.match(pagesRow(f), /^ \* ram\[0\.\.3\] +none +cur +0 +- +igpu\(freed\) +-$/);
  for (const l of screen(f)) assert.ok([...l].length <= 80, l);
  // The queued invalidation has run by step 5: no entry left.
  ui.rerender(at(steps, 4));
  f = ui.lastFrame() ?? '';
  assert.match(f, /^ IOTLB +igpu 0 live$/m);
  assert.match(pagesRow(f), /^ \* ram\[0\.\.3\] +none +cur +0 +- +- +-$/);
  ui.unmount();
});

it('a policy that invalidates at the unmap shows no stale entry in any step', async () => {
  const steps = replay('flush-every-fill');
  const ui = await renderAt(at(steps, 0), 80, 24);
  for (let k = 0; k < steps.length; k++) {
    ui.rerender(at(steps, k));
    const f = ui.lastFrame() ?? '';
    assert.match(f, /^ IOTLB +igpu \d+ live$/m, f);
  }
  ui.unmount();
});
