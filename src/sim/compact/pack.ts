/**
 * The visited set's encoding: a compact state (layout.ts, ~60 Int32 words) packed
 * into as few bits as its fields can need in this universe (~140 bits, 5 words,
 * in the default one), so that the fixpoint of the default universe (millions of
 * states) fits in a few hundred megabytes instead of gigabytes.
 *
 * Every field has a width computed from the universe (a frame: 4 data bits and
 * enough for as many pins as there can be pages objects; an area's storage slot:
 * -1..domains-1, stored with a bias of 1; a domain word: coherent, No-Snoop and
 * its per-page stale and released bits). A value that does not fit is a bug or a
 * policy whose counters run away: packing throws rather than merging states.
 */
import type { CompiledPolicy } from '../policy/load.js';
import { A_FIELDS, D_RELEASED_SHIFT, D_STALE_SHIFT, IO_PENDING, IO_UNMAPPING, ioAt, PO_FIELDS, X_FIELDS, type Layout } from './layout.js';

/** Bits to hold 0..n. */
const bitsFor = (n: number): number => (n <= 0 ? 0 : 32 - Math.clz32(n));
const COUNTER_BITS = 8;
const COUNTER_BIAS = 1 << (COUNTER_BITS - 1);
const KIND_PLAIN = 0;
const KIND_DOMAIN = 1;

export class Packer {
  /** Packed words per state. */
  readonly words: number;
  readonly bitsPerState: number;
  private readonly off: Int32Array;
  private readonly width: Int32Array;
  private readonly bias: Int32Array;
  private readonly kind: Uint8Array;
  private readonly pageMask: number;

  constructor(readonly L: Layout, policy: CompiledPolicy) {
    const fields: [number, number, number, number][] = [];
    const add = (off: number, width: number, bias = 0, kind = KIND_PLAIN): void => {
      if (width > 0) fields.push([off, width, bias, kind]);
    };
    const P = L.pages;
    const nFlags = (scope: 'pages' | 'area' | 'ioas'): number => {
      const bits = [...policy.flagBit[scope].values()];
      return bits.length === 0 ? 0 : Math.max(...bits) + 1;
    };
    for (let k = 0; k < P; k++) add(k, 4 + bitsFor(L.maxPagesObjs));
    add(L.npages, bitsFor(L.maxPagesObjs));
    add(L.naccesses, bitsFor(L.maxAccesses));
    for (let p = 0; p < L.maxPagesObjs; p++) {
      const o = L.po + p * PO_FIELDS;
      add(o, bitsFor(P - 1));
      add(o + 1, bitsFor(P));
      add(o + 2, nFlags('pages'));
      add(o + 3, P);
      add(o + 4, policy.pagesCounter === null ? 0 : COUNTER_BITS, COUNTER_BIAS);
    }
    for (let i = 0; i < L.nIoas; i++) {
      const o = ioAt(L, i);
      add(o, bitsFor(L.maxDomains));
      add(o + 1, bitsFor(L.maxAreas));
      add(o + 2, nFlags('ioas'));
      add(o + IO_UNMAPPING, bitsFor(L.maxAreas));
      add(o + IO_PENDING, bitsFor(L.maxDomains));
      for (let c = 0; c < L.nCounters; c++) add(o + L.ioCounters + c, COUNTER_BITS, COUNTER_BIAS);
      for (let d = 0; d < L.maxDomains; d++) add(o + L.ioDomains + d, 2 + 2 * P, 0, KIND_DOMAIN);
      for (let a = 0; a < L.maxAreas; a++) {
        const ao = o + L.ioAreas + a * A_FIELDS;
        add(ao, bitsFor(L.maxPagesObjs - 1));
        add(ao + 1, bitsFor(P - 1));
        add(ao + 2, bitsFor(P));
        add(ao + 3, bitsFor(L.maxDomains), 1);
        add(ao + 4, nFlags('area'));
      }
    }
    for (let x = 0; x < L.maxAccesses; x++) {
      const o = L.xs + x * X_FIELDS;
      add(o, bitsFor(L.maxPagesObjs - 1));
      add(o + 1, bitsFor(P - 1));
      add(o + 2, bitsFor(P));
    }
    this.off = Int32Array.from(fields, (f) => f[0]);
    this.width = Int32Array.from(fields, (f) => f[1]);
    this.bias = Int32Array.from(fields, (f) => f[2]);
    this.kind = Uint8Array.from(fields, (f) => f[3]);
    this.bitsPerState = fields.reduce((n, f) => n + f[1], 0);
    this.words = Math.max(1, Math.ceil(this.bitsPerState / 32));
    this.pageMask = (1 << P) - 1;
  }

  /** Pack state s into out[at .. at+words). */
  pack(s: Int32Array, out: Int32Array, at: number): void {
    out.fill(0, at, at + this.words);
    let w = at;
    let used = 0;
    const n = this.off.length;
    for (let f = 0; f < n; f++) {
      const width = this.width[f] ?? 0;
      let v = (s[this.off[f] ?? 0] ?? 0) + (this.bias[f] ?? 0);
      if (this.kind[f] === KIND_DOMAIN) {
        const m = this.pageMask;
        v = (v & 3) | (((v >> D_STALE_SHIFT) & m) << 2) | (((v >> D_RELEASED_SHIFT) & m) << (2 + this.L.pages));
      }
      if (v < 0 || v >>> width !== 0) throw new RangeError(`state word ${this.off[f]} = ${v - (this.bias[f] ?? 0)} does not fit the ${width} bits the universe gives it`);
      out[w] = (out[w] ?? 0) | (v << used);
      if (used + width > 32) out[w + 1] = v >>> (32 - used);
      used += width;
      if (used >= 32) {
        w++;
        used -= 32;
      }
    }
  }

  /** Unpack out[at ..] into state s (every slot of s is written). */
  unpack(src: Int32Array, at: number, s: Int32Array): void {
    s.fill(0);
    let w = at;
    let used = 0;
    const n = this.off.length;
    for (let f = 0; f < n; f++) {
      const width = this.width[f] ?? 0;
      let v = (src[w] ?? 0) >>> used;
      if (used + width > 32) v |= (src[w + 1] ?? 0) << (32 - used);
      v &= width === 32 ? -1 : (1 << width) - 1;
      used += width;
      if (used >= 32) {
        w++;
        used -= 32;
      }
      if (this.kind[f] === KIND_DOMAIN) {
        const P = this.L.pages;
        const m = this.pageMask;
        v = (v & 3) | (((v >> 2) & m) << D_STALE_SHIFT) | (((v >> (2 + P)) & m) << D_RELEASED_SHIFT);
      }
      s[this.off[f] ?? 0] = v - (this.bias[f] ?? 0);
    }
  }
}
