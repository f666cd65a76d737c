/**
 * The policy comparison of a report: every workload that any of the thread's
 * linked policies can run, run under each of them that can, with the checker's
 * verdict beside the numbers (a workload alone may look clean where the
 * checker found a counterexample). Core policies (data/policies) run the core
 * workloads of their model; a seed family's policy runs its family's workloads.
 */
import {
  defaultParams,
  familyOfPolicy,
  loadPolicies,
  loadWorkloads,
  runWorkload,
  type CompiledPolicy,
  type LoadedFamily,
  type Workload,
} from '../sim/index.js';
import type { MetricColumn, PolicyComparison, ReportVerdict, WorkloadTable } from './model.js';

/** The models a workload of model "any" runs on. */
const ANY_MODELS: readonly string[] = ['iommufd', 'vfio-type1'];

const CORE_COLUMNS: readonly MetricColumn[] = [
  { id: 'flushedPages', head: 'flushed pages', unit: 'pages', digits: 0 },
  { id: 'iotlbInvalidations', head: 'IOTLB inv', unit: 'commands', digits: 0 },
  { id: 'modelledMs', head: 'modelled ms', unit: 'ms', digits: 1 },
];

function coreTables(policies: readonly CompiledPolicy[]): WorkloadTable[] {
  if (policies.length === 0) return [];
  const params = defaultParams();
  // A workload file that does not load is left out (`threadlab sim list` names it).
  const workloads: Workload[] = [...loadWorkloads(() => undefined).values()];
  const tables: WorkloadTable[] = [];
  for (const w of workloads) {
    const runners = policies.filter((p) => (w.model === 'any' ? ANY_MODELS.includes(p.model) : w.model === p.model));
    if (runners.length === 0) continue;
    const rows = runners.map((p) => {
      const r = runWorkload(p, w, params);
      return {
        policy: p.id,
        values: [r.metrics.flushedPages, r.metrics.iotlbInvalidations, r.metrics.modelledNs / 1e6],
        violations: r.violations.map((v) => ({
          step: v.step,
          property: v.property,
          message: `${v.buf}[${v.page}]: ${v.message}`,
        })),
      };
    });
    tables.push({ workload: w.id, title: w.title, model: w.model, columns: CORE_COLUMNS, rows });
  }
  return tables;
}

function familyTables(family: LoadedFamily, policies: readonly string[]): WorkloadTable[] {
  return [...family.workloads.values()].map((w) => {
    const columns = family.metrics
      .filter((m) => w.columns.includes(m.id))
      .map((m) => ({ id: m.id, head: m.head, unit: m.unit, digits: m.digits ?? 0, text: m.text === true }));
    const rows = policies.map((p) => {
      const r = family.run(p, w.id, [], null);
      return {
        policy: p,
        values: columns.map((c) => (c.text ? (r.labels[c.id] ?? '-') : (r.metrics[c.id] ?? 0))),
        violations: r.violations.map((v) => ({ step: v.step, property: v.property, message: v.message })),
      };
    });
    return {
      workload: w.id,
      title: w.title,
      model: `family ${family.id}`,
      columns: columns.map(({ text: _t, ...c }) => c),
      rows,
    };
  });
}

/**
 * Runs every linked policy on its workloads; `verdictOf` gives the checker's
 * answer (the caller decides the bound and keeps the cache).
 */
export function comparePolicies(
  linked: readonly { readonly policy: string; readonly options: readonly string[] }[],
  verdictOf: (policy: string) => ReportVerdict | null,
): PolicyComparison {
  const core = loadPolicies();
  const corePolicies: CompiledPolicy[] = [];
  const families = new Map<string, { family: LoadedFamily; policies: string[] }>();
  const unknown: string[] = [];
  for (const { policy } of linked) {
    const p = core.get(policy);
    if (p !== undefined) {
      corePolicies.push(p);
      continue;
    }
    const owner = familyOfPolicy(policy);
    if (owner === null) {
      unknown.push(policy);
      continue;
    }
    const entry = families.get(owner.family.id) ?? { family: owner.family, policies: [] };
    entry.policies.push(policy);
    families.set(owner.family.id, entry);
  }
  const known = linked.filter((l) => !unknown.includes(l.policy));
  return {
    policies: known.map((l) => ({ policy: l.policy, options: l.options, verdict: verdictOf(l.policy) })),
    workloads: [
      ...coreTables(corePolicies),
      ...[...families.values()].flatMap((f) => familyTables(f.family, f.policies)),
    ],
    unknown,
  };
}
