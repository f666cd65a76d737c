/**
 * Loading policy files: zod for the shape, then the checks zod cannot express
 * (names declared before use, conditions that only make sense on some events).
 * Every problem is one line: file, field, what was expected.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { dataDir, jsonFiles } from '../data.js';
import type { ModelKind } from '../types.js';
import { EVENTS, policySchema, type EventName, type PolicyFile, type Rule, type Scope } from './schema.js';

export interface CompiledPolicy {
  readonly id: string;
  readonly model: ModelKind;
  readonly title: string;
  readonly summary: string | null;
  readonly provenance: PolicyFile['provenance'];
  readonly file: string;
  readonly rules: Readonly<Record<EventName, readonly Rule[]>>;
  /** Bit of each declared flag within its scope's bitmask. */
  readonly flagBit: Readonly<Record<Scope, ReadonlyMap<string, number>>>;
  /** The IOAS-scoped counters, in declaration order. */
  readonly counters: readonly string[];
  /** The one counter kept per iopt_pages, or null. */
  readonly pagesCounter: string | null;
  /** The policy queues the IOTLB invalidation past the unpin (policy field iotlbInvalidation: deferred). */
  readonly deferSync: boolean;
}

const FLUSH_EVENTS: ReadonlySet<EventName> = new Set(['fill', 'unfill', 'iotlb-sync', 'unpin']);
const DOMAIN_EVENTS: ReadonlySet<EventName> = new Set([
  'attach',
  'detach',
  'fill',
  'storage-set',
  'unfill',
  'iotlb-sync',
]);
const AREA_EVENTS: ReadonlySet<EventName> = new Set(['fill', 'storage-set', 'unfill', 'iotlb-sync']);
const PAGES_EVENTS: ReadonlySet<EventName> = new Set(['fill', 'storage-set', 'unfill', 'iotlb-sync', 'unpin']);

function fail(file: string, field: string, expected: string): never {
  throw new UserError(`${file}: ${field}: ${expected}`);
}

export function compilePolicy(raw: unknown, file: string): CompiledPolicy {
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined || issue.path.length === 0 ? '(top level)' : issue.path.join('.');
    fail(file, field, issue?.message ?? 'invalid policy');
  }
  const p = parsed.data;
  const flagBit: Record<Scope, Map<string, number>> = { pages: new Map(), area: new Map(), ioas: new Map() };
  for (const [i, f] of (p.state?.flags ?? []).entries()) {
    const bits = flagBit[f.scope];
    if (bits.has(f.name)) fail(file, `state.flags.${i}.name`, `'${f.name}' declared twice in scope ${f.scope}`);
    if (bits.size >= 30) fail(file, `state.flags.${i}`, 'at most 30 flags per scope');
    bits.set(f.name, bits.size);
  }
  const declared = p.state?.counters ?? [];
  const counters = declared.filter((c) => c.scope !== 'pages').map((c) => c.name);
  const perPages = declared.filter((c) => c.scope === 'pages').map((c) => c.name);
  if (perPages.length > 1) fail(file, 'state.counters', 'at most one counter with scope pages');
  const pagesCounter = perPages[0] ?? null;
  declared.forEach((c, i) => {
    if (declared.findIndex((d) => d.name === c.name) !== i)
      fail(file, `state.counters.${i}.name`, `'${c.name}' declared twice`);
  });
  const rules = Object.fromEntries(EVENTS.map((e) => [e, [] as Rule[]])) as Record<EventName, Rule[]>;
  p.rules.forEach((rule, i) => {
    const at = `rules.${i}`;
    const w = rule.when;
    const needFlag = (scope: Scope, n: string, field: string): void => {
      if (!flagBit[scope].has(n)) fail(file, field, `flag '${n}' in scope ${scope} to be declared in state.flags`);
      if (scope === 'area' && !AREA_EVENTS.has(rule.on))
        fail(file, field, `an area flag only on ${[...AREA_EVENTS].join('/')} (this rule is on ${rule.on})`);
      if (scope === 'pages' && !PAGES_EVENTS.has(rule.on))
        fail(file, field, `a pages flag only on ${[...PAGES_EVENTS].join('/')} (this rule is on ${rule.on})`);
    };
    const needCounter = (n: string, field: string): void => {
      if (!counters.includes(n) && n !== pagesCounter)
        fail(file, field, `counter '${n}' to be declared in state.counters`);
      if (n === pagesCounter && !PAGES_EVENTS.has(rule.on))
        fail(file, field, `a pages counter only on ${[...PAGES_EVENTS].join('/')} (this rule is on ${rule.on})`);
    };
    w?.flags?.forEach((f, j) => needFlag(f.scope, f.name, `${at}.when.flags.${j}`));
    w?.counters?.forEach((c, j) => needCounter(c.name, `${at}.when.counters.${j}.name`));
    if ((w?.source !== undefined || w?.sourceAreaFlag !== undefined) && rule.on !== 'fill') {
      fail(file, `${at}.when`, `source conditions only on fill (this rule is on ${rule.on})`);
    }
    if (w?.sourceAreaFlag !== undefined) needFlag('area', w.sourceAreaFlag.name, `${at}.when.sourceAreaFlag`);
    if (w?.domain !== undefined && !DOMAIN_EVENTS.has(rule.on))
      fail(file, `${at}.when.domain`, `no domain condition on ${rule.on}`);
    rule.do.forEach((a, j) => {
      const field = `${at}.do.${j}`;
      if ('flush' in a) {
        if (!FLUSH_EVENTS.has(rule.on))
          fail(file, field, `flush only on ${[...FLUSH_EVENTS].join('/')} (this rule is on ${rule.on})`);
      } else if ('set' in a) {
        needFlag(a.set.scope, a.set.name, `${field}.set`);
        if (a.to === 'domain-noncoherent' && !DOMAIN_EVENTS.has(rule.on))
          fail(file, `${field}.to`, `'domain-noncoherent' needs an event with a domain (not ${rule.on})`);
      } else {
        needCounter(a.add, `${field}.add`);
      }
    });
    rules[rule.on].push(rule);
  });
  return {
    id: p.id,
    model: p.model,
    title: p.title,
    summary: p.summary ?? null,
    provenance: p.provenance,
    file,
    rules,
    flagBit,
    counters,
    pagesCounter,
    deferSync: p.iotlbInvalidation === 'deferred',
  };
}

export function loadPolicyFile(file: string): CompiledPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UserError(`${file}: (file): expected a readable JSON policy file (${msg})`);
  }
  return compilePolicy(raw, file);
}

/** The shipped policies, then those of `extraDir` (which may not reuse a shipped id). */
export function loadPolicies(extraDir?: string): Map<string, CompiledPolicy> {
  const out = new Map<string, CompiledPolicy>();
  const add = (file: string): void => {
    const p = loadPolicyFile(file);
    const prior = out.get(p.id);
    if (prior !== undefined)
      throw new UserError(`${file}: id: expected a new id, '${p.id}' is already defined in ${prior.file}`);
    out.set(p.id, p);
  };
  jsonFiles(path.join(dataDir(), 'policies')).forEach(add);
  if (extraDir !== undefined) {
    if (!fs.existsSync(extraDir) || !fs.statSync(extraDir).isDirectory())
      throw new UserError(`--policies ${extraDir}: expected a directory of *.json policy files`);
    jsonFiles(extraDir).forEach(add);
  }
  return out;
}
