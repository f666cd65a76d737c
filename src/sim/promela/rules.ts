/**
 * A compiled policy's rules as Promela: one FIRE_<event> inline per event, each rule an
 * `if` on its condition (path, domain, counters, flags) doing its actions (flushes, flags
 * set or cleared, counters added to), from the same compiled policy the engines run.
 */
import type { CompiledPolicy } from '../policy/load.js';
import { PATHS, SOURCES, type EventName, type Rule } from '../policy/schema.js';

export const PATH_NO = (p: string): number => (PATHS as readonly string[]).indexOf(p);
const SRC_NO = (s: string): number => (SOURCES as readonly string[]).indexOf(s);
export const SRC = {
  fresh: SRC_NO('fresh-pin'),
  xarray: SRC_NO('xarray'),
  c: SRC_NO('storage-coherent'),
  nc: SRC_NO('storage-noncoherent'),
};

/** Which flushing a rule's flush action does on an event (compact/iopt.ts F_*). */
type FlushKind = 'none' | 'fill' | 'mask';

function flushKindOf(ev: EventName): FlushKind {
  if (ev === 'fill') return 'fill';
  if (ev === 'unfill' || ev === 'iotlb-sync' || ev === 'unpin') return 'mask';
  return 'none';
}

function condition(p: CompiledPolicy, r: Rule): string {
  const w = r.when;
  const parts: string[] = [];
  if (w?.path !== undefined) parts.push(`(${w.path.map((x) => `c_path == ${PATH_NO(x)}`).join(' || ')})`);
  if (w?.domain !== undefined) parts.push(`c_nc == ${w.domain === 'noncoherent' ? 1 : 0}`);
  for (const t of w?.counters ?? []) {
    const pages = t.name === p.pagesCounter;
    const at = pages ? 'po_ctr[c_pid]' : `ctrs[c_ioas * NC + ${p.counters.indexOf(t.name)}]`;
    parts.push(pages ? 'c_pid >= 0' : 'c_ioas >= 0');
    if (t.gt !== undefined) parts.push(`${at} > ${t.gt}`);
    if (t.eq !== undefined) parts.push(`${at} == ${t.eq}`);
    if (t.lt !== undefined) parts.push(`${at} < ${t.lt}`);
  }
  for (const f of w?.flags ?? []) {
    const bit = p.flagBit[f.scope].get(f.name) ?? 0;
    const [idx, arr] =
      f.scope === 'pages' ? ['c_pid', 'po_fl'] : f.scope === 'area' ? ['c_area', 'a_fl'] : ['c_ioas', 'io_fl'];
    parts.push(`${idx} >= 0 && ((${arr}[${idx}] >> ${bit}) & 1) == ${f.is ? 1 : 0}`);
  }
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

function fillFlush(p: CompiledPolicy, r: Rule): string {
  const w = r.when;
  const tests: string[] = [`((f_mask >> t_k) & 1) == 1`];
  if (w?.source !== undefined)
    tests.push(`((${w.source.reduce((m, s) => m | (1 << SRC_NO(s)), 0)} >> src[t_k]) & 1) == 1`);
  if (w?.sourceAreaFlag !== undefined) {
    const bit = p.flagBit.area.get(w.sourceAreaFlag.name) ?? 0;
    tests.push(`frm[t_k] > 0 && ((a_fl[frm[t_k] - 1] >> ${bit}) & 1) == ${w.sourceAreaFlag.is ? 1 : 0}`);
  }
  return `for (t_k : 0 .. P - 1) { if :: ${tests.join(' && ')} -> FLUSH(po_off[c_pid] + t_k) :: else -> skip fi }`;
}

function actions(p: CompiledPolicy, r: Rule, kind: FlushKind): string {
  const out: string[] = [];
  for (const a of r.do) {
    if ('flush' in a) {
      if (a.flush === 'pinned') out.push('FLUSH_MASK(c_pid, po_pin[c_pid]);');
      else if (kind === 'fill') out.push(fillFlush(p, r) + ';');
      else out.push('FLUSH_MASK(c_pid, f_mask);');
    } else if ('set' in a) {
      const bit = p.flagBit[a.set.scope].get(a.set.name) ?? 0;
      const [idx, arr] =
        a.set.scope === 'pages'
          ? ['c_pid', 'po_fl']
          : a.set.scope === 'area'
            ? ['c_area', 'a_fl']
            : ['c_ioas', 'io_fl'];
      const on = a.to === 'domain-noncoherent' ? 'c_nc == 1' : a.to ? 'true' : 'false';
      out.push(
        `if :: ${idx} >= 0 -> if :: ${on} -> ${arr}[${idx}] = ${arr}[${idx}] | ${1 << bit} :: else -> ${arr}[${idx}] = ${arr}[${idx}] & ${~(1 << bit)} fi :: else -> skip fi;`,
      );
    } else {
      const pages = a.add === p.pagesCounter;
      const at = pages ? 'po_ctr[c_pid]' : `ctrs[c_ioas * NC + ${p.counters.indexOf(a.add)}]`;
      const by =
        a.by === 'noncoherent-domains' ? 'c_nnc' : a.by === '-noncoherent-domains' ? '(0 - c_nnc)' : String(a.by);
      out.push(
        `if :: ${pages ? 'c_pid' : 'c_ioas'} >= 0 -> ${at} = ${at} + ${by}; if :: ${at} < 0 -> viol = 1 :: else -> skip fi :: else -> skip fi;`,
      );
    }
  }
  return out.join('\n    ');
}

export function fireInline(p: CompiledPolicy, ev: EventName): string {
  const kind = flushKindOf(ev);
  const name = `FIRE_${ev.replace('-', '_')}`;
  const rules = p.rules[ev].map(
    (r) => `  if :: ${condition(p, r)} ->\n    ${actions(p, r, kind)}\n  :: else -> skip fi;`,
  );
  return `inline ${name}() {\n  skip;\n${rules.join('\n')}\n}`;
}
