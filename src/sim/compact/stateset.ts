/**
 * Every state the checker has met, stored back to back in one growing
 * Int32Array (the arena), with an open-addressing hash table of state ids.
 * Hashes are numbers over the state's words; a hash match is confirmed word by
 * word, so a collision can never merge two different states.
 * Ids are discovery order, so a breadth-first level is a contiguous id range.
 */
export class StateSet {
  private arena: Int32Array;
  private hashes: Int32Array;
  private table: Int32Array;
  private mask: number;
  size = 0;

  /**
   * limit: the most states this set will ever hold (the search's --max-states),
   * so that growing never allocates beyond what the limit needs.
   */
  constructor(readonly width: number, readonly limit = 1 << 30) {
    // Room for 2^15 states up front: most bounded searches never grow.
    const first = Math.min(1 << 15, Math.max(limit, 1));
    this.arena = new Int32Array(width * first);
    this.hashes = new Int32Array(first);
    this.table = new Int32Array(1 << 16);
    this.mask = (1 << 16) - 1;
  }

  /** Bytes held by the set (arena, hashes, table). */
  allocatedBytes(): number {
    return this.bytes;
  }

  get bytes(): number {
    return this.arena.byteLength + this.hashes.byteLength + this.table.byteLength;
  }

  private static hash(s: Int32Array, n: number): number {
    // murmur3's 32-bit mixing, one state word at a time.
    let h = 0x9747b28c;
    for (let i = 0; i < n; i++) {
      let k = Math.imul(s[i] ?? 0, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h ^= Math.imul(k, 0x1b873593);
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  private equals(id: number, s: Int32Array): boolean {
    const w = this.width;
    const base = id * w;
    const a = this.arena;
    for (let i = 0; i < w; i++) if (a[base + i] !== s[i]) return false;
    return true;
  }

  /** Is a state equal to s already there? */
  has(s: Int32Array): boolean {
    const h = StateSet.hash(s, this.width);
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = this.table[slot] ?? 0;
      if (e === 0) return false;
      if (this.hashes[e - 1] === h && this.equals(e - 1, s)) return true;
    }
  }

  /** Add s; returns its new id, or -1 when an equal state is already there. */
  add(s: Int32Array): number {
    const h = StateSet.hash(s, this.width);
    let slot = h & this.mask;
    for (;;) {
      const e = this.table[slot] ?? 0;
      if (e === 0) break;
      if (this.hashes[e - 1] === h && this.equals(e - 1, s)) return -1;
      slot = (slot + 1) & this.mask;
    }
    const id = this.size++;
    if (id * this.width + this.width > this.arena.length) this.growArena();
    this.arena.set(s.subarray(0, this.width), id * this.width);
    this.hashes[id] = h;
    this.table[slot] = id + 1;
    if (this.size * 2 > this.mask) this.rehash();
    return id;
  }

  /** Copy state id into out. */
  load(id: number, out: Int32Array): void {
    out.set(this.arena.subarray(id * this.width, (id + 1) * this.width));
  }

  private growArena(): void {
    const states = Math.min(this.hashes.length * 2, Math.max(this.limit, this.size + 1));
    const a = new Int32Array(states * this.width);
    a.set(this.arena);
    this.arena = a;
    const h = new Int32Array(states);
    h.set(this.hashes);
    this.hashes = h;
  }

  private rehash(): void {
    const t = new Int32Array(this.table.length * 2);
    const mask = t.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = (this.hashes[id] ?? 0) & mask;
      while (t[slot] !== 0) slot = (slot + 1) & mask;
      t[slot] = id + 1;
    }
    this.table = t;
    this.mask = mask;
  }
}
