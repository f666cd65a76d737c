/**
 * A seed family: the world of one seed thread's question, its policies and
 * workloads as data (data/families/<id>/), its safety properties and costs.
 * A family module gives a FamilyDef; defineFamily closes over its types so
 * the registry, the CLI and the extraction see one untyped-free surface.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import type { ParamSpec } from '../costs.js';
import { dataDir, jsonFiles } from '../data.js';
import { searchToFixpoint, type SearchReport } from './search.js';
import type { TransitionSystem } from './system.js';

export interface Metric {
  readonly id: string;
  /** Column head in `compare`. */
  readonly head: string;
  readonly unit: string;
  /** Digits after the point in tables (default 0). */
  readonly digits?: number;
  /** A text column read from the run's labels (how an error reached the guest), not from its metrics. */
  readonly text?: boolean;
}

export interface RunViolation {
  step: number;
  property: string;
  message: string;
}

export interface FamilyRun {
  policy: string;
  workload: string;
  family: string;
  fault: string | null;
  metrics: Record<string, number>;
  /** Text results a number cannot say (how an error reached the guest). */
  labels: Record<string, string>;
  violations: RunViolation[];
  /** A table of the run's own (a sweep over batch sizes, the fate of each command of a batch). */
  detail: { head: string[]; rows: string[][] } | null;
  notes: string[];
}

export interface FamilyCheck extends SearchReport {
  family: string;
  policy: string;
  fault: string | null;
  universe: string;
  property: string | null;
  propertyText: string | null;
  summary: string;
}

export type Params = Record<string, number>;

export interface FamilyDef<P, W, S> {
  readonly id: string;
  /** The seed thread: file prefix (data/seeds/NNN_*) and subject. */
  readonly seed: string;
  readonly thread: string;
  readonly title: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Fault modes a run or a check may inject (the mistakes the thread fears). */
  readonly faults: Readonly<Record<string, string>>;
  readonly policy: z.ZodType<P>;
  readonly workload: z.ZodType<W>;
  readonly metrics: readonly Metric[];
  /** The metric ids `compare` shows for this workload (default: all). */
  columns?(workload: W): readonly string[];
  run(
    policy: P,
    workload: W,
    params: Params,
    fault: string | null,
  ): Omit<FamilyRun, 'policy' | 'workload' | 'family' | 'fault'>;
  system(policy: P, fault: string | null): TransitionSystem<S>;
  /** The small universe system() searches, in words. */
  readonly universe: string;
}

const provenance = z.strictObject({
  thread: z.string().min(1),
  author: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
  messageId: z.string().optional(),
  quote: z.string().min(1),
});
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id');
const policyFile = z.strictObject({
  id,
  family: z.string(),
  title: z.string().min(1),
  summary: z.string().optional(),
  provenance,
  settings: z.unknown(),
});
const workloadFile = z.strictObject({
  id,
  family: z.string(),
  title: z.string().min(1),
  source: z.string().min(1),
  settings: z.record(z.string(), z.unknown()),
  instances: z
    .array(z.strictObject({ id, title: z.string().min(1), settings: z.record(z.string(), z.unknown()) }))
    .optional(),
});

export type Provenance = z.infer<typeof provenance>;

export interface FamilyPolicyInfo {
  readonly id: string;
  readonly family: string;
  readonly title: string;
  readonly summary: string | null;
  readonly provenance: Provenance;
  readonly file: string;
}
export interface FamilyWorkloadInfo {
  readonly id: string;
  readonly family: string;
  readonly title: string;
  readonly source: string;
  readonly file: string;
  /** The metrics that answer this workload's question (compare's columns). */
  readonly columns: readonly string[];
}

/** What describes a family, the same in its definition and once loaded. */
type FamilyFacts = 'id' | 'seed' | 'thread' | 'title' | 'properties' | 'params' | 'faults' | 'metrics' | 'universe';

/** What the registry keeps of a family once its data is loaded: its facts as defined, its data, and run/check by name. */
export interface LoadedFamily extends Pick<FamilyDef<unknown, unknown, unknown>, FamilyFacts> {
  readonly policies: ReadonlyMap<string, FamilyPolicyInfo>;
  readonly workloads: ReadonlyMap<string, FamilyWorkloadInfo>;
  run(policy: string, workload: string, overrides: readonly string[], fault: string | null): FamilyRun;
  check(policy: string, fault: string | null, maxStates?: number): FamilyCheck;
  /**
   * The states along a trace `check` gave (its first line the initial state, then one
   * label per step), found again by following the labels from the initial states: the
   * TUI draws them step by step. Plain data of the family's own shape; null when the
   * labels lead nowhere (a trace of another policy or fault).
   */
  states(policy: string, fault: string | null, trace: readonly string[]): { initial: unknown; after: unknown[] } | null;
}

function parseWith<T>(schema: z.ZodType<T>, raw: unknown, file: string, prefix: string): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = [prefix, ...(issue?.path ?? []).map(String)].filter((s) => s !== '').join('.') || '(top level)';
  throw new UserError(`${file}: ${field}: ${issue?.message ?? 'invalid'}`);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UserError(`${file}: (file): expected a readable JSON file (${msg})`);
  }
}

/** `name=value` overrides against a family's parameter table; unknown names and out-of-range values are user errors. */
export function familyParams(spec: Readonly<Record<string, ParamSpec>>, overrides: readonly string[]): Params {
  const out: Params = {};
  for (const [k, s] of Object.entries(spec)) out[k] = s.value;
  for (const o of overrides) {
    const eq = o.indexOf('=');
    const k = eq < 0 ? o : o.slice(0, eq);
    const s = spec[k];
    if (eq < 0 || s === undefined)
      throw new UserError(`--param ${o}: expected name=value with name one of ${Object.keys(spec).join(', ')}`);
    const v = Number(o.slice(eq + 1));
    if (!Number.isFinite(v) || v < s.min || v > s.max)
      throw new UserError(`--param ${o}: expected a number from ${s.min} to ${s.max} (${s.unit})`);
    out[k] = v;
  }
  return out;
}

