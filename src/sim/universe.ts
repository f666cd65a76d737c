/**
 * A small universe of objects and every operation possible in a state: what
 * the checker explores exhaustively and the random workloads sample from.
 * Operations name existing objects positionally (A<ioas>.<n>, D<ioas>.<n>,
 * X<n>), matching World.canonicalize; new objects are called "new".
 */
import type { CompiledPolicy } from './policy/load.js';
import type { Params } from './costs.js';
import { pinsOf } from './frame.js';
import type { Rng } from './rng.js';
import type { EngineKind } from './store.js';
import type { Op, OpName } from './types.js';
import { mappedDuringUnmap } from './model/iopt.js';
import { World } from './model/world.js';

export interface Universe {
  pages: number;
  ioas: number;
  domains: number;
  areas: number;
  accesses: number;
  exclude: ReadonlySet<OpName>;
  /**
   * Where a new area goes in its IOAS's IOVA order. append (the default): above every area;
   * any: at every place (the user picks IOVAs, so a map may land in a hole an unmap freed, or
   * below every area), which changes the order fill_domain walks the areas in.
   */
  iovaOrder?: 'append' | 'any';
}

/** The places a new area may take among n areas: n alone (append), or 0..n. */
export function orders(u: Universe, n: number): number[] {
  return u.iovaOrder === 'any' ? Array.from({ length: n + 1 }, (_, k) => k) : [n];
}

export const DEFAULT_UNIVERSE: Universe = { pages: 2, ioas: 2, domains: 2, areas: 3, accesses: 1, exclude: new Set() };

export const BUF = 'b0';

export function initialWorld(
  policy: CompiledPolicy,
  params: Params,
  u: Universe,
  engine: EngineKind = 'reference',
): World {
  const w = new World(policy.model, policy, params, engine);
  const n = policy.model === 'vfio-type1' ? 1 : u.ioas;
  for (let i = 0; i < n; i++)
    w.ioas.push({ name: `I${i}`, domains: [], areas: [], counters: policy.counters.map(() => 0), flags: 0 });
  return w;
}

/** An operation's order field: named only where the universe places areas anywhere, so appended ones read as before. */
const placed = (u: Universe, k: number): { order?: number } => (u.iovaOrder === 'any' ? { order: k } : {});

function slices(len: number): [number, number][] {
  const out: [number, number][] = [];
  for (let s = 0; s < len; s++) for (let n = 1; s + n <= len; n++) out.push([s, n]);
  return out;
}

/**
 * Every operation of the universe enabled in state w (alloc excluded: b0 exists
 * from the start); while an IOAS_UNMAP waits for an IOTLB sync, only what runs
 * beside it, then the sync (compact/ops.ts enumerate, in the same order).
 */
export function enumerateOps(w: World, u: Universe): Op[] {
  const vfio = w.model === 'vfio-type1';
  const idle = w.unmapping === null;
  const ok = (n: OpName): boolean =>
    !u.exclude.has(n) && (!vfio || !['copy', 'split', 'access', 'unaccess', 'enforce-cc'].includes(n));
  const out: Op[] = [];
  const nAreas = w.ioas.reduce((k, i) => k + i.areas.length, 0);
  const nDomains = w.ioas.reduce((k, i) => k + i.domains.length, 0);
  const buf = w.bufs[0];
  if (buf === undefined) return out;
  w.ioas.forEach((ioas, ii) => {
    if (idle && ok('map') && nAreas < u.areas) {
      for (const [s, n] of slices(buf.len)) {
        // VFIO: vfio_dma ranges may not overlap (-EEXIST).
        if (
          vfio &&
          ioas.areas.some((a) => {
            const p = w.pages[a.pages];
            return p != null && p.offset < s + n && p.offset + p.len > s;
          })
        )
          continue;
        for (const k of orders(u, ioas.areas.length))
          out.push({ op: 'map', ioas: ioas.name, buf: BUF, offset: s, pages: n, as: 'new', ...placed(u, k) });
      }
    }
    if (idle && ok('attach') && nDomains < u.domains) {
      out.push({ op: 'attach', ioas: ioas.name, domain: 'new', coherent: true });
      out.push({ op: 'attach', ioas: ioas.name, domain: 'new', coherent: false });
    }
    ioas.domains.forEach((d, di) => {
      const dn = `D${ii}.${di}`;
      if (idle && ok('detach')) out.push({ op: 'detach', domain: dn });
      if (idle && ok('nosnoop') && !d.coherent) out.push({ op: 'nosnoop', domain: dn, enabled: !d.noSnoop });
      if (idle && ok('enforce-cc') && !vfio && !d.coherent) out.push({ op: 'enforce-cc', domain: dn });
      if (ok('dma')) {
        ioas.areas.forEach((a, ai) => {
          if (!mappedDuringUnmap(w, ioas, a, di)) return;
          for (let k = 0; k < a.len; k++) {
            out.push({ op: 'dma', domain: dn, area: `A${ii}.${ai}`, offset: k, pages: 1, write: false });
            out.push({ op: 'dma', domain: dn, area: `A${ii}.${ai}`, offset: k, pages: 1, write: true });
          }
        });
      }
    });
    ioas.areas.forEach((a, ai) => {
      if (!idle) return;
      const an = `A${ii}.${ai}`;
      if (ok('unmap')) out.push({ op: 'unmap', area: an });
      if (ok('split') && nAreas < u.areas)
        for (let at = 1; at < a.len; at++) out.push({ op: 'split', area: an, at, left: 'new', right: 'new2' });
      if (ok('copy') && nAreas < u.areas) {
        for (const [s, n] of slices(a.len))
          for (const to of w.ioas)
            for (const k of orders(u, to.areas.length))
              out.push({ op: 'copy', from: an, offset: s, pages: n, to: to.name, as: 'new', ...placed(u, k) });
      }
      if (ok('access') && w.accesses.length < u.accesses) {
        for (let k = 0; k < a.len; k++) out.push({ op: 'access', area: an, offset: k, pages: 1, as: 'new' });
      }
    });
  });
  if (idle && ok('unaccess')) w.accesses.forEach((_x, xi) => out.push({ op: 'unaccess', access: `X${xi}` }));
  for (let k = 0; k < buf.len; k++) {
    if (ok('cpu')) {
      out.push({ op: 'cpu', buf: BUF, offset: k, pages: 1, kind: 'write' });
      out.push({ op: 'cpu', buf: BUF, offset: k, pages: 1, kind: 'prefetch' });
    }
    if (idle && ok('migrate')) {
      let free = false;
      buf.frames.runs(k, k + 1, (_s, _l, v) => {
        free = pinsOf(v) === 0;
      });
      if (free) out.push({ op: 'migrate', buf: BUF, offset: k, pages: 1 });
    }
  }
  // Stale IOTLB entries (only policies that defer the invalidation leave any).
  w.ioas.forEach((ioas, ii) => {
    ioas.domains.forEach((d, di) => {
      const stale: number[] = [];
      d.iotlb.get(0)?.runs(0, buf.len, (s, l, v) => {
        if (v !== 0) for (let k = s; k < s + l; k++) stale.push(k);
      });
      if (stale.length === 0) return;
      const dn = `D${ii}.${di}`;
      if (ok('stale-dma')) {
        for (const k of stale) {
          out.push({ op: 'stale-dma', domain: dn, buf: BUF, offset: k, pages: 1, write: false });
          out.push({ op: 'stale-dma', domain: dn, buf: BUF, offset: k, pages: 1, write: true });
        }
      }
      if (ok('invalidate') && w.policy.deferSync) out.push({ op: 'invalidate', domain: dn });
    });
  });
  const pending = w.unmapping === null ? undefined : w.findDomain(w.unmapping.pending);
  if (pending !== undefined) out.push({ op: 'sync', domain: `D${w.ioas.indexOf(pending.ioas)}.${pending.index}` });
  return out;
}

