/**
 * The checker's verdict on one policy, as the TUI and `threadlab report` state
 * it: a core policy searched to CHECK_DEPTH in the default universe (never
 * greener than `sim check` says), a seed family's policy searched to its
 * family's fixpoint (small enough to answer at once).
 */
import { check, DEFAULT_UNIVERSE, defaultParams, familyOfPolicy, type CompiledPolicy } from '../src/sim/index.js';
import { visibleDeep } from '../src/display.js';
import type { Verdict } from '../src/ui/sim-types.js';
import { CHECK_DEPTH } from './check-defaults.js';

export function coreVerdict(policy: CompiledPolicy): Verdict {
  const r = check(policy, defaultParams(), { depth: CHECK_DEPTH, universe: DEFAULT_UNIVERSE });
  return {
    policy: policy.id,
    result: r.result,
    bound: r.bound,
    property: r.property,
    counterexample: r.counterexample,
  };
}

/** A seed family's verdict, or null when the id is no family's policy. */
export function familyVerdict(id: string): Verdict | null {
  const family = familyOfPolicy(id);
  if (family === null) return null;
  const r = family.family.check(id, null);
  const steps = (r.trace ?? []).slice(1).map((line, i, all) => ({
    op: line.trim(),
    args: {},
    note: i === all.length - 1 && r.breach !== null ? `${r.breach.property} VIOLATED: ${r.breach.message}` : '-',
  }));
  const result: Verdict['result'] = r.result === 'incomplete' ? 'bounded' : r.result;
  return visibleDeep({
    policy: id,
    result,
    bound: r.summary,
    property: r.property,
    counterexample: r.result === 'unsafe' ? steps : null,
  });
}
