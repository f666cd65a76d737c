/**
 * Per-page state of the model lives in RangeStores: one small integer per page.
 * Two implementations with one contract, so that the model code is written once
 * over runs `(start, len, value)`:
 * - PageStore (the reference engine) hands out every page as its own run of 1;
 * - ExtentStore (the fast engine) keeps runs of equal values and hands out
 *   whole runs, so its cost grows with the number of extents, not pages.
 * The differential test drives both through the same operations and requires
 * equal metrics and violations: any run-splitting or merging bug shows there.
 */

export type RunVisitor = (start: number, len: number, value: number) => void;
/** Returns the new value of a run; may record side effects for [start, start+len). */
export type RunUpdater = (value: number, start: number, len: number) => number;

export interface RangeStore {
  readonly length: number;
  /** Visit [start, end) as runs (page-granular for PageStore). */
  runs(start: number, end: number, visit: RunVisitor): void;
  /** Replace each run's value in [start, end) by update(value, runStart, runLen). */
  apply(start: number, end: number, update: RunUpdater): void;
  clone(): RangeStore;
  /** Compact text key for the checker's state hashing. */
  key(): string;
}

export type EngineKind = 'reference' | 'fast';

/** The reference engine refuses universes it cannot hold page by page. */
export const REFERENCE_MAX_PAGES = 1 << 24;

export function makeStore(engine: EngineKind, length: number, initial: number): RangeStore {
  return engine === 'reference' ? PageStore.filled(length, initial) : ExtentStore.filled(length, initial);
}

export class PageStore implements RangeStore {
  private constructor(private readonly values: Uint8Array) {}
  static filled(length: number, initial: number): PageStore {
    if (length > REFERENCE_MAX_PAGES) {
      throw new RangeError(`reference engine holds at most ${REFERENCE_MAX_PAGES} pages per object (asked ${length})`);
    }
    return new PageStore(new Uint8Array(length).fill(initial));
  }
  get length(): number {
    return this.values.length;
  }
  runs(start: number, end: number, visit: RunVisitor): void {
    for (let i = start; i < end; i++) visit(i, 1, this.values[i] ?? 0);
  }
  apply(start: number, end: number, update: RunUpdater): void {
    for (let i = start; i < end; i++) this.values[i] = update(this.values[i] ?? 0, i, 1);
  }
  clone(): PageStore {
    return new PageStore(this.values.slice());
  }
  key(): string {
    return String.fromCharCode(...this.values);
  }
}

/**
 * Runs as parallel arrays: starts[k] is where run k begins, vals[k] its value;
 * run k ends where run k+1 begins (or at length). Adjacent equal runs are merged
 * after every apply, so the representation is canonical.
 */
export class ExtentStore implements RangeStore {
  private constructor(
    readonly length: number,
    private starts: number[],
    private vals: number[],
  ) {}
  static filled(length: number, initial: number): ExtentStore {
    return new ExtentStore(length, length > 0 ? [0] : [], length > 0 ? [initial] : []);
  }
  get extents(): number {
    return this.starts.length;
  }
  /** Index of the run containing position pos (binary search). */
  private find(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  private endOf(k: number): number {
    return this.starts[k + 1] ?? this.length;
  }
  runs(start: number, end: number, visit: RunVisitor): void {
    if (start >= end) return;
    for (let k = this.find(start); k < this.starts.length; k++) {
      const s = Math.max(this.starts[k] ?? 0, start);
      const e = Math.min(this.endOf(k), end);
      if (s >= end) break;
      visit(s, e - s, this.vals[k] ?? 0);
    }
  }
  apply(start: number, end: number, update: RunUpdater): void {
    if (start >= end) return;
    const first = this.find(start);
    const outS: number[] = this.starts.slice(0, first);
    const outV: number[] = this.vals.slice(0, first);
    const push = (s: number, v: number): void => {
      if (outV.length > 0 && outV[outV.length - 1] === v) return; // merge with previous run
      outS.push(s);
      outV.push(v);
    };
    let k = first;
    for (; k < this.starts.length; k++) {
      const rs = this.starts[k] ?? 0;
      const re = this.endOf(k);
      const v = this.vals[k] ?? 0;
      if (rs >= end) break;
      if (rs < start) push(rs, v);
      const s = Math.max(rs, start);
      const e = Math.min(re, end);
      push(s, update(v, s, e - s));
      if (re > end) push(end, v);
    }
    for (; k < this.starts.length; k++) push(this.starts[k] ?? 0, this.vals[k] ?? 0);
    this.starts = outS;
    this.vals = outV;
  }
  clone(): ExtentStore {
    return new ExtentStore(this.length, this.starts.slice(), this.vals.slice());
  }
  key(): string {
    let out = '';
    for (let k = 0; k < this.starts.length; k++) out += `${this.starts[k]}:${this.vals[k]},`;
    return out;
  }
}
