/**
 * A policy's rules compiled to numbers for the compact checker: the same
 * semantics as model/hooks.ts (conditions evaluated once per event, actions in
 * file order), over indices into the state array instead of objects.
 */
import type { CompiledPolicy } from '../policy/load.js';
import { EVENTS, PATHS, SCOPES, SOURCES, type EventName, type Rule, type Scope } from '../policy/schema.js';
import { ioAt, type Layout } from './layout.js';

export const EV = Object.fromEntries(EVENTS.map((e, i) => [e, i])) as Record<EventName, number>;
export const PATH = Object.fromEntries(PATHS.map((p, i) => [p, i])) as Record<(typeof PATHS)[number], number>;
export const SRC_FRESH = SOURCES.indexOf('fresh-pin');
export const SRC_XARRAY = SOURCES.indexOf('xarray');
export const SRC_STORAGE_C = SOURCES.indexOf('storage-coherent');
export const SRC_STORAGE_NC = SOURCES.indexOf('storage-noncoherent');
const SCOPE = Object.fromEntries(SCOPES.map((s, i) => [s, i])) as Record<Scope, number>;
export const SC_PAGES = SCOPE.pages;
export const SC_AREA = SCOPE.area;
export const SC_IOAS = SCOPE.ioas;

/** The counter index that names the pages-scoped counter (at pages offset + 4). */
const PAGES_COUNTER = -2;

export type CAction =
  | { kind: 0; pinned: boolean }
  | { kind: 1; scope: number; bit: number; to: boolean | 'nc' }
  /** perNc: by is multiplied by the event's number of non-coherent domains (1 or -1), or 0: by is a constant. */
  | { kind: 2; counter: number; by: number; perNc: number };

export interface CRule {
  /** Bitmask over PATHS; 0 = any path. */
  pathMask: number;
  /** -1 any, 1 the event's domain must be non-coherent, 0 coherent. */
  domain: number;
  /** i: the IOAS counter's index, or -2 for the pages counter. */
  counters: { i: number; gt: number | undefined; eq: number | undefined; lt: number | undefined }[];
  flags: { scope: number; bit: number; is: boolean }[];
  /** Bitmask over SOURCES; 0 = any (fill only). */
  sourceMask: number;
  areaFlag: { bit: number; is: boolean } | null;
  actions: CAction[];
}

export interface CPolicy { rules: CRule[][] }

function compileRule(p: CompiledPolicy, r: Rule): CRule {
  const w = r.when;
  const bit = (scope: Scope, name: string): number => p.flagBit[scope].get(name) ?? -1;
  return {
    pathMask: (w?.path ?? []).reduce((m, x) => m | (1 << PATH[x]), 0),
    domain: w?.domain === undefined ? -1 : w.domain === 'noncoherent' ? 1 : 0,
    counters: (w?.counters ?? []).map((t) => ({ i: t.name === p.pagesCounter ? PAGES_COUNTER : p.counters.indexOf(t.name), gt: t.gt, eq: t.eq, lt: t.lt })),
    flags: (w?.flags ?? []).map((f) => ({ scope: SCOPE[f.scope], bit: bit(f.scope, f.name), is: f.is })),
    sourceMask: (w?.source ?? []).reduce((m, x) => m | (1 << SOURCES.indexOf(x)), 0),
    areaFlag: w?.sourceAreaFlag === undefined ? null : { bit: bit('area', w.sourceAreaFlag.name), is: w.sourceAreaFlag.is },
    actions: r.do.map((a): CAction => {
      if ('flush' in a) return { kind: 0, pinned: a.flush === 'pinned' };
      if ('set' in a) return { kind: 1, scope: SCOPE[a.set.scope], bit: bit(a.set.scope, a.set.name), to: a.to === 'domain-noncoherent' ? 'nc' : a.to };
      const counter = a.add === p.pagesCounter ? PAGES_COUNTER : p.counters.indexOf(a.add);
      if (typeof a.by === 'number') return { kind: 2, counter, by: a.by, perNc: 0 };
      return { kind: 2, counter, by: 0, perNc: a.by === 'noncoherent-domains' ? 1 : -1 };
    }),
  };
}

