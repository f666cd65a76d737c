/**
 * npm run bench:sim — the simulator's speed on this machine:
 * 1) wall time of the 1 TiB boot-and-teardown under all nine policies (goal < 1 s in total);
 * 2) the checker's states/s at its default bound (goal >= 100,000 states/s).
 */
import { check, defaultParams, DEFAULT_UNIVERSE, loadPolicies, loadWorkloads, runWorkload } from '../src/sim/index.js';

const now = (): number => performance.now() / 1000;
const policies = loadPolicies();
const workloads = loadWorkloads();
const params = defaultParams();

for (const id of ['boot-teardown-1t', 'boot-teardown-map-first-1t']) {
  const wl = workloads.get(id);
  if (wl === undefined) throw new Error(`workload ${id} missing`);
  const t0 = now();
  for (const p of policies.values()) {
    const t = now();
    const r = runWorkload(p, wl, params);
    process.stdout.write(`  ${id} ${p.id.padEnd(26)} ${(now() - t).toFixed(3)} s  flushed ${r.metrics.flushedPages.toLocaleString('en-US')} pages\n`);
  }
  process.stdout.write(`${id}: all ${policies.size} policies in ${(now() - t0).toFixed(3)} s (goal < 1 s)\n`);
}

const depth = Number(process.argv[2] ?? 5);
let states = 0;
let seconds = 0;
for (const id of ['v1-sticky', 'flush-every-fill', 'storage-domain-skip']) {
  const p = policies.get(id);
  if (p === undefined) continue;
  const r = check(p, params, { depth, universe: DEFAULT_UNIVERSE, clock: now });
  states += r.states;
  seconds += r.seconds;
  process.stdout.write(`checker ${id}: ${r.result}, ${r.states} states, ${r.transitions} transitions, ${r.seconds.toFixed(2)} s, ${r.statesPerSecond} states/s\n`);
}
process.stdout.write(`checker at depth ${depth}, default universe: ${Math.round(states / seconds)} states/s (goal >= 100,000)\n`);
