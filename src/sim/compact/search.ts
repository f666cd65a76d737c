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
import type { Op } from '../types.js';
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
 * memory, so a verdict does not depend on where it was computed.
 */
export const STATE_MEMORY_BYTES = 512 * 1024 * 1024;

/** Bytes one state costs at most: its packed words and hash, up to four table slots, its parent and operation. */
export function bytesPerState(width: number): number {
  return 4 * width + 4 + 16 + 16;
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

/** A growable Int32 column that never holds more than limit entries. */
class Column {
  a: Int32Array;
  constructor(private readonly limit: number) {
    this.a = new Int32Array(Math.min(1024, limit));
  }
  put(i: number, v: number): void {
    if (i >= this.a.length) {
      const b = new Int32Array(Math.max(i + 1, Math.min(this.a.length * 2, this.limit)));
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
  const packer = new Packer(L, policy);
  const canon = new Canonicalizer(L, packer, lim.symmetry !== false);
  const limit = Math.min(lim.maxStates ?? Number.POSITIVE_INFINITY, memoryStateLimit(packer.words));
  const set = new StateSet(packer.words, limit);
  const root = rootState(L, frameZeroedByHost(0));
  canon.run(root);
  set.add(canon.key);
  const parent = new Column(limit);
  const via = new Column(limit);
  parent.put(0, -1);
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
        canon.run(work);
        if (set.size >= limit) {
          if (set.has(canon.key)) continue;
          stoppedBy = 'states';
          break outer;
        }
        const nid = set.add(canon.key);
        if (nid < 0) continue;
        parent.put(nid, id);
        via.put(nid, op);
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
  }
  const trace = found === null ? null : path(m, canon, packer, set, parent, via, found.id, found.op);
  return {
    states: set.size, transitions, explored, stoppedBy,
    diameter: stoppedBy === 'fixpoint' ? Math.max(explored - 1, 0) : null,
    violated: found?.violated ?? 0, ops: trace,
    bytes: set.bytes + parent.a.byteLength + via.a.byteLength, wordsPerState: packer.words,
  };
}

/**
 * The operations from the root to state id, then last: stored states are
 * canonical (IOASes renamed), so each step is replayed from the root without
 * renaming and each operation renamed back to the IOAS it acted on there.
 */
function path(m: Machine, canon: Canonicalizer, packer: Packer, set: StateSet, parent: Column, via: Column, id: number, last: number): Op[] {
  const L = m.L;
  const ids: number[] = [];
  for (let x = id; x >= 0; x = parent.at(x)) ids.unshift(x);
  const steps = ids.slice(1).map((x) => via.at(x));
  steps.push(last);
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