export function compileRules(p: CompiledPolicy): CPolicy {
  return { rules: EVENTS.map((e) => p.rules[e].map((r) => compileRule(p, r))) };
}

/** Where an event happens: offsets into the state (-1 when the event has no such object). */
export interface Ctx {
  ev: number;
  path: number;
  ioas: number;
  /** -1 unknown (unpin), 1 non-coherent, 0 coherent. */
  nc: number;
  /** How many of the event's domains are non-coherent (fill: its targets; other events: 0 or 1). */
  nNc: number;
  /** Offset of the area's fields, or -1. */
  area: number;
  /** Offset of the pages object's fields, or -1. */
  pages: number;
}

/** Offset of the flags word of a scope, or -1 (hooks.ts: a missing object fails every test). */
function flagsAt(L: Layout, c: Ctx, scope: number): number {
  if (scope === SC_PAGES) return c.pages < 0 ? -1 : c.pages + 2;
  if (scope === SC_AREA) return c.area < 0 ? -1 : c.area + 4;
  return c.ioas < 0 ? -1 : ioAt(L, c.ioas) + 2;
}

function holds(s: Int32Array, L: Layout, r: CRule, c: Ctx): boolean {
  if (r.pathMask !== 0 && (c.path < 0 || ((r.pathMask >> c.path) & 1) === 0)) return false;
  if (r.domain >= 0 && c.nc !== r.domain) return false;
  for (const t of r.counters) {
    let v: number;
    if (t.i === PAGES_COUNTER) {
      if (c.pages < 0) return false;
      v = s[c.pages + 4] ?? 0;
    } else {
      if (c.ioas < 0 || t.i < 0) return false;
      v = s[ioAt(L, c.ioas) + L.ioCounters + t.i] ?? 0;
    }
    if (t.gt !== undefined && !(v > t.gt)) return false;
    if (t.eq !== undefined && v !== t.eq) return false;
    if (t.lt !== undefined && !(v < t.lt)) return false;
  }
  for (const f of r.flags) {
    const at = flagsAt(L, c, f.scope);
    if (at < 0 || f.bit < 0) return false;
    if ((((s[at] ?? 0) >> f.bit) & 1) !== (f.is ? 1 : 0)) return false;
  }
  return true;
}

/** Does an event's flushing: only the caller knows the event's range and where its PFNs came from. */
export interface Flusher { flush(r: CRule, pinned: boolean): void }

/**
 * Run the rules of one event; the return value is true when a counter went
 * negative (B3). The flusher is an object, not a closure, so that an event
 * allocates nothing.
 */
export function fire(s: Int32Array, L: Layout, P: CPolicy, c: Ctx, f: Flusher): boolean {
  let bad = false;
  for (const r of P.rules[c.ev] ?? []) {
    if (!holds(s, L, r, c)) continue;
    for (const a of r.actions) {
      if (a.kind === 0) f.flush(r, a.pinned);
      else if (a.kind === 1) {
        const at = flagsAt(L, c, a.scope);
        if (at < 0 || a.bit < 0) continue;
        const on = a.to === 'nc' ? c.nc === 1 : a.to;
        s[at] = on ? (s[at] ?? 0) | (1 << a.bit) : (s[at] ?? 0) & ~(1 << a.bit);
      } else {
        let at: number;
        if (a.counter === PAGES_COUNTER) {
          if (c.pages < 0) continue;
          at = c.pages + 4;
        } else {
          if (c.ioas < 0 || a.counter < 0) continue;
          at = ioAt(L, c.ioas) + L.ioCounters + a.counter;
        }
        const v = (s[at] ?? 0) + (a.perNc === 0 ? a.by : a.perNc * c.nNc);
        s[at] = v;
        if (v < 0) bad = true;
      }
    }
  }
  return bad;
}