/** A parameter the family declares (a programmer error if it does not). */
export function param(p: Params, name: string): number {
  const v = p[name];
  if (v === undefined) throw new Error(`cost parameter ${name} is not declared`);
  return v;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function defineFamily<P, W, S>(def: FamilyDef<P, W, S>): () => LoadedFamily {
  return () => {
    const dir = path.join(dataDir(), 'families', def.id);
    const policies = new Map<string, { info: FamilyPolicyInfo; settings: P }>();
    const workloads = new Map<string, { info: FamilyWorkloadInfo; settings: W }>();
    const wrong = (file: string, got: string): never => {
      throw new UserError(`${file}: family: expected '${def.id}' (the directory it is in), got '${got}'`);
    };
    for (const file of jsonFiles(path.join(dir, 'policies'))) {
      const f = parseWith(policyFile, readJson(file), file, '');
      if (f.family !== def.id) wrong(file, f.family);
      if (policies.has(f.id)) throw new UserError(`${file}: id: '${f.id}' is defined twice`);
      const settings = parseWith(def.policy, f.settings, file, 'settings');
      policies.set(f.id, {
        info: { id: f.id, family: def.id, title: f.title, summary: f.summary ?? null, provenance: f.provenance, file },
        settings,
      });
    }
    for (const file of jsonFiles(path.join(dir, 'workloads'))) {
      const f = parseWith(workloadFile, readJson(file), file, '');
      if (f.family !== def.id) wrong(file, f.family);
      const variants = f.instances ?? [{ id: f.id, title: f.title, settings: {} }];
      for (const v of variants) {
        if (workloads.has(v.id)) throw new UserError(`${file}: id: '${v.id}' is defined twice`);
        const settings = parseWith(def.workload, { ...f.settings, ...v.settings }, file, `instances.${v.id}.settings`);
        const columns = def.columns?.(settings) ?? def.metrics.map((m) => m.id);
        workloads.set(v.id, {
          info: { id: v.id, family: def.id, title: v.title, source: f.source, file, columns },
          settings,
        });
      }
    }
    const faultOk = (fault: string | null): void => {
      if (fault !== null && !Object.hasOwn(def.faults, fault)) {
        throw new UserError(
          `--fault ${fault}: the ${def.id} family knows ${Object.keys(def.faults).join(', ') || 'no fault modes'}`,
          2,
        );
      }
    };
    const policyOf = (pid: string): { info: FamilyPolicyInfo; settings: P } => {
      const p = policies.get(pid);
      if (p === undefined) throw new UserError(`unknown policy '${pid}' in family ${def.id}`, 2);
      return p;
    };
    return {
      id: def.id,
      seed: def.seed,
      thread: def.thread,
      title: def.title,
      properties: def.properties,
      params: def.params,
      faults: def.faults,
      metrics: def.metrics,
      universe: def.universe,
      policies: new Map([...policies].map(([k, v]) => [k, v.info])),
      workloads: new Map([...workloads].map(([k, v]) => [k, v.info])),
      run(pid, wid, overrides, fault) {
        faultOk(fault);
        const p = policyOf(pid);
        const w = workloads.get(wid);
        if (w === undefined)
          throw new UserError(`workload '${wid}' is not one of family ${def.id} (policy ${pid} replays it)`, 2);
        const r = def.run(p.settings, w.settings, familyParams(def.params, overrides), fault);
        return { policy: pid, workload: wid, family: def.id, fault, ...r };
      },
      states(pid, fault, trace) {
        faultOk(fault);
        return followTrace(def.system(policyOf(pid).settings, fault), trace);
      },
      check(pid, fault, maxStates) {
        faultOk(fault);
        const p = policyOf(pid);
        const r = searchToFixpoint(def.system(p.settings, fault), maxStates);
        const where = `${def.universe}${fault === null ? '' : `; fault: ${fault}`}`;
        const text = r.breach === null ? null : (def.properties[r.breach.property] ?? null);
        const summary =
          r.result === 'unsafe'
            ? `${pid}: ${r.breach?.property ?? '?'} violated after ${plural((r.trace?.length ?? 1) - 1, 'step')}; none shorter exists (universe: ${where})`
            : r.result === 'safe'
              ? `${pid}: safe in this universe: all ${r.states.toLocaleString('en-US')} reachable states searched, no violation (universe: ${where})`
              : `${pid}: no violation found within ${r.states.toLocaleString('en-US')} states (search cut short at the state limit, not a safety claim; universe: ${where})`;
        return {
          family: def.id,
          policy: pid,
          fault,
          universe: where,
          property: r.breach?.property ?? null,
          propertyText: text,
          summary,
          ...r,
        };
      },
    };
  };
}

/** Depth-first along the labels (two steps may share a label: the first that leads all the way wins). */
function followTrace<S>(sys: TransitionSystem<S>, trace: readonly string[]): { initial: S; after: S[] } | null {
  const [first, ...labels] = trace;
  const walk = (s: S, k: number): S[] | null => {
    const label = labels[k];
    if (label === undefined) return [];
    for (const n of sys.successors(s)) {
      if (n.label !== label) continue;
      const rest = walk(n.next, k + 1);
      if (rest !== null) return [n.next, ...rest];
    }
    return null;
  };
  for (const s of sys.initial()) {
    if (sys.describeInitial(s) !== first) continue;
    const after = walk(s, 0);
    if (after !== null) return { initial: s, after };
  }
  return null;
}
