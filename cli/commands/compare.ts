/**
 * threadlab compare --policies A,B,C --workload W: one sim run per policy, as a table.
 */
import { parse, printJson } from '../args.js';
import { oneLine, writeErr, writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import {
  defaultParams,
  loadPolicies,
  loadWorkloads,
  runWorkload,
  withOverrides,
  type RunResult,
} from '../../src/sim/index.js';
import { engineFlag, policyById, runJson, RUN_OPTIONS as OPTIONS, skipped } from './sim.js';
import { familyOfWorkload } from '../../src/sim/index.js';
import { familyCompare } from './sim-family.js';

export async function run(argv: string[]): Promise<number> {
  const { values: f } = parse('compare', argv, OPTIONS, false);
  if (f.help === true) {
    writeOut(`usage: threadlab compare --policies A,B,... --workload ID [--param k=v ...] [--policy-dir DIR] [--engine E] [--json]

Run one workload under several policies and print them side by side: flushed pages,
IOTLB invalidation commands, modelled time on the map, unmap and teardown paths, and
safety violations. --policies all compares every policy of the workload's model.

  --policies A,B   policy ids (threadlab sim list), or all
  --workload ID    a workload id (threadlab sim list)
  --param k=v      override a cost parameter (repeatable)
  --policy-dir DIR add the policy files of DIR to the shipped ones
  --engine E       fast (default) or reference
  --fault F        (seed families) inject one of the family's fault modes
  --json           a JSON array on stdout: one "sim run --json" object per policy
`);
    return 0;
  }
  if (f.workload !== undefined && familyOfWorkload(f.workload) !== null) {
    const ids =
      f.policies === undefined || f.policies === 'all' ? 'all' : f.policies.split(',').filter((s) => s !== '');
    return familyCompare(f.workload, ids, f);
  }
  if (f.fault !== undefined)
    throw new UserError("--fault applies to the seed families' workloads (see: threadlab sim list)", 2);
  const all = loadPolicies(f['policy-dir']);
  const ids =
    f.policies === undefined || f.policies === 'all' ? [...all.keys()] : f.policies.split(',').filter((s) => s !== '');
  const chosen = ids.map((id) => policyById(all, id));
  if (f.workload === undefined) throw new UserError('--workload ID is required (see: threadlab sim list)', 2);
  const wl = loadWorkloads(skipped).get(f.workload);
  if (wl === undefined) throw new UserError(`unknown workload '${f.workload}' (see: threadlab sim list)`, 2);
  const params = withOverrides(defaultParams(), f.param ?? []);
  const engine = engineFlag(f.engine);
  const results: RunResult[] = [];
  for (const p of chosen) {
    if (wl.model !== 'any' && wl.model !== p.model) {
      writeErr(`skipping ${p.id}: workload ${wl.id} is for the ${wl.model} model\n`);
      continue;
    }
    writeErr(`running ${p.id}...\n`);
    results.push(runWorkload(p, wl, params, { engine }));
  }
  if (f.json === true) {
    printJson(results.map(runJson));
    return 0;
  }
  const head = ['policy', 'flushed pages', 'IOTLB cmds', 'map ms', 'unmap ms', 'teardown ms', 'total ms', 'violations'];
  const rows = results.map((r) => [
    r.policy,
    r.metrics.flushedPages.toLocaleString('en-US'),
    r.metrics.iotlbInvalidations.toLocaleString('en-US'),
    (r.metrics.mapNs / 1e6).toFixed(1),
    (r.metrics.unmapNs / 1e6).toFixed(1),
    (r.metrics.teardownNs / 1e6).toFixed(1),
    (r.metrics.modelledNs / 1e6).toFixed(1),
    r.violations.length === 0
      ? '-'
      : [...new Set(r.violations.map((v) => v.property))].join(',') + ` (${r.violations.length})`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  writeOut([`workload ${wl.id}: ${oneLine(wl.title)}`, line(head), ...rows.map(line)].join('\n') + '\n');
  return 0;
}
