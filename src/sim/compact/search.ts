/**
 * Breadth-first search over compact states to the fixpoint (every reachable
 * state of the universe) unless a depth or state limit stops it first. Each
 * level is the contiguous range of state ids discovered at the previous one; a
 * transition copies the parent's words into one scratch array and changes them
 * in place; a state is stored packed (pack.ts), one per IOAS-renaming orbit
 * (symmetry.ts), and nothing else is allocated per state but its parent and the
 * operation that reached it.
 */
import { frameZeroedByHost } from '../frame.js';
import type { CompiledPolicy } from '../policy/load.js';
import type { Op, OpName } from '../types.js';
import type { Universe } from '../universe.js';
import { Machine } from './iopt.js';
import { makeLayout, PO_FIELDS, rootState } from './layout.js';
import { allowed, apply, canonicalize, checkPins, decode, enumerate, renameIoas } from './ops.js';
import { Packer } from './pack.js';
import { compileRules } from './rules.js';
import { StateSet } from './stateset.js';
import { Canonicalizer } from './symmetry.js';

export type StopReason = 'violation' | 'fixpoint' | 'depth' | 'states';

/**
 * Bound (memory): what the compact search may spend on states, and so the default limit
 * of states (reliability review M10-M12). A fixed number, not a share of this machine's
 * memory, so a verdict does not depend on where it was computed. 896 MiB (29.4M states of 5
 * words at 32 bytes) holds summary-3-step's fixpoint in the default universe, which 512 MiB
 * (16.8M) did not, and keeps the process under 1 GB (the arena, a table of 2^26 entries, Node).
 */
export const STATE_MEMORY_BYTES = 896 * 1024 * 1024;

/**
 * Bytes one state costs at most: its packed words and its share of the hash table. No parent
 * or operation is kept per state (a counterexample's path is found again level by level, see
 * tracePath), so the visited set is all the memory a search holds.
 */
export function bytesPerState(width: number): number {
  return StateSet.bytesPerState(width);
}

/** The most states STATE_MEMORY_BYTES holds for states of `width` (packed) words. */
export function memoryStateLimit(width: number): number {
  return Math.max(1, Math.floor(STATE_MEMORY_BYTES / bytesPerState(width)));
}

export interface SearchOutcome {
  states: number;
  transitions: number;
  /** Every operation sequence of this length or less was searched. */
  explored: number;
  /** Why the search ended: the fixpoint is the only complete answer without a violation. */
  stoppedBy: StopReason;
  /** At the fixpoint: the depth of the deepest reachable state (the state graph's radius from the root). */
  diameter: number | null;
  /** V_* bits of the properties the last operation of the counterexample violates. */
  violated: number;
  /** The operations of the shortest counterexample, or null. */
  ops: Op[] | null;
  /** Bytes the visited set, parents and operations held. */
  bytes: number;
  /** Packed words per state. */
  wordsPerState: number;
}

export interface SearchLimits {
  /** Longest operation sequence to search; undefined: to the fixpoint. */
  depth?: number | undefined;
  /** Most states to hold; the memory bound (about 4 x wordsPerState + 28 bytes per state). */
  maxStates?: number | undefined;
  /** IOAS symmetry reduction (default on); off, the counts match an unreduced model such as SPIN's. */
  symmetry?: boolean | undefined;
  onProgress?: ((depth: number, states: number) => void) | undefined;
}

export function searchCompact(policy: CompiledPolicy, u: Universe, lim: SearchLimits, deferSync: boolean): SearchOutcome {
  const L = makeLayout(policy, u);
  const m = new Machine(L, compileRules(policy), deferSync);
  const packer = new Packer(L, policy);
  const canon = new Canonicalizer(L, packer, lim.symmetry !== false);
  const limit = Math.min(lim.maxStates ?? Number.POSITIVE_INFINITY, memoryStateLimit(packer.words));
  const set = new StateSet(packer.words, limit);
  const root = rootState(L, frameZeroedByHost(0));
  canon.run(root);
  set.add(canon.key);
  /** levels[d]: the first id of depth d (ids are discovery order). */
  const levels = [0, 1];
  const ok = allowed(u, L.vfio);
  let ops = new Int32Array(1024);
  const packed = new Int32Array(packer.words);
  const cur = new Int32Array(L.length);
  const work = new Int32Array(L.length);
  let transitions = 0;
  let explored = 0;
  let found: { id: number; op: number; violated: number } | null = null;
  let stoppedBy: StopReason = 'fixpoint';
  let levelStart = 0;
  let levelEnd = 1;
  for (let d = 1; ; d++) {
    if (levelEnd === levelStart) break;
    if (lim.depth !== undefined && d > lim.depth) {
      stoppedBy = 'depth';
      break;
    }
    outer: for (let id = levelStart; id < levelEnd; id++) {
      set.load(id, packed);
      packer.unpack(packed, 0, cur);
      m.s = cur;
      let n = enumerate(m, ok, ops);
      while (n >= ops.length) {
        ops = new Int32Array(ops.length * 4);
        n = enumerate(m, ok, ops);
      }
      m.s = work;
      for (let j = 0; j < n; j++) {
        const op = ops[j] ?? 0;
        work.set(cur);
        m.violated = 0;
        if (!apply(m, op)) continue;
        transitions++;
        checkPins(m);
        if (m.violated !== 0) {
          found = { id, op, violated: m.violated };
          break outer;
        }
        // A transition back to its own state (a device read, a prefetch of a cached line: about
        // a third of them) reaches a state already stored: comparing the words is cheaper than
        // canonicalizing and hashing them.
        if (same(work, cur)) continue;
        canon.run(work);
        if (set.size >= limit) {
          if (set.has(canon.key)) continue;
          stoppedBy = 'states';
          break outer;
        }
        set.add(canon.key);
      }
    }
    if (found !== null) {
      stoppedBy = 'violation';
      break;
    }
    if (stoppedBy === 'states') break;
    explored = d;
    lim.onProgress?.(d, set.size);
    levelStart = levelEnd;
    levelEnd = set.size;
    levels.push(levelEnd);
  }
  const trace = found === null ? null : path(m, canon, packer, set, tracePath(m, ok, canon, packer, set, levels, found.id), found.id, found.op);
  return {
    states: set.size, transitions, explored, stoppedBy,
    diameter: stoppedBy === 'fixpoint' ? Math.max(explored - 1, 0) : null,
    violated: found?.violated ?? 0, ops: trace,
    bytes: set.bytes, wordsPerState: packer.words,
  };
}

