/**
 * npm run bench:sim [depth ...] — the simulator's speed on this machine:
 * 1) wall time of the 1 TiB boot-and-teardown under all nine policies (goal < 1 s in total);
 * 2) the checker's states/s over all nine policies in the default universe, at
 *    depths 4, 5 and 6 (6 is `sim check`'s default bound; goal >= 100,000 states/s),
 *    with the compact engine, and with the reference engine (World objects,
 *    the checker before the compact one) at depth 4 for comparison.
 * One warm-up pass at depth 3 first, so that the figures are not JIT start-up.
 */
import { check, defaultParams, DEFAULT_UNIVERSE, loadPolicies, loadWorkloads, runWorkload } from '../src/sim/index.js';

const now = (): number => performance.now() / 1000;
/** CPU seconds of this process: on a shared machine wall time also counts other people's work. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
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
    process.stdout.write(
      `  ${id} ${p.id.padEnd(26)} ${(now() - t).toFixed(3)} s  flushed ${r.metrics.flushedPages.toLocaleString('en-US')} pages\n`,
    );
  }
  process.stdout.write(`${id}: all ${policies.size} policies in ${(now() - t0).toFixed(3)} s (goal < 1 s)\n`);
}

function sweep(depth: number, quiet = false): void {
  const engine = 'compact';
  let states = 0;
  let seconds = 0;
  const wall0 = now();
  for (const p of policies.values()) {
    const r = check(p, params, { depth, universe: DEFAULT_UNIVERSE, clock: cpu });
    states += r.states;
    seconds += r.seconds;
    if (!quiet) {
      process.stdout.write(
        `  ${engine} depth ${depth} ${p.id.padEnd(26)} ${r.result.padEnd(6)} ${String(r.states).padStart(8)} states ${r.seconds.toFixed(3)} CPU s ${String(r.statesPerSecond).padStart(8)} states/s\n`,
      );
    }
  }
  const wall = now() - wall0;
  if (!quiet) {
    process.stdout.write(
      `checker (${engine}) at depth ${depth}, default universe, nine policies: ${states} states in ${seconds.toFixed(2)} CPU s = ${Math.round(states / seconds).toLocaleString('en-US')} states/s ` +
        `(wall ${wall.toFixed(2)} s = ${Math.round(states / wall).toLocaleString('en-US')} states/s; goal >= 100,000)\n`,
    );
  }
}

sweep(3, true);
const depths = process.argv
  .slice(2)
  .map(Number)
  .filter((d) => Number.isInteger(d) && d > 0);
for (const d of depths.length > 0 ? depths : [4, 5, 6]) sweep(d);
