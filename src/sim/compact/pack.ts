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
  /** Pack state s into out[at .. at+words). */
  readonly pack: (s: Int32Array, out: Int32Array, at: number) => void;
  /** Unpack src[at ..] into state s (every slot of s is written). */
  readonly unpack: (src: Int32Array, at: number, s: Int32Array) => void;

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
    this.bitsPerState = fields.reduce((n, f) => n + f[1], 0);
    this.words = Math.max(1, Math.ceil(this.bitsPerState / 32));
    const code = compile(fields, P);
    const misfit = (off: number, v: number, width: number): never => {
      throw new RangeError(`state word ${off} = ${v} does not fit the ${width} bits the universe gives it`);
    };
    // Packing is a third of the checker's time when interpreted field by field (five table reads
    // and a branch per field, ~70 fields, for every successor): the layout is fixed per universe,
    // so it is compiled once into straight-line code with the offsets and widths as constants.
    const pack = new Function('s', 'out', 'at', 'misfit', code.pack) as (
      s: Int32Array,
      out: Int32Array,
      at: number,
      misfit: (off: number, v: number, width: number) => never,
    ) => void;
    this.pack = (s, out, at) => pack(s, out, at, misfit);
    this.unpack = new Function('src', 'at', 's', code.unpack) as (src: Int32Array, at: number, s: Int32Array) => void;
  }

}

/**
 * The bodies of pack and unpack for these fields: each field's value (plus its bias; a domain
 * word with its stale and released bits moved next to its two flags) shifted into the word it
 * starts in, spilling into the next when it straddles a word boundary; a value that does not fit
 * its width is reported, never truncated.
 */
function compile(fields: readonly (readonly [number, number, number, number])[], P: number): { pack: string; unpack: string } {
  const m = (1 << P) - 1;
  const pack: string[] = ['let acc = 0;', 'let v = 0;'];
  const unpack: string[] = ['s.fill(0);', 'let v = 0;'];
  let w = 0;
  let used = 0;
  for (const [off, width, bias, kind] of fields) {
    if (width >= 32) throw new RangeError(`a packed field of ${width} bits`);
    pack.push(`v = s[${off}] + ${bias};`);
    if (kind === KIND_DOMAIN) pack.push(`v = (v & 3) | (((v >> ${D_STALE_SHIFT}) & ${m}) << 2) | (((v >> ${D_RELEASED_SHIFT}) & ${m}) << ${2 + P});`);
    pack.push(`if ((v >>> ${width}) !== 0) misfit(${off}, v - ${bias}, ${width});`);
    pack.push(`acc |= v << ${used};`);
    let get = `(src[at + ${w}] >>> ${used})`;
    if (used + width > 32) get = `(${get} | (src[at + ${w + 1}] << ${32 - used}))`;
    unpack.push(`v = ${get} & ${(1 << width) - 1};`);
    if (kind === KIND_DOMAIN) unpack.push(`v = (v & 3) | (((v >> 2) & ${m}) << ${D_STALE_SHIFT}) | (((v >> ${2 + P}) & ${m}) << ${D_RELEASED_SHIFT});`);
    unpack.push(`s[${off}] = v - ${bias};`);
    used += width;
    if (used >= 32) {
      pack.push(`out[at + ${w}] = acc;`);
      used -= 32;
      w++;
      pack.push(used > 0 ? `acc = v >>> ${width - used};` : 'acc = 0;');
    }
  }
  const words = Math.max(1, Math.ceil(fields.reduce((n, f) => n + f[1], 0) / 32));
  for (; w < words; w++) {
    pack.push(`out[at + ${w}] = acc;`);
    pack.push('acc = 0;');
  }
  return { pack: pack.join('\n'), unpack: unpack.join('\n') };
}
