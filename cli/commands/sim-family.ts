/**
 * The seed families (src/sim/family) on the command line: what `sim list`,
 * `sim run`, `sim check` and `compare` do when the policy or workload named
 * belongs to a family rather than to the core iommufd/VFIO model.
 */
import { printJson } from '../args.js';
import { oneLine, writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import {
  familyOfPolicy,
  familyOfWorkload,
  loadFamilies,
  type FamilyCheck,
  type FamilyRun,
  type LoadedFamily,
} from '../../src/sim/index.js';

export function familyListLines(): string[] {
  const out: string[] = [];
  for (const f of loadFamilies()) {
    out.push('', `family ${f.id} (seed ${f.seed}: ${oneLine(f.thread)})`, `  ${oneLine(f.title)}`, '  policies:');
    for (const p of f.policies.values())
      out.push(
        `    ${p.id.padEnd(30)} ${oneLine(p.title)}  (${oneLine(p.provenance.author)}, ${oneLine(p.provenance.date)})`,
      );
    out.push('  workloads:');
    for (const w of f.workloads.values()) out.push(`    ${w.id.padEnd(30)} ${oneLine(w.title)}`);
    const faults = Object.keys(f.faults);
    if (faults.length > 0) out.push(`  faults (--fault): ${faults.join(', ')}`);
  }
  return out;
}

export function familyListJson(): unknown {
  return loadFamilies().map((f) => ({
    id: f.id,
    seed: f.seed,
    thread: f.thread,
    title: f.title,
    properties: f.properties,
    faults: f.faults,
    universe: f.universe,
    policies: [...f.policies.values()].map(({ file: _f, ...p }) => p),
    workloads: [...f.workloads.values()].map(({ file: _f, ...w }) => w),
  }));
}

const cell = (f: LoadedFamily, r: FamilyRun, id: string): string => {
  const m = f.metrics.find((x) => x.id === id);
  if (m?.text === true) return r.labels[id] ?? '-';
  const v = r.metrics[id] ?? 0;
  const digits = m?.digits ?? 0;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}

const violationText = (r: FamilyRun): string =>
  r.violations.length === 0 ? '-' : [...new Set(r.violations.map((v) => v.property))].join(',');

function printRun(f: LoadedFamily, r: FamilyRun): void {
  const out = [
    `policy ${r.policy} on ${r.workload} (family ${f.id}, seed ${f.seed}${r.fault === null ? '' : `, fault ${r.fault}`})`,
  ];
  const w = f.workloads.get(r.workload);
  for (const m of f.metrics.filter((x) => w === undefined || w.columns.includes(x.id)))
    out.push(`  ${m.head.padEnd(18)} ${cell(f, r, m.id)}${m.text === true ? '' : ` ${m.unit}`}`);
  for (const n of r.notes) out.push(`  ${n}`);
  if (r.detail !== null) out.push('', ...table(r.detail.head, r.detail.rows).map((l) => `  ${l}`));
  out.push('');
  if (r.violations.length === 0) out.push('  no violations');
  for (const v of r.violations)
    out.push(`  VIOLATION ${v.property} (${f.properties[v.property] ?? ''}) at step ${v.step}: ${v.message}`);
  writeOut(out.join('\n') + '\n');
}

export interface FamilyFlags {
  json?: boolean | undefined;
  param?: string[] | undefined;
  fault?: string | undefined;
  workload?: string | undefined;
}

/** `sim run` of a family policy. */
export function familyRun(policy: string, f: FamilyFlags): number {
  const owner = familyOfPolicy(policy);
  if (owner === null) throw new UserError(`unknown policy '${policy}'`, 2);
  if (f.workload === undefined)
    throw new UserError(
      `--workload ID is required (family ${owner.family.id}: ${[...owner.family.workloads.keys()].join(', ')})`,
      2,
    );
  const r = owner.family.run(policy, f.workload, f.param ?? [], f.fault ?? null);
  if (f.json === true) printJson(r);
  else printRun(owner.family, r);
  return 0;
}

/** `sim check` of a family policy: the generic search to the fixpoint of the family's universe. */
export function familyCheck(policy: string, f: FamilyFlags & { maxStates: number; clock: () => number }): number {
  const owner = familyOfPolicy(policy);
  if (owner === null) throw new UserError(`unknown policy '${policy}'`, 2);
  const t0 = f.clock();
  const r: FamilyCheck = owner.family.check(policy, f.fault ?? null, f.maxStates);
  const seconds = Math.max(f.clock() - t0, 0);
  if (f.json === true) {
    printJson({ ...r, seconds, statesPerSecond: seconds > 0 ? Math.round(r.states / seconds) : 0 });
    return 0;
  }
  const lines = [
    r.summary,
    `  ${r.states.toLocaleString('en-US')} states, ${r.transitions.toLocaleString('en-US')} transitions, ${r.result === 'safe' ? `diameter ${r.depth}` : `depth ${r.depth}`}, ${seconds.toFixed(2)} s`,
  ];
  if (r.trace !== null) {
    lines.push('', `counterexample (${r.property ?? '?'}: ${r.propertyText ?? ''}):`, `  0. ${r.trace[0] ?? ''}`);
    r.trace.slice(1).forEach((t, i) => lines.push(`  ${i + 1}. ${t}`));
    if (r.breach !== null) lines.push(`       -> ${r.property ?? ''} VIOLATED: ${r.breach.message}`);
  }
  writeOut(lines.join('\n') + '\n');
  return 0;
}

/** `compare` on a family workload: one row per policy, the family's columns. */
export function familyCompare(workload: string, ids: string[] | 'all', f: FamilyFlags): number {
  const owner = familyOfWorkload(workload);
  if (owner === null) throw new UserError(`unknown workload '${workload}'`, 2);
  const fam = owner.family;
  const chosen = ids === 'all' ? [...fam.policies.keys()] : ids;
  for (const id of chosen) {
    if (!fam.policies.has(id))
      throw new UserError(
        `policy '${id}' is not one of family ${fam.id} (workload ${workload}); its policies: ${[...fam.policies.keys()].join(', ')}`,
        2,
      );
  }
  const runs = chosen.map((id) => fam.run(id, workload, f.param ?? [], f.fault ?? null));
  if (f.json === true) {
    printJson(runs);
    return 0;
  }
  const shown = fam.metrics.filter((m) => owner.workload.columns.includes(m.id));
  const head = ['policy', ...shown.map((m) => m.head), 'violations'];
  const rows = runs.map((r) => [r.policy, ...shown.map((m) => cell(fam, r, m.id)), violationText(r)]);
  const out = [
    `workload ${workload}: ${owner.workload.title} (family ${fam.id}, seed ${fam.seed}${f.fault === undefined ? '' : `, fault ${f.fault}`})`,
    ...table(head, rows),
  ];
  for (const r of runs)
    for (const v of r.violations)
      out.push(`  ${r.policy}: ${v.property} (${fam.properties[v.property] ?? ''}): ${v.message}`);
  writeOut(out.join('\n') + '\n');
  return 0;
}
