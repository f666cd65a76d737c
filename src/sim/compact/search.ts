/**
 * Breadth-first search over compact states: each level is the contiguous range
 * of state ids discovered at the previous one, a transition copies the parent's
 * words into one scratch array and changes them in place, and nothing is
 * allocated per state but its words in the arena.
 */
import { frameZeroedByHost } from '../frame.js';
import type { CompiledPolicy } from '../policy/load.js';
import type { Op } from '../types.js';
import type { Universe } from '../universe.js';
import { Machine } from './iopt.js';
import { makeLayout, rootState } from './layout.js';
import { allowed, apply, canonicalize, checkPins, decode, enumerate } from './ops.js';
import { compileRules } from './rules.js';
import { StateSet } from './stateset.js';

export interface SearchOutcome {
  states: number;
  transitions: number;
  /** The deepest level fully explored. */
  explored: number;
  incomplete: boolean;
  /** The state limit the search ran under, and whether it was the memory bound (smaller than any --max-states). */
  limit: number;
  limitByMemory: boolean;
  /** The operations of the shortest counterexample, or null. */
  ops: Op[] | null;
}

/**
 * Bound (memory): what the compact search may spend on states, and so the default limit
 * of states. --max-states alone did not bound memory: a state's width grows with the
 * universe, and 1.4 million states of the 4/3/3/4 universe took 2.9 GB before the arena
 * failed to double (reliability review M10-M12). A fixed number, not a share of this
 * machine's memory, so a verdict does not depend on where it was computed. The process
 * needs about twice this at its peak (the arena's last growth copies it; the rest of the
 * heap): at 1 GiB `sim check` in that universe peaked at 2.3 GB RSS, so 512 MiB.
 */
export const STATE_MEMORY_BYTES = 512 * 1024 * 1024;

/**
 * Bytes one state costs at most: its words in the arena and its hash (never grown past the
 * limit), up to four hash-table slots (the table doubles at half full), and its parent and
 * operation (columns that double).
 */
export function bytesPerState(width: number): number {
  return 4 * width + 4 + 16 + 16;
}

/** The most states STATE_MEMORY_BYTES holds for states of `width` words. */
export function memoryStateLimit(width: number): number {
  return Math.max(1, Math.floor(STATE_MEMORY_BYTES / bytesPerState(width)));
}

export interface SearchLimits {
  depth: number;
  /** Stop after this many states; the memory bound (memoryStateLimit) applies too, whichever is smaller. */
  maxStates?: number | undefined;
  onProgress?: ((depth: number, states: number) => void) | undefined;
}

class Column {
  a = new Int32Array(1024);
  put(i: number, v: number): void {
    if (i >= this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[i] = v;
  }
  at(i: number): number {
    return this.a[i] ?? -1;
  }
}

export function searchCompact(policy: CompiledPolicy, u: Universe, lim: SearchLimits, deferSync: boolean): SearchOutcome {
  const L = makeLayout(policy, u);
  const m = new Machine(L, compileRules(policy), deferSync);
  const byMemory = memoryStateLimit(L.length);
  const limit = Math.min(lim.maxStates ?? Number.POSITIVE_INFINITY, byMemory);
  const set = new StateSet(L.length, limit);
  set.add(rootState(L, frameZeroedByHost(0)));
  const parent = new Column();
  const via = new Column();
  parent.put(0, -1);
  const ok = allowed(u, L.vfio);
  let ops = new Int32Array(1024);
  const cur = new Int32Array(L.length);
  const work = new Int32Array(L.length);
  const map = new Int32Array(L.maxPagesObjs + 1);
  const old = new Int32Array((L.maxPagesObjs + 1) * 4);
  let transitions = 0;
  let explored = 0;
  let found: { id: number; op: number } | null = null;
  let incomplete = false;
  let levelStart = 0;
  let levelEnd = 1;
  for (let d = 1; d <= lim.depth && found === null && !incomplete && levelEnd > levelStart; d++) {
    outer: for (let id = levelStart; id < levelEnd; id++) {
      set.load(id, cur);
      m.s = cur;
      let n = enumerate(m, ok, ops);
      if (n === ops.length) {
        ops = new Int32Array(ops.length * 4);
        n = enumerate(m, ok, ops);
      }
      m.s = work;
      for (let j = 0; j < n; j++) {
        const op = ops[j] ?? 0;
        work.set(cur);
        m.violated = false;
        if (!apply(m, op)) continue;
        transitions++;
        checkPins(m);
        if (m.violated) {
          found = { id, op };
          break outer;
        }
        canonicalize(m, map, old);
        const nid = set.add(work);
        if (nid < 0) continue;
        parent.put(nid, id);
        via.put(nid, op);
        if (set.size >= limit) {
          incomplete = true;
          break outer;
        }
      }
    }
    if (found === null && !incomplete) explored = d;
    lim.onProgress?.(d, set.size);
    levelStart = levelEnd;
    levelEnd = set.size;
  }
  let trace: Op[] | null = null;
  if (found !== null) {
    // Each operation is decoded against the state it was applied to (nosnoop names its new value).
    set.load(found.id, cur);
    trace = [decode(L, cur, found.op)];
    for (let id = found.id; parent.at(id) >= 0; id = parent.at(id)) {
      set.load(parent.at(id), cur);
      trace.unshift(decode(L, cur, via.at(id)));
    }
  }
  return { states: set.size, transitions, explored, incomplete, limit, limitByMemory: limit === byMemory && byMemory < (lim.maxStates ?? Number.POSITIVE_INFINITY), ops: trace };
}
