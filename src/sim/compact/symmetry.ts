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
import { A_FIELDS, ioAt, PO_FIELDS, type Layout } from './layout.js';
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
  return out;
}

const SWAP = Int32Array.of(1, 0);

export class Canonicalizer {
  /** perms[q][j]: the IOAS of the original state that becomes IOAS j. */
  readonly perms: Int32Array[];
  /** The packed canonical form of the last state given to run(). */
  readonly key: Int32Array;
  private readonly cand: Int32Array;
  private readonly t: Int32Array;
  private readonly map: Int32Array;
  private readonly old: Int32Array;
  private readonly sig: Float64Array;

  constructor(readonly L: Layout, readonly packer: Packer, symmetry: boolean) {
    this.perms = symmetry ? permutations(L.nIoas) : [Int32Array.from({ length: L.nIoas }, (_, i) => i)];
    this.key = new Int32Array(packer.words);
    this.cand = new Int32Array(packer.words);
    this.t = new Int32Array(L.length);
    this.map = new Int32Array(L.maxPagesObjs + 1);
    this.old = new Int32Array((L.maxPagesObjs + 1) * PO_FIELDS);
    this.sig = new Float64Array(L.nIoas);
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

  /**
   * Canonicalize s in place (pages renumbered) and leave its orbit's packed form
   * in key. IOASes are ordered by a signature that does not depend on any
   * numbering; only IOASes with equal signatures need their orders compared
   * packed (the least wins), so most states are packed once.
   */
  run(s: Int32Array): void {
    const L = this.L;
    canonicalize(L, s, this.map, this.old);
    if (this.perms.length === 1) {
      this.packer.pack(s, this.key, 0);
      return;
    }
    if (L.nIoas === 2) {
      const a = this.signature(s, 0);
      const b = this.signature(s, 1);
      // The common case, without trying orders: the IOAS with the lower signature comes first.
      if (a < b) {
        this.packer.pack(s, this.key, 0);
        return;
      }
      if (a > b) {
        this.permute(s, SWAP, this.t);
        canonicalize(L, this.t, this.map, this.old);
        this.packer.pack(this.t, this.key, 0);
        return;
      }
    }
    const sig = this.sig;
    for (let i = 0; i < L.nIoas; i++) sig[i] = this.signature(s, i);
    let first = true;
    for (const perm of this.perms) {
      let sorted = true;
      for (let j = 1; j < perm.length && sorted; j++) sorted = (sig[perm[j - 1] ?? 0] ?? 0) <= (sig[perm[j] ?? 0] ?? 0);
      if (!sorted) continue;
      this.permute(s, perm, this.t);
      canonicalize(L, this.t, this.map, this.old);
      this.packer.pack(this.t, first ? this.key : this.cand, 0);
      if (!first && less(this.cand, this.key)) this.key.set(this.cand);
      first = false;
    }
  }

  /** A hash of IOAS i's block with each area's pages object replaced by its contents: the same under any renaming. */
  private signature(s: Int32Array, i: number): number {
    // The checker's hottest function after the hash table: offsets read once, no bounds fallbacks.
    const o = this.L.io + i * this.L.ioStride;
    const head = this.L.ioAreas;
    const po0 = this.L.po;
    let h = 0x811c9dc5;
    for (let k = 0; k < head; k++) h = Math.imul(h ^ (s[o + k] as number), 0x01000193);
    const na = s[o + 1] as number;
    for (let a = 0, ao = o + head; a < na; a++, ao += A_FIELDS) {
      const po = po0 + (s[ao] as number) * PO_FIELDS;
      for (let f = 0; f < PO_FIELDS; f++) h = Math.imul(h ^ (s[po + f] as number), 0x01000193);
      for (let f = 1; f < A_FIELDS; f++) h = Math.imul(h ^ (s[ao + f] as number), 0x01000193);
    }
    return h >>> 0;
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
