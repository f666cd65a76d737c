/**
 * Running a policy's rules for one model event: evaluate the conditions once per
 * event (as the kernel computes `cache_flush_required` once per fill call), then
 * run the actions in file order. Flushing is delegated back to the caller, which
 * alone knows the event's range and where its PFNs came from.
 */
import type { Action, EventName, Rule, When } from '../policy/schema.js';
import type { Area, Ioas, Pages, World } from './world.js';

export type Path = NonNullable<When['path']>[number];

export interface EventCtx {
  on: EventName;
  path: Path | null;
  ioas: Ioas | null;
  /** Coherency of the event's domain (fill: true if any target is non-coherent). */
  domainNoncoherent: boolean | null;
  /** How many of the event's domains are non-coherent (fill: its targets; other events: 0 or 1). */
  noncoherentDomains: number;
  area: Area | null;
  pages: Pages | null;
}

export type FlushFn = (rule: Rule, action: Extract<Action, { flush: unknown }>) => void;

function flagsOf(ctx: EventCtx, scope: 'pages' | 'area' | 'ioas'): number | null {
  if (scope === 'pages') return ctx.pages?.flags ?? null;
  if (scope === 'area') return ctx.area?.flags ?? null;
  return ctx.ioas?.flags ?? null;
}

function holds(w: World, rule: Rule, ctx: EventCtx): boolean {
  const c = rule.when;
  if (c === undefined) return true;
  if (c.path !== undefined && (ctx.path === null || !c.path.includes(ctx.path))) return false;
  if (c.domain !== undefined && (ctx.domainNoncoherent === null || ctx.domainNoncoherent !== (c.domain === 'noncoherent'))) return false;
  for (const t of c.counters ?? []) {
    const v = t.name === w.policy.pagesCounter ? ctx.pages?.counter : ctx.ioas?.counters[w.policy.counters.indexOf(t.name)];
    if (v === undefined) return false;
    if (t.gt !== undefined && !(v > t.gt)) return false;
    if (t.eq !== undefined && v !== t.eq) return false;
    if (t.lt !== undefined && !(v < t.lt)) return false;
  }
  for (const f of c.flags ?? []) {
    const bits = flagsOf(ctx, f.scope);
    const bit = w.policy.flagBit[f.scope].get(f.name);
    if (bits === null || bit === undefined) return false;
    if (((bits >> bit) & 1) !== (f.is ? 1 : 0)) return false;
  }
  return true;
}

function setFlag(ctx: EventCtx, scope: 'pages' | 'area' | 'ioas', bit: number, on: boolean): void {
  const target = scope === 'pages' ? ctx.pages : scope === 'area' ? ctx.area : ctx.ioas;
  if (target === null) return;
  target.flags = on ? target.flags | (1 << bit) : target.flags & ~(1 << bit);
}

export function fire(w: World, ctx: EventCtx, flush: FlushFn): void {
  for (const rule of w.policy.rules[ctx.on]) {
    if (!holds(w, rule, ctx)) continue;
    for (const a of rule.do) {
      if ('flush' in a) flush(rule, a);
      else if ('set' in a) {
        const bit = w.policy.flagBit[a.set.scope].get(a.set.name);
        const on = a.to === 'domain-noncoherent' ? ctx.domainNoncoherent === true : a.to;
        if (bit !== undefined) setFlag(ctx, a.set.scope, bit, on);
      } else {
        const by = a.by === 'noncoherent-domains' ? ctx.noncoherentDomains : a.by === '-noncoherent-domains' ? -ctx.noncoherentDomains : a.by;
        if (a.add === w.policy.pagesCounter) {
          if (ctx.pages === null) continue;
          ctx.pages.counter += by;
          if (ctx.pages.counter < 0) w.violate('B3', ctx.pages.buf, ctx.pages.offset, ctx.pages.len, `counter ${a.add} of the pages went negative (${ctx.pages.counter})`);
          continue;
        }
        const i = w.policy.counters.indexOf(a.add);
        if (ctx.ioas === null || i < 0) continue;
        const v = (ctx.ioas.counters[i] ?? 0) + by;
        ctx.ioas.counters[i] = v;
        if (v < 0) w.violate('B3', 0, 0, 0, `counter ${a.add} of ${ctx.ioas.name} went negative (${v})`);
      }
    }
  }
}