function same(a: Int32Array, b: Int32Array): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The states from the root to state id and the operation into each: for each
 * state, the first state of the level above (in id order) with an operation
 * (in enumeration order) into it. That is the transition that discovered it,
 * so the path is the one parent pointers would have kept, at the cost of
 * expanding at most one level per step, once per counterexample.
 */
function tracePath(m: Machine, ok: (n: OpName) => boolean, canon: Canonicalizer, packer: Packer, set: StateSet, levels: readonly number[], id: number): { id: number; op: number }[] {
  const L = m.L;
  const want = new Int32Array(packer.words);
  const packed = new Int32Array(packer.words);
  const cur = new Int32Array(L.length);
  const work = new Int32Array(L.length);
  let ops = new Int32Array(1024);
  const out: { id: number; op: number }[] = [];
  let d = levels.findIndex((start, k) => id >= start && id < (levels[k + 1] ?? Number.POSITIVE_INFINITY));
  for (let x = id; x > 0; d--) {
    set.load(x, want);
    let from = -1;
    let via = 0;
    search: for (let p = levels[d - 1] ?? 0; p < (levels[d] ?? 0); p++) {
      set.load(p, packed);
      packer.unpack(packed, 0, cur);
      m.s = cur;
      let n = enumerate(m, ok, ops);
      while (n >= ops.length) {
        ops = new Int32Array(ops.length * 4);
        n = enumerate(m, ok, ops);
      }
      m.s = work;
      for (let j = 0; j < n; j++) {
        work.set(cur);
        if (!apply(m, ops[j] ?? 0)) continue;
        canon.run(work);
        if (canon.key.every((v, i) => v === want[i])) {
          from = p;
          via = ops[j] ?? 0;
          break search;
        }
      }
    }
    if (from < 0) throw new Error('checker trace: a stored state has no predecessor in the level above');
    out.unshift({ id: from, op: via });
    x = from;
  }
  return out;
}

/**
 * The operations from the root along steps, then last: stored states are
 * canonical (IOASes renamed), so each step is replayed from the root without
 * renaming and each operation renamed back to the IOAS it acted on there.
 */
function path(m: Machine, canon: Canonicalizer, packer: Packer, set: StateSet, trail: readonly { id: number; op: number }[], id: number, last: number): Op[] {
  const L = m.L;
  const ids = [...trail.map((t) => t.id), id];
  const steps = [...trail.map((t) => t.op), last];
  const real = rootState(L, frameZeroedByHost(0));
  const stored = new Int32Array(packer.words);
  const t = new Int32Array(L.length);
  const map = new Int32Array(L.maxPagesObjs + 1);
  const old = new Int32Array((L.maxPagesObjs + 1) * PO_FIELDS);
  const out: Op[] = [];
  steps.forEach((op, k) => {
    set.load(ids[k] ?? 0, stored);
    // Which renaming of the real state is the stored one.
    const q = canon.perms.findIndex((perm) => {
      canon.permute(real, perm, t);
      canonicalize(L, t, map, old);
      packer.pack(t, canon.key, 0);
      return canon.key.every((v, i) => v === stored[i]);
    });
    if (q < 0) throw new Error('checker trace: a stored state is no renaming of the replayed one');
    const mine = renameIoas(op, canon.perms[q] ?? Int32Array.of());
    out.push(decode(L, real, mine));
    m.s = real;
    apply(m, mine);
    canonicalize(L, real, map, old);
  });
  return out;
}
