/**
 * Every state the checker has met, stored back to back in fixed-size chunks of
 * one arena (growing never copies, and never allocates past the chunk being
 * filled), with an open-addressing hash table of state ids. A table entry holds
 * the id + 1 in its low bits and the top bits of the state's hash above them
 * (a tag): most probes that meet another state are told apart by the tag without
 * reading that state, and no hash is stored per state (growing the table hashes
 * the arena again). A tag match is confirmed word by word, so a collision can
 * never merge two different states.
 * Ids are discovery order, so a breadth-first level is a contiguous id range.
 */

/** States per arena chunk (2^16): large enough that chunk lookups stay cheap, small enough that the last one wastes little. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
/** The table grows past this load (linear probing stays within a cache line or two below it). */
const MAX_LOAD = 0.7;

/** Bits to hold 0..n. */
const bitsFor = (n: number): number => (n <= 0 ? 0 : 32 - Math.clz32(n));

export class StateSet {
  private readonly chunks: Int32Array[] = [];
  private table: Uint32Array;
  private mask: number;
  /** Entries hold id + 1 in idBits bits; the tag is the hash's top 32 - idBits bits. */
  private readonly idBits: number;
  private readonly idMask: number;
  size = 0;

  /**
   * limit: the most states this set will ever hold (the search's --max-states),
   * so that growing never allocates beyond what the limit needs.
   */
  constructor(
    readonly width: number,
    readonly limit = 1 << 30,
  ) {
    this.idBits = Math.min(31, bitsFor(limit + 1));
    this.idMask = this.idBits >= 31 ? 0x7fffffff : (1 << this.idBits) - 1;
    this.table = new Uint32Array(1 << 16);
    this.mask = (1 << 16) - 1;
  }

  /** The most bytes a set of `limit` states of `width` words holds: the arena, and the table at its largest (load just above MAX_LOAD / 2). */
  static bytesPerState(width: number): number {
    return 4 * width + Math.ceil((4 * 2) / MAX_LOAD);
  }

  /** Bytes held by the set (arena chunks and table). */
  allocatedBytes(): number {
    return this.bytes;
  }

  get bytes(): number {
    let n = this.table.byteLength;
    for (const c of this.chunks) n += c.byteLength;
    return n;
  }

  private static hash(s: Int32Array, at: number, n: number): number {
    // murmur3's 32-bit mixing, one state word at a time.
    let h = 0x9747b28c;
    for (let i = 0; i < n; i++) {
      let k = Math.imul(s[at + i] as number, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  private tagOf(h: number): number {
    return this.idBits >= 31 ? 0 : ((h >>> this.idBits) << this.idBits) >>> 0;
  }

  private equals(id: number, s: Int32Array): boolean {
    const w = this.width;
    const c = this.chunks[id >>> CHUNK_BITS] as Int32Array;
    const base = (id & (CHUNK - 1)) * w;
    for (let i = 0; i < w; i++) if (c[base + i] !== s[i]) return false;
    return true;
  }

  /** The slot holding a state equal to s, or the empty slot where it would go (then ~slot, negative). */
  private find(s: Int32Array, h: number): number {
    const tag = this.tagOf(h);
    const idMask = this.idMask;
    const t = this.table;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = t[slot] as number;
      if (e === 0) return ~slot;
      if (((e & ~idMask) >>> 0) === tag && this.equals((e & idMask) - 1, s)) return slot;
    }
  }

  /** Is a state equal to s already there? */
  has(s: Int32Array): boolean {
    return this.find(s, StateSet.hash(s, 0, this.width)) >= 0;
  }

  /** Add s; returns its new id, or -1 when an equal state is already there. */
  add(s: Int32Array): number {
    const h = StateSet.hash(s, 0, this.width);
    const slot = this.find(s, h);
    if (slot >= 0) return -1;
    const id = this.size++;
    const w = this.width;
    const at = id & (CHUNK - 1);
    if (at === 0) this.chunks.push(new Int32Array(w * Math.min(CHUNK, Math.max(1, this.limit - id))));
    (this.chunks[id >>> CHUNK_BITS] as Int32Array).set(s.subarray(0, w), at * w);
    this.table[~slot] = (this.tagOf(h) | (id + 1)) >>> 0;
    if (this.size > MAX_LOAD * (this.mask + 1)) this.rehash();
    return id;
  }

  /** Copy state id into out. */
  load(id: number, out: Int32Array): void {
    const w = this.width;
    const at = (id & (CHUNK - 1)) * w;
    out.set((this.chunks[id >>> CHUNK_BITS] as Int32Array).subarray(at, at + w));
  }

  private rehash(): void {
    const t = new Uint32Array(this.table.length * 2);
    const mask = t.length - 1;
    const w = this.width;
    for (let id = 0; id < this.size; id++) {
      const c = this.chunks[id >>> CHUNK_BITS] as Int32Array;
      const h = StateSet.hash(c, (id & (CHUNK - 1)) * w, w);
      let slot = h & mask;
      while (t[slot] !== 0) slot = (slot + 1) & mask;
      t[slot] = (this.tagOf(h) | (id + 1)) >>> 0;
    }
    this.table = t;
    this.mask = mask;
  }
}
