/**
 * A seed family's model state as the replay draws it. Each family keeps its
 * world in a plain object of its own shape (flush placement: pages of
 * {mapped, iotlb, cache, guest}; the range flush: per IOVA page arrays pte,
 * gen, tlb, queued; nested invalidation: a batch of commands; No-Snoop: one
 * device's bits). Read here once, at the boundary, into a table: the arrays
 * of one length become rows (one per index, a column per array or per field of
 * its objects), everything else a field (a record of more than a few fields
 * spread into fields of its own).
 *
 *   { pte: [1, 0], tlb: [1, 1], op: {kind: 'unmap', pc: 2} }
 *     ->  rows  #0  pte 1  tlb 1      fields  op  kind=unmap pc=2
 *               #1  pte 0  tlb 1
 */

export interface StateTable {
  /** The column heads of the rows ("pte", "pages.cache" when two arrays of objects share a length). */
  readonly heads: readonly string[];
  /** One row per index: its label (#0, #1, ...) and a cell per head. */
  readonly rows: readonly { readonly label: string; readonly cells: readonly string[] }[];
  readonly fields: readonly { readonly name: string; readonly value: string }[];
}

/** Bounds a hostile or runaway state to a screenful: a family's universe is a few pages. */
const MAX_ROWS = 64;
const MAX_TEXT = 200;
/** A record of up to this many fields is one field ("op kind=unmap s=0 pc=2"); a larger one is spread into fields. */
const INLINE_FIELDS = 5;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A value in a cell or a field: scalars as they are, objects as k=v, arrays in brackets (nested ones shallowly). */
export function valueText(x: unknown, depth = 0): string {
  let text: string;
  if (x === null || x === undefined) text = '-';
  else if (typeof x === 'boolean') text = x ? 'yes' : 'no';
  else if (typeof x === 'number' || typeof x === 'string') text = String(x);
  else if (depth > 1) text = '…';
  else if (Array.isArray(x)) text = `[${x.map((v) => valueText(v, depth + 1)).join(' ')}]`;
  else if (isRecord(x))
    text = Object.entries(x)
      .map(([k, v]) => `${k}=${valueText(v, depth + 1)}`)
      .join(' ');
  else text = String(x);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

export function tableOf(state: unknown): StateTable {
  if (!isRecord(state)) return { heads: [], rows: [], fields: [{ name: 'state', value: valueText(state) }] };
  const arrays = Object.entries(state).filter((e): e is [string, unknown[]] => Array.isArray(e[1]) && e[1].length > 0);
  // The rows: the length most arrays share (the pages of the universe), the longer one on a tie.
  const byLength = new Map<number, number>();
  for (const [, a] of arrays) byLength.set(a.length, (byLength.get(a.length) ?? 0) + 1);
  const length = [...byLength].sort((x, y) => y[1] - x[1] || y[0] - x[0])[0]?.[0] ?? 0;
  const columns = arrays.filter(([, a]) => a.length === length);
  const inRows = new Set(columns.map(([k]) => k));
  const objectArrays = columns.filter(([, a]) => a.every(isRecord)).length;
  const heads: string[] = [];
  const pick: ((i: number) => string)[] = [];
  for (const [name, a] of columns) {
    if (a.every(isRecord)) {
      const keys = [...new Set(a.flatMap((o) => Object.keys(o as Record<string, unknown>)))];
      for (const k of keys) {
        heads.push(objectArrays > 1 ? `${name}.${k}` : k);
        pick.push((i) => valueText((a[i] as Record<string, unknown>)[k], 1));
      }
    } else {
      heads.push(name);
      pick.push((i) => valueText(a[i], 1));
    }
  }
  const rows = Array.from({ length: Math.min(length, MAX_ROWS) }, (_, i) => ({
    label: `#${i}`,
    cells: pick.map((p) => p(i)),
  }));
  // A record of many fields is the state itself wrapped (No-Snoop's device): its fields are the state's.
  const taken = new Set(Object.keys(state));
  const fields = Object.entries(state)
    .filter(([k]) => !inRows.has(k))
    .flatMap(([name, v]) =>
      isRecord(v) && Object.keys(v).length > INLINE_FIELDS
        ? Object.entries(v).map(([k, x]) => ({ name: taken.has(k) ? `${name}.${k}` : k, value: valueText(x) }))
        : [{ name, value: valueText(v) }],
    );
  return { heads, rows, fields };
}
