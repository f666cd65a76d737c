/**
 * Breadth-first search of a TransitionSystem to its fixpoint: every reachable
 * state is visited once (by canonical key), the first breach found is at the
 * smallest depth, so its trace is a shortest counterexample. Only a search
 * that ran out of new states says "safe"; one stopped by maxStates says how
 * far it got and claims nothing.
 */
import type { Breach, TransitionSystem } from './system.js';

export interface SearchReport {
  result: 'safe' | 'unsafe' | 'incomplete';
  /** True when every reachable state was visited (result safe) or a breach was found. */
  exhaustive: boolean;
  states: number;
  transitions: number;
  /** The deepest BFS level reached: the diameter when exhaustive and safe. */
  depth: number;
  breach: Breach | null;
  /** The initial state, then one line per step, the last one breaking the invariant. */
  trace: string[] | null;
}

export function searchToFixpoint<S>(sys: TransitionSystem<S>, maxStates = 2_000_000): SearchReport {
  const seen = new Map<string, number>();
  const parent: number[] = [];
  const via: string[] = [];
  const roots: S[] = [];
  let frontier: { s: S; id: number }[] = [];
  let transitions = 0;
  const traceTo = (id: number, last: string | null): string[] => {
    const steps: string[] = last === null ? [] : [last];
    let at = id;
    while ((parent[at] ?? -1) >= 0) {
      steps.unshift(via[at] ?? '?');
      at = parent[at] ?? -1;
    }
    const root = roots[at];
    return [root === undefined ? '' : sys.describeInitial(root), ...steps];
  };
  for (const s of sys.initial()) {
    const k = sys.key(s);
    if (seen.has(k)) continue;
    const id = parent.length;
    seen.set(k, id);
    parent.push(-1);
    via.push('');
    roots[id] = s;
    const b = sys.invariant(s);
    if (b !== null)
      return {
        result: 'unsafe',
        exhaustive: true,
        states: seen.size,
        transitions,
        depth: 0,
        breach: b,
        trace: traceTo(id, null),
      };
    frontier.push({ s, id });
  }
  let depth = 0;
  while (frontier.length > 0) {
    const next: { s: S; id: number }[] = [];
    for (const { s, id } of frontier) {
      for (const { label, next: n } of sys.successors(s)) {
        transitions++;
        const b = sys.invariant(n);
        if (b !== null) {
          return {
            result: 'unsafe',
            exhaustive: true,
            states: seen.size,
            transitions,
            depth: depth + 1,
            breach: b,
            trace: traceTo(id, label),
          };
        }
        const k = sys.key(n);
        if (seen.has(k)) continue;
        const nid = parent.length;
        seen.set(k, nid);
        parent.push(id);
        via.push(label);
        next.push({ s: n, id: nid });
        if (seen.size >= maxStates) {
          return {
            result: 'incomplete',
            exhaustive: false,
            states: seen.size,
            transitions,
            depth: depth + 1,
            breach: null,
            trace: null,
          };
        }
      }
    }
    if (next.length > 0) depth++;
    frontier = next;
  }
  return { result: 'safe', exhaustive: true, states: seen.size, transitions, depth, breach: null, trace: null };
}