/** One random enabled operation over larger ranges (random workloads, differential test). */
export function randomOp(w: World, u: Universe, rng: Rng): Op | null {
  const ops = enumerateOpsSampled(w, u, rng);
  return ops.length === 0 ? null : (ops[rng.int(ops.length)] ?? null);
}

/** Like enumerateOps but with random slices instead of all of them, so big buffers stay cheap. */
function enumerateOpsSampled(w: World, u: Universe, rng: Rng): Op[] {
  const pick = (len: number): [number, number] => {
    const s = rng.int(len);
    return [s, 1 + rng.int(len - s)];
  };
  const small: Universe = { ...u, pages: 0 };
  const all: Op[] = enumerateOps(w, small).filter(
    (o) => !['map', 'copy', 'split', 'dma', 'access', 'cpu', 'migrate', 'stale-dma'].includes(o.op),
  );
  const buf = w.bufs[0];
  if (buf === undefined) return all;
  const nAreas = w.ioas.reduce((k, i) => k + i.areas.length, 0);
  const vfio = w.model === 'vfio-type1';
  const ok = (n: OpName): boolean =>
    !u.exclude.has(n) && (!vfio || !['copy', 'split', 'access', 'unaccess'].includes(n));
  w.ioas.forEach((ioas, ii) => {
    if (ok('map') && nAreas < u.areas && !vfio) {
      const [s, n] = pick(buf.len);
      all.push({ op: 'map', ioas: ioas.name, buf: BUF, offset: s, pages: n, as: 'new' });
    }
    ioas.areas.forEach((a, ai) => {
      const an = `A${ii}.${ai}`;
      const [s, n] = pick(a.len);
      if (ok('split') && nAreas < u.areas && a.len > 1)
        all.push({ op: 'split', area: an, at: 1 + rng.int(a.len - 1), left: 'new', right: 'new2' });
      if (ok('copy') && nAreas < u.areas)
        all.push({
          op: 'copy',
          from: an,
          offset: s,
          pages: n,
          to: w.ioas[rng.int(w.ioas.length)]?.name ?? ioas.name,
          as: 'new',
        });
      if (ok('access') && w.accesses.length < u.accesses)
        all.push({ op: 'access', area: an, offset: s, pages: n, as: 'new' });
      ioas.domains.forEach((_d, di) => {
        if (ok('dma'))
          all.push({ op: 'dma', domain: `D${ii}.${di}`, area: an, offset: s, pages: n, write: rng.int(2) === 1 });
      });
    });
  });
  if (vfio && ok('map') && nAreas < u.areas) {
    // A vfio_dma over a range no other vfio_dma overlaps.
    const [s, n] = pick(buf.len);
    const ioas = w.ioas[0];
    const clash = ioas?.areas.some((a) => {
      const p = w.pages[a.pages];
      return p != null && p.offset < s + n && p.offset + p.len > s;
    });
    if (ioas !== undefined && clash !== true)
      all.push({ op: 'map', ioas: ioas.name, buf: BUF, offset: s, pages: n, as: 'new' });
  }
  const [s, n] = pick(buf.len);
  if (ok('cpu'))
    all.push({
      op: 'cpu',
      buf: BUF,
      offset: s,
      pages: n,
      kind: (['read', 'write', 'prefetch'] as const)[rng.int(3)] ?? 'read',
    });
  if (ok('migrate')) all.push({ op: 'migrate', buf: BUF, offset: s, pages: n });
  return all;
}
