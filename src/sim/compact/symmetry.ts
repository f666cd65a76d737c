/**
 * Symmetry reduction: IOASes are interchangeable up to renaming (every
 * operation is offered for each of them alike, and no rule of either engine
 * looks at an IOAS's number: see read-order.ts for the one place where the
 * order used to leak in). A state is stored as the least packed encoding over
 * every renaming of its IOASes, each with its pages objects renumbered by first
 * use, so the search visits one state per orbit.
 *
 * Pages, domains and areas are not interchangeable in this model: a buffer
 * page's position decides which slices cover it, a domain's slot decides which
 * one becomes storage_domain (domains[0]) and which moves on removal, an area's
 * slot is its IOVA order, which fill_domain follows.
 */
import { ioAt, type Layout } from './layout.js';
import { canonicalize } from './ops.js';
import type { Packer } from './pack.js';

function permutations(n: number): Int32Array[] {
  if (n <= 1) return [Int32Array.of(0)];
  const out: Int32Array[] = [];
  for (const rest of permutations(n - 1)) {
    for (let at = 0; at < n; at++) {
      const p = [...rest];
      p.splice(at, 0, n - 1);
      out.push(Int32Array.from(p));
    }
  }
  // The identity first, so that a state already in canonical order wins ties cheaply.
  out.sort((a, b) => Number(b.every((v, i) => v === i)) - Number(a.every((v, i) => v === i)));
  return out;
}

export class Canonicalizer {
  /** perms[q][j]: the IOAS of the original state that becomes IOAS j. */
  readonly perms: Int32Array[];
  /** The packed canonical form of the last state given to run(). */
  readonly key: Int32Array;
  private readonly cand: Int32Array;
  private readonly t: Int32Array;
  private readonly map: Int32Array;
  private readonly old: Int32Array;

  constructor(readonly L: Layout, readonly packer: Packer, symmetry: boolean) {
    this.perms = symmetry ? permutations(L.nIoas) : [Int32Array.from({ length: L.nIoas }, (_, i) => i)];
    this.key = new Int32Array(packer.words);
    this.cand = new Int32Array(packer.words);
    this.t = new Int32Array(L.length);
    this.map = new Int32Array(L.maxPagesObjs + 1);
    this.old = new Int32Array((L.maxPagesObjs + 1) * 4);
  }

  /** s with its IOAS blocks renamed by perm, into out. */
  permute(s: Int32Array, perm: Int32Array, out: Int32Array): void {
    const L = this.L;
    out.set(s);
    for (let j = 0; j < L.nIoas; j++) {
      const from = perm[j] ?? j;
      if (from !== j) out.set(s.subarray(ioAt(L, from), ioAt(L, from) + L.ioStride), ioAt(L, j));
    }
  }

  /** Canonicalize s in place (pages renumbered) and leave its orbit's packed form in key; returns the permutation used. */
  run(s: Int32Array): number {
    const L = this.L;
    canonicalize(L, s, this.map, this.old);
    this.packer.pack(s, this.key, 0);
    let best = 0;
    for (let q = 1; q < this.perms.length; q++) {
      this.permute(s, this.perms[q] ?? Int32Array.of(), this.t);
      canonicalize(L, this.t, this.map, this.old);
      this.packer.pack(this.t, this.cand, 0);
      if (less(this.cand, this.key)) {
        this.key.set(this.cand);
        best = q;
      }
    }
    return best;
  }
}

function less(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] ?? 0) >>> 0;
    const y = (b[i] ?? 0) >>> 0;
    if (x !== y) return x < y;
  }
  return false;
}
