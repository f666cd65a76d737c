/**
 * The checker's model as Promela, for SPIN as an independent oracle: the same
 * universe, the same operations in the same order, the same io_pagetable
 * lifecycle (compact/iopt.ts and ops.ts, written a third time here in SPIN's
 * language) and the policy's rules translated from the same compiled policy
 * file the engines run. Each operation with its parameters is one `do`
 * option whose body is one d_step, so a SPIN state is a checker state; the
 * pages objects are renumbered at the end of each step as the checker does
 * (no IOAS symmetry: SPIN counts every state), and the scratch variables are
 * zeroed so they add no states (BFS refuses `hidden`).
 * Safety is one assertion at the end of each step: no property violated.
 */
import type { CompiledPolicy } from '../policy/load.js';
import { EVENTS, PATHS, SOURCES, type EventName, type Rule } from '../policy/schema.js';
import type { Universe } from '../universe.js';

const PATH_NO = (p: string): number => (PATHS as readonly string[]).indexOf(p);
const SRC_NO = (s: string): number => (SOURCES as readonly string[]).indexOf(s);
const SRC = {
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

function fireInline(p: CompiledPolicy, ev: EventName): string {
  const kind = flushKindOf(ev);
  const name = `FIRE_${ev.replace('-', '_')}`;
  const rules = p.rules[ev].map(
    (r) => `  if :: ${condition(p, r)} ->\n    ${actions(p, r, kind)}\n  :: else -> skip fi;`,
  );
  return `inline ${name}() {\n  skip;\n${rules.join('\n')}\n}`;
}

/** The lifecycle (compact/iopt.ts, ops.ts, frame.ts) in Promela; the policy enters through the FIRE_* inlines. */
const LIFECYCLE = String.raw`
/* frame.ts: data bits 0-3 (cache 0-1, MEM_OLD 4, STALE 8), pins above */
#define CACHE(f) ((f) & 3)
#define PINS(f) ((f) >> 4)
#define WITH(f, d) (((f) & ~15) | (d))
#define FLUSH(k) fr[k] = WITH(fr[k], 0)
#define RMASK(st, ln) (((1 << (ln)) - 1) << (st))

inline FLUSH_MASK(pp, mask) {
  for (t_j : 0 .. P - 1) { if :: (((mask) >> t_j) & 1) == 1 -> FLUSH(po_off[pp] + t_j) :: else -> skip fi }
}

/* indices of pages object pp in domains_itree or access_itree, into t_cov */
inline COVERED(pp) {
  t_cov = 0;
  for (t_i : 0 .. NI - 1) { for (t_a : 0 .. NA - 1) {
    if :: t_a < na[t_i] && a_pid[t_i * NA + t_a] == pp && a_sto[t_i * NA + t_a] != -1 -> t_cov = t_cov | RMASK(a_st[t_i * NA + t_a], a_len[t_i * NA + t_a]) :: else -> skip fi } }
  for (t_x : 0 .. NX - 1) { if :: t_x < nacc && x_pid[t_x] == pp -> t_cov = t_cov | RMASK(x_st[t_x], x_len[t_x]) :: else -> skip fi }
}

inline PIN_MASK(pp, mask) {
  t_fresh = (mask) & ~po_pin[pp];
  po_pin[pp] = po_pin[pp] | (mask);
  for (t_j : 0 .. P - 1) { if :: ((t_fresh >> t_j) & 1) == 1 -> fr[po_off[pp] + t_j] = fr[po_off[pp] + t_j] + 16 :: else -> skip fi }
  t_fresh = 0;
}

inline UNPIN_MASK(pp, mask) {
  t_was = po_pin[pp] & (mask);
  po_pin[pp] = po_pin[pp] & ~(mask);
  for (t_j : 0 .. P - 1) {
    if :: ((t_was >> t_j) & 1) == 1 ->
      t_f = fr[po_off[pp] + t_j] - 16;
      fr[po_off[pp] + t_j] = t_f;
      if :: PINS(t_f) == 0 ->
        if :: CACHE(t_f) == 1 && (t_f & 8) != 0 -> viol = 1 :: else -> skip fi;
        for (t_i : 0 .. NI - 1) { for (t_d : 0 .. ND - 1) {
          if :: t_d < nd[t_i] && ((dom[t_i * ND + t_d] >> (8 + po_off[pp] + t_j)) & 1) == 1 ->
            dom[t_i * ND + t_d] = dom[t_i * ND + t_d] | (1 << (16 + po_off[pp] + t_j)) :: else -> skip fi } }
      :: else -> skip fi
    :: else -> skip fi
  }
  t_was = 0; t_f = 0;
}

/* the pfn_reader: src/from for indices [st, st+ln) of pp, fresh-pin mask into t_fm (read-order.ts) */
inline SOURCES(pp, st, ln) {
  t_fm = 0;
  for (t_k : 0 .. P - 1) {
    if :: t_k >= st && t_k < st + ln ->
      t_acc = 0;
      for (t_x : 0 .. NX - 1) { if :: t_x < nacc && x_pid[t_x] == pp && x_st[t_x] <= t_k && x_st[t_x] + x_len[t_x] > t_k -> t_acc = 1 :: else -> skip fi }
      t_best = -1; t_bnc = 0;
      for (t_i : 0 .. NI - 1) { for (t_a : 0 .. NA - 1) {
        t_o = t_i * NA + t_a;
        if :: t_a < na[t_i] && a_pid[t_o] == pp && a_sto[t_o] != -1 && a_st[t_o] <= t_k && a_st[t_o] + a_len[t_o] > t_k ->
          t_nc = ((dom[t_i * ND + a_sto[t_o]] & 1) == 0 -> 1 : 0);
          if :: t_best < 0 -> t_better = 1
             :: t_best >= 0 && a_st[t_o] != a_st[t_best] -> t_better = (a_st[t_o] < a_st[t_best] -> 1 : 0)
             :: t_best >= 0 && a_st[t_o] == a_st[t_best] && t_nc != t_bnc -> t_better = (t_nc > t_bnc -> 1 : 0)
             :: t_best >= 0 && a_st[t_o] == a_st[t_best] && t_nc == t_bnc && a_fl[t_o] != a_fl[t_best] -> t_better = (a_fl[t_o] < a_fl[t_best] -> 1 : 0)
             :: else -> t_better = (a_len[t_o] < a_len[t_best] -> 1 : 0)
          fi;
          if :: t_better == 1 -> t_best = t_o; t_bnc = t_nc :: else -> skip fi;
          t_better = 0
        :: else -> skip fi } }
      if :: t_acc == 1 -> src[t_k] = SRC_XARRAY; frm[t_k] = 0
         :: t_acc == 0 && t_best >= 0 -> src[t_k] = (t_bnc == 1 -> SRC_STORAGE_NC : SRC_STORAGE_C); frm[t_k] = t_best + 1
         :: else -> src[t_k] = SRC_FRESH; frm[t_k] = 0; t_fm = t_fm | (1 << t_k)
      fi
    :: else -> skip fi
  }
  t_acc = 0; t_best = 0; t_bnc = 0; t_nc = 0; t_o = 0;
}

inline FILL_AREA(ioas, ao, ncv, path) {
  SOURCES(a_pid[ao], a_st[ao], a_len[ao]);
  PIN_MASK(a_pid[ao], t_fm);
  f_mask = RMASK(a_st[ao], a_len[ao]);
  c_path = path; c_ioas = ioas; c_nc = (ncv > 0 -> 1 : 0); c_nnc = ncv; c_area = ao; c_pid = a_pid[ao];
  FIRE_fill();
  for (t_k : 0 .. P - 1) { src[t_k] = 0; frm[t_k] = 0 }
}

inline SET_STORAGE(ioas, ao, d, path) {
  a_sto[ao] = d;
  c_path = path; c_ioas = ioas; c_nc = ((dom[(ioas) * ND + (d)] & 1) == 0 -> 1 : 0); c_nnc = c_nc; c_area = ao; c_pid = a_pid[ao];
  FIRE_storage_set();
}

/* iopt_area_unmap_domain_range up to the cleared PTEs (the unfill rules), and the iommu_iotlb_sync after it */
inline UNMAP_DOM(ioas, ao, bits, path) {
  f_mask = RMASK(a_st[ao], a_len[ao]);
  c_path = path; c_ioas = ioas; c_nc = (((bits) & 1) == 0 -> 1 : 0); c_nnc = c_nc; c_area = ao; c_pid = a_pid[ao];
  FIRE_unfill();
}
inline SYNC_DOM(ioas, ao, bits, path) {
  f_mask = RMASK(a_st[ao], a_len[ao]);
  c_path = path; c_ioas = ioas; c_nc = (((bits) & 1) == 0 -> 1 : 0); c_nnc = c_nc; c_area = ao; c_pid = a_pid[ao];
  FIRE_iotlb_sync();
}
/* the area's pages left in domain slot d's IOTLB (f_mask, c_pid of the UNMAP_DOM before) */
inline MARK(ioas, d) { dom[(ioas) * ND + d] = dom[(ioas) * ND + d] | ((f_mask << po_off[c_pid]) << 8) }

/* unmap an area from a domain that is going away, then the IOTLB sync: its device is detached already, no window */
inline UNFILL(ioas, ao, bits, path) {
  UNMAP_DOM(ioas, ao, bits, path);
  SYNC_DOM(ioas, ao, bits, path);
}

inline UNPIN_UNCOVERED(ioas, pp, st, en, path) {
  COVERED(pp);
  t_todo = po_pin[pp] & ~t_cov & RMASK(st, (en) - (st));
  if :: t_todo != 0 ->
    for (t_i : 0 .. NI - 1) { for (t_a : 0 .. NA - 1) {
      if :: nd[t_i] > 0 && t_a < na[t_i] && a_pid[t_i * NA + t_a] == pp && (RMASK(a_st[t_i * NA + t_a], a_len[t_i * NA + t_a]) & t_todo) != 0 -> viol = 1 :: else -> skip fi } }
    f_mask = t_todo;
    c_path = path; c_ioas = ioas; c_nc = -1; c_nnc = 0; c_area = -1; c_pid = pp;
    FIRE_unpin();
    UNPIN_MASK(pp, t_todo)
  :: else -> skip fi;
  t_todo = 0; t_cov = 0;
}

inline ADD_DOMAIN(ioas, coh) {
  c_path = -1; c_ioas = ioas; c_nc = 1 - coh; c_nnc = c_nc; c_area = -1; c_pid = -1;
  FIRE_attach();
  t_nd = nd[ioas];
  dom[(ioas) * ND + t_nd] = (coh == 1 -> 1 : 2);
  nd[ioas] = t_nd + 1;
  for (t_b : 0 .. NA - 1) {
    if :: t_b < na[ioas] ->
      FILL_AREA(ioas, (ioas) * NA + t_b, 1 - coh, PATH_ATTACH_FILL);
      if :: a_sto[(ioas) * NA + t_b] == -1 -> SET_STORAGE(ioas, (ioas) * NA + t_b, t_nd, PATH_ATTACH_FILL) :: else -> skip fi
    :: else -> skip fi
  }
  t_nd = 0;
}

inline REMOVE_DOMAIN(ioas, idx) {
  t_bits = dom[(ioas) * ND + idx];
  t_n = nd[ioas];
  REMOVE_SLOT(ioas, idx);
  dom[(ioas) * ND + t_n - 1] = 0;
  nd[ioas] = t_n - 1;
  for (t_b : 0 .. NA - 1) {
    if :: t_b < na[ioas] ->
      t_ao = (ioas) * NA + t_b;
      if :: t_n - 1 > 0 ->
        if :: a_sto[t_ao] == -2 -> SET_STORAGE(ioas, t_ao, 0, PATH_switch) :: else -> skip fi;
        UNFILL(ioas, t_ao, t_bits, PATH_detach)
      :: else ->
        a_sto[t_ao] = -1;
        UNFILL(ioas, t_ao, t_bits, PATH_detach);
        t_st = a_st[t_ao]; t_en = a_st[t_ao] + a_len[t_ao];
        UNPIN_UNCOVERED(ioas, a_pid[t_ao], t_st, t_en, PATH_detach)
      fi
    :: else -> skip fi
  }
  DROP_ALL_DMA(ioas);
  c_path = -1; c_ioas = ioas; c_nc = ((t_bits & 1) == 0 -> 1 : 0); c_nnc = c_nc; c_area = -1; c_pid = -1;
  FIRE_detach();
  t_bits = 0; t_n = 0; t_ao = 0; t_st = 0; t_en = 0;
}

inline ADD_AREA(ioas, pp, start, ln) {
  t_ao = (ioas) * NA + na[ioas];
  a_pid[t_ao] = pp; a_st[t_ao] = start; a_len[t_ao] = ln; a_sto[t_ao] = -1; a_fl[t_ao] = 0;
  na[ioas] = na[ioas] + 1;
  if :: nd[ioas] > 0 ->
    t_anc = 0;
    for (t_d : 0 .. ND - 1) { if :: t_d < nd[ioas] && (dom[(ioas) * ND + t_d] & 1) == 0 -> t_anc = t_anc + 1 :: else -> skip fi }
    FILL_AREA(ioas, t_ao, t_anc, PATH_AREA_FILL);
    SET_STORAGE(ioas, t_ao, 0, PATH_AREA_FILL)
  :: else -> skip fi;
  t_ao = 0; t_anc = 0;
}

/* IOAS_UNMAP held between its kernel phases (compact/iopt.ts unmapAfter): the domains after slot t_last,
   the others in slot order then storage_domain; a domain whose device can write No-Snoop opens a window */
inline UNMAP_AFTER(ioas) {
  t_ao = (ioas) * NA + unm[ioas] - 1;
  t_from = t_last + 1;
  do
  :: a_sto[t_ao] < 0 -> break
  :: else ->
    t_dn = -1;
    for (t_d2 : 0 .. ND - 1) { if :: t_dn < 0 && t_d2 >= t_from && t_d2 < nd[ioas] && t_d2 != a_sto[t_ao] -> t_dn = t_d2 :: else -> skip fi }
    if :: t_dn < 0 -> t_dn = a_sto[t_ao]; a_sto[t_ao] = -1 :: else -> skip fi;
    t_bits = dom[(ioas) * ND + t_dn];
    UNMAP_DOM(ioas, t_ao, t_bits, PATH_unmap);
    if :: (t_bits & 1) == 0 && (t_bits & 2) != 0 -> MARK(ioas, t_dn); pend[ioas] = t_dn + 1; t_win = 1; break
    :: else -> DEFER_MARK(ioas, t_dn); SYNC_DOM(ioas, t_ao, t_bits, PATH_unmap); t_from = t_dn + 1
    fi
  od;
  if :: t_win == 0 ->
    t_pid = a_pid[t_ao]; t_st = a_st[t_ao]; t_en = a_st[t_ao] + a_len[t_ao]; t_sl = unm[ioas] - 1;
    for (t_b : 0 .. NA - 2) {
      if :: t_b >= t_sl && t_b + 1 < na[ioas] ->
        a_pid[(ioas) * NA + t_b] = a_pid[(ioas) * NA + t_b + 1]; a_st[(ioas) * NA + t_b] = a_st[(ioas) * NA + t_b + 1];
        a_len[(ioas) * NA + t_b] = a_len[(ioas) * NA + t_b + 1]; a_sto[(ioas) * NA + t_b] = a_sto[(ioas) * NA + t_b + 1];
        a_fl[(ioas) * NA + t_b] = a_fl[(ioas) * NA + t_b + 1]
      :: else -> skip fi
    }
    t_b = (ioas) * NA + na[ioas] - 1;
    a_pid[t_b] = 0; a_st[t_b] = 0; a_len[t_b] = 0; a_sto[t_b] = 0; a_fl[t_b] = 0;
    na[ioas] = na[ioas] - 1;
    unm[ioas] = 0;
    UNPIN_UNCOVERED(ioas, t_pid, t_st, t_en, PATH_unmap)
  :: else -> skip fi;
  t_ao = 0; t_from = 0; t_dn = 0; t_bits = 0; t_win = 0; t_pid = 0; t_st = 0; t_en = 0; t_b = 0; t_sl = 0; t_last = 0;
}

inline REMOVE_AREA(ioas, slot) {
  unm[ioas] = slot + 1; pend[ioas] = 0; t_last = -1;
  UNMAP_AFTER(ioas)
}

/* the IOTLB sync the unmap in flight waits for, then its next phases */
inline SYNC_PENDING(ioas) {
  t_ao = (ioas) * NA + unm[ioas] - 1; t_dn = pend[ioas] - 1; pend[ioas] = 0;
  t_bits = dom[(ioas) * ND + t_dn];
  SYNC_DOM(ioas, t_ao, t_bits, PATH_unmap);
  CLEAR_MARK(ioas, t_dn);
  t_last = t_dn;
  UNMAP_AFTER(ioas)
}

inline DEVICE(bits, k, wr) {
  t_ns = (((bits) & 1) == 0 && ((bits) & 2) != 0 -> 1 : 0);
  t_f = fr[k];
  if :: wr == 0 -> if :: t_ns == 1 && (t_f & 4) != 0 -> viol = 1 :: else -> skip fi
     :: else -> if :: t_ns == 1 -> fr[k] = (CACHE(t_f) == 1 -> t_f | 8 : t_f)
                   :: else -> fr[k] = (CACHE(t_f) == 1 -> WITH(t_f, 1) : t_f) fi
  fi;
  t_ns = 0; t_f = 0;
}

inline UNACCESS(x) {
  t_pid = x_pid[x]; t_st = x_st[x]; t_en = x_st[x] + x_len[x];
  for (t_b : 0 .. NX - 2) {
    if :: t_b >= x && t_b + 1 < nacc -> x_pid[t_b] = x_pid[t_b + 1]; x_st[t_b] = x_st[t_b + 1]; x_len[t_b] = x_len[t_b + 1] :: else -> skip fi
  }
  x_pid[nacc - 1] = 0; x_st[nacc - 1] = 0; x_len[nacc - 1] = 0;
  nacc = nacc - 1;
  UNPIN_UNCOVERED(-1, t_pid, t_st, t_en, PATH_unaccess);
  t_pid = 0; t_st = 0; t_en = 0; t_b = 0;
}

/* B1 after every step */
inline CHECK_PINS() {
  for (t_p : 0 .. NPO - 1) {
    if :: t_p < npages -> COVERED(t_p); if :: ((po_pin[t_p] ^ t_cov) & RMASK(0, po_len[t_p])) != 0 -> viol = 1 :: else -> skip fi
    :: else -> skip fi
  }
  t_cov = 0; t_p = 0;
}

/* pages objects renumbered by first use (areas in IOAS order, then accesses), unused ones dropped */
inline CANONICALIZE() {
  t_next = 0;
  for (t_i : 0 .. NI - 1) { for (t_a : 0 .. NA - 1) {
    if :: t_a < na[t_i] ->
      t_o = t_i * NA + t_a;
      if :: pmap[a_pid[t_o]] == 0 -> t_next = t_next + 1; pmap[a_pid[t_o]] = t_next :: else -> skip fi;
      a_pid[t_o] = pmap[a_pid[t_o]] - 1
    :: else -> skip fi } }
  for (t_x : 0 .. NX - 1) {
    if :: t_x < nacc ->
      if :: pmap[x_pid[t_x]] == 0 -> t_next = t_next + 1; pmap[x_pid[t_x]] = t_next :: else -> skip fi;
      x_pid[t_x] = pmap[x_pid[t_x]] - 1
    :: else -> skip fi }
  for (t_p : 0 .. NPO - 1) { o_off[t_p] = po_off[t_p]; o_len[t_p] = po_len[t_p]; o_fl[t_p] = po_fl[t_p]; o_pin[t_p] = po_pin[t_p]; o_ctr[t_p] = po_ctr[t_p];
    po_off[t_p] = 0; po_len[t_p] = 0; po_fl[t_p] = 0; po_pin[t_p] = 0; po_ctr[t_p] = 0 }
  for (t_p : 0 .. NPO - 1) {
    if :: t_p < npages && pmap[t_p] > 0 ->
      po_off[pmap[t_p] - 1] = o_off[t_p]; po_len[pmap[t_p] - 1] = o_len[t_p]; po_fl[pmap[t_p] - 1] = o_fl[t_p]; po_pin[pmap[t_p] - 1] = o_pin[t_p]; po_ctr[pmap[t_p] - 1] = o_ctr[t_p]
    :: else -> skip fi }
  npages = t_next;
  for (t_p : 0 .. NPO - 1) { pmap[t_p] = 0; o_off[t_p] = 0; o_len[t_p] = 0; o_fl[t_p] = 0; o_pin[t_p] = 0; o_ctr[t_p] = 0 }
  t_next = 0; t_p = 0; t_o = 0;
}
`;

const SCRATCH_BYTES = [
  't_i',
  't_a',
  't_x',
  't_d',
  't_d2',
  't_j',
  't_k',
  't_b',
  't_p',
  't_cov',
  't_fresh',
  't_was',
  't_fm',
  't_acc',
  't_bnc',
  't_nc',
  't_better',
  't_todo',
  't_nd',
  't_n',
  't_st',
  't_en',
  't_pid',
  't_anc',
  't_ns',
  't_next',
  't_from',
  't_win',
  't_sl',
];
const SCRATCH_SHORTS = [
  't_best',
  't_o',
  't_ao',
  'c_path',
  'c_ioas',
  'c_nc',
  'c_nnc',
  'c_area',
  'c_pid',
  'f_mask',
  't_dn',
  't_last',
];
const SCRATCH_INTS = ['t_f', 't_bits'];

/** One `do` option per operation and parameters, in compact/ops.ts enumerate()'s order. */
function options(p: CompiledPolicy, u: Universe, NI: number): string[] {
  const vfio = p.model === 'vfio-type1';
  const banned = new Set<string>(u.exclude);
  if (vfio) for (const n of ['copy', 'split', 'access', 'unaccess', 'enforce-cc']) banned.add(n);
  const ok = (n: string): boolean => !banned.has(n);
  const P = u.pages;
  const out: string[] = [];
  const opt = (guard: string, body: string): void => {
    out.push(`:: d_step { (${guard}) ->\n    ${body};\n    END_STEP() }`);
  };
  // While an IOAS_UNMAP waits for its IOTLB sync only DMA, CPU accesses, a queued invalidation and the sync are enabled.
  const idle = `(${Array.from({ length: NI }, (_, i) => `unm[${i}] == 0`).join(' && ')})`;
  const areasTotal = Array.from({ length: NI }, (_, i) => `na[${i}]`).join(' + ');
  const domainsTotal = Array.from({ length: NI }, (_, i) => `nd[${i}]`).join(' + ');
  for (let i = 0; i < NI; i++) {
    if (ok('map')) {
      for (let st = 0; st < P; st++) {
        for (let len = 1; st + len <= P; len++) {
          let guard = `${idle} && ${areasTotal} < NA`;
          if (vfio) {
            // vfio_dma ranges may not overlap (-EEXIST)
            const clash = Array.from(
              { length: u.areas },
              (_, a) =>
                `(${a} < na[${i}] && po_off[a_pid[${i * u.areas + a}]] < ${st + len} && po_off[a_pid[${i * u.areas + a}]] + po_len[a_pid[${i * u.areas + a}]] > ${st})`,
            );
            guard += ` && !(${clash.join(' || ')})`;
          }
          opt(
            guard,
            `t_pid = npages; po_off[t_pid] = ${st}; po_len[t_pid] = ${len}; po_fl[t_pid] = 0; po_pin[t_pid] = 0; po_ctr[t_pid] = 0; npages = npages + 1; ADD_AREA(${i}, t_pid, 0, ${len})`,
          );
        }
      }
    }
    if (ok('attach')) {
      opt(`${idle} && ${domainsTotal} < ND`, `ADD_DOMAIN(${i}, 1)`);
      opt(`${idle} && ${domainsTotal} < ND`, `ADD_DOMAIN(${i}, 0)`);
    }
    for (let d = 0; d < u.domains; d++) {
      const dw = `dom[${i * u.domains + d}]`;
      if (ok('detach')) opt(`${idle} && ${d} < nd[${i}]`, `REMOVE_DOMAIN(${i}, ${d})`);
      if (ok('nosnoop')) opt(`${idle} && ${d} < nd[${i}] && (${dw} & 1) == 0`, `${dw} = ${dw} ^ 2`);
      if (ok('enforce-cc')) opt(`${idle} && ${d} < nd[${i}] && (${dw} & 1) == 0`, `${dw} = (${dw} & ~3) | 1`);
      if (ok('dma')) {
        for (let a = 0; a < u.areas; a++) {
          const ao = i * u.areas + a;
          for (let k = 0; k < P; k++) {
            for (const write of [0, 1]) {
              // the area being unmapped is still mapped in the domains not yet unmapped from (compact/iopt.ts stillMapped)
              const mapped = `(unm[${i}] != ${a + 1} || (a_sto[${ao}] >= 0 && (${d} == a_sto[${ao}] || ${d} > pend[${i}] - 1)))`;
              opt(
                `${d} < nd[${i}] && ${a} < na[${i}] && ${k} < a_len[${ao}] && ${mapped}`,
                `t_k = a_st[${ao}] + ${k}; if :: ((po_pin[a_pid[${ao}]] >> t_k) & 1) == 0 -> viol = 1 :: else -> skip fi; DEVICE(${dw}, po_off[a_pid[${ao}]] + t_k, ${write}); t_k = 0`,
              );
            }
          }
        }
      }
    }
    for (let a = 0; a < u.areas; a++) {
      const ao = i * u.areas + a;
      const here = `${idle} && ${a} < na[${i}]`;
      if (ok('unmap')) {
        opt(
          here,
          `t_x2 = 0; do :: t_x2 < nacc && x_pid[t_x2] == a_pid[${ao}] && (RMASK(x_st[t_x2], x_len[t_x2]) & RMASK(a_st[${ao}], a_len[${ao}])) != 0 -> UNACCESS(t_x2)
      :: t_x2 < nacc && !(x_pid[t_x2] == a_pid[${ao}] && (RMASK(x_st[t_x2], x_len[t_x2]) & RMASK(a_st[${ao}], a_len[${ao}])) != 0) -> t_x2 = t_x2 + 1
      :: else -> break od; t_x2 = 0; REMOVE_AREA(${i}, ${a})`,
        );
      }
      if (ok('split')) {
        for (let at = 1; at < P; at++) {
          const noAccess = Array.from(
            { length: u.accesses },
            (_, x) =>
              `!(${x} < nacc && x_pid[${x}] == a_pid[${ao}] && (RMASK(x_st[${x}], x_len[${x}]) & RMASK(a_st[${ao}], a_len[${ao}])) != 0)`,
          );
          const guard = [`${areasTotal} < NA`, here, `${at} < a_len[${ao}]`, ...noAccess].join(' && ');
          const shift = Array.from({ length: u.areas - 1 }, (_, b) => u.areas - 2 - b)
            .filter((b) => b >= a)
            .map((b) => {
              const from = i * u.areas + b;
              return `if :: ${b} < na[${i}] -> a_pid[${from + 1}] = a_pid[${from}]; a_st[${from + 1}] = a_st[${from}]; a_len[${from + 1}] = a_len[${from}]; a_sto[${from + 1}] = a_sto[${from}]; a_fl[${from + 1}] = a_fl[${from}] :: else -> skip fi`;
            });
          opt(
            guard,
            `t_st = a_st[${ao}]; t_n = a_len[${ao}]; ${shift.join('; ')}; a_len[${ao}] = ${at}; a_st[${ao + 1}] = t_st + ${at}; a_len[${ao + 1}] = t_n - ${at}; na[${i}] = na[${i}] + 1; t_st = 0; t_n = 0`,
          );
        }
      }
      if (ok('copy')) {
        for (let st = 0; st < P; st++) {
          for (let l = 1; st + l <= P; l++) {
            for (let to = 0; to < NI; to++) {
              opt(
                `${areasTotal} < NA && ${here} && ${st + l} <= a_len[${ao}]`,
                `t_pid = a_pid[${ao}]; t_st = a_st[${ao}] + ${st}; ADD_AREA(${to}, t_pid, t_st, ${l}); t_pid = 0; t_st = 0`,
              );
            }
          }
        }
      }
      if (ok('access')) {
        for (let k = 0; k < P; k++) {
          opt(
            `nacc < NX && ${here} && ${k} < a_len[${ao}]`,
            `t_pid = a_pid[${ao}]; t_k = a_st[${ao}] + ${k}; COVERED(t_pid); if :: ((t_cov >> t_k) & 1) == 0 -> PIN_MASK(t_pid, 1 << t_k) :: else -> skip fi;
      x_pid[nacc] = t_pid; x_st[nacc] = t_k; x_len[nacc] = 1; nacc = nacc + 1; t_pid = 0; t_k = 0; t_cov = 0`,
          );
        }
      }
    }
  }
  if (ok('unaccess')) for (let x = 0; x < u.accesses; x++) opt(`${idle} && ${x} < nacc`, `UNACCESS(${x})`);
  for (let k = 0; k < P; k++) {
    if (ok('cpu')) {
      opt('true', `fr[${k}] = WITH(fr[${k}], 2 | (fr[${k}] & 4))`);
      opt('true', `fr[${k}] = (CACHE(fr[${k}]) == 0 -> WITH(fr[${k}], 1) : fr[${k}])`);
    }
    if (ok('migrate')) opt(`${idle} && PINS(fr[${k}]) == 0`, `fr[${k}] = WITH(fr[${k}], 6)`);
  }
  for (let i = 0; i < NI; i++) {
    for (let d = 0; d < u.domains; d++) {
      const dw = `dom[${i * u.domains + d}]`;
      if (ok('stale-dma')) {
        for (let k = 0; k < P; k++) {
          for (const write of [0, 1]) {
            opt(
              `${d} < nd[${i}] && ((${dw} >> ${8 + k}) & 1) == 1`,
              `if :: ((${dw} >> ${16 + k}) & 1) == 1 -> viol = 1 :: else -> skip fi; DEVICE(${dw}, ${k}, ${write})`,
            );
          }
        }
      }
      if (ok('invalidate') && p.deferSync) opt(`${d} < nd[${i}] && (${dw} >> 8) != 0`, `${dw} = ${dw} & 3`);
    }
  }
  for (let i = 0; i < NI; i++) opt(`unm[${i}] != 0`, `SYNC_PENDING(${i})`);
  return out;
}

/** The Promela model of policy p on universe u. */
export function promela(p: CompiledPolicy, u: Universe): string {
  const vfio = p.model === 'vfio-type1';
  const NI = vfio ? 1 : u.ioas;
  const NPO = u.areas + u.accesses;
  const NC = Math.max(1, p.counters.length);
  const ND = u.domains;
  const NA = u.areas;
  const NX = Math.max(1, u.accesses);
  const removeSlot = vfio
    ? `inline REMOVE_SLOT(ioas, idx) {
  for (t_d : 0 .. ND - 2) { if :: t_d >= idx && t_d + 1 < t_n -> dom[(ioas) * ND + t_d] = dom[(ioas) * ND + t_d + 1] :: else -> skip fi }
  for (t_b : 0 .. NA - 1) { t_o = (ioas) * NA + t_b;
    if :: t_b < na[ioas] && a_sto[t_o] == idx -> a_sto[t_o] = -2
       :: t_b < na[ioas] && a_sto[t_o] > idx -> a_sto[t_o] = a_sto[t_o] - 1
       :: else -> skip fi }
  t_o = 0;
}`
    : `inline REMOVE_SLOT(ioas, idx) {
  /* the domains xarray is kept dense by moving the tail into the hole */
  dom[(ioas) * ND + idx] = dom[(ioas) * ND + t_n - 1];
  for (t_b : 0 .. NA - 1) { t_o = (ioas) * NA + t_b;
    if :: t_b < na[ioas] && a_sto[t_o] == idx -> a_sto[t_o] = -2
       :: t_b < na[ioas] && a_sto[t_o] != idx && a_sto[t_o] == t_n - 1 -> a_sto[t_o] = idx
       :: else -> skip fi }
  t_o = 0;
}`;
  // vfio_iommu_type1_detach_group: the last domain takes every vfio_dma with it (vfio_iommu_unmap_unpin_all)
  const dropAll = vfio
    ? `inline DROP_ALL_DMA(ioas) {
  if :: t_n - 1 == 0 ->
    for (t_b : 0 .. NA - 1) { t_o = (ioas) * NA + t_b; a_pid[t_o] = 0; a_st[t_o] = 0; a_len[t_o] = 0; a_sto[t_o] = 0; a_fl[t_o] = 0 }
    na[ioas] = 0; t_o = 0
  :: else -> skip fi
}`
    : 'inline DROP_ALL_DMA(ioas) { skip }';
  const deferMark = p.deferSync
    ? 'inline DEFER_MARK(ioas, d) { MARK(ioas, d) }'
    : 'inline DEFER_MARK(ioas, d) { skip }';
  // a deferred invalidation leaves the window's entries for `invalidate`; otherwise the sync ends them
  const clearMark = p.deferSync
    ? 'inline CLEAR_MARK(ioas, d) { skip }'
    : 'inline CLEAR_MARK(ioas, d) { dom[(ioas) * ND + d] = dom[(ioas) * ND + d] & ~((RMASK(a_st[t_ao], a_len[t_ao]) << po_off[a_pid[t_ao]]) << 8) }';
  const reset = [...SCRATCH_BYTES, ...SCRATCH_SHORTS, ...SCRATCH_INTS, 't_x2', 'viol']
    .map((v) => `${v} = 0`)
    .join('; ');
  return `/* Generated by threadlab (src/sim/promela/generate.ts) from policy ${p.id} (${p.file.split('/').pop()}).
   Universe: ${u.pages} pages, ${NI} IOAS, ${ND} domains, ${NA} areas, ${u.accesses} access${u.exclude.size > 0 ? `, without ${[...u.exclude].join(',')}` : ''}. */
#define P ${u.pages}
#define NI ${NI}
#define ND ${ND}
#define NA ${NA}
#define NX ${NX}
#define NPO ${NPO}
#define NC ${NC}
#define SRC_FRESH ${SRC.fresh}
#define SRC_XARRAY ${SRC.xarray}
#define SRC_STORAGE_C ${SRC.c}
#define SRC_STORAGE_NC ${SRC.nc}
${PATHS.map((x, i) => `#define PATH_${x} ${i}`).join('\n')}
#define PATH_ATTACH_FILL ${PATH_NO(vfio ? 'replay' : 'fill_domain')}
#define PATH_AREA_FILL ${PATH_NO(vfio ? 'pin_map' : 'fill_domains')}

byte fr[P] = 6;
byte npages; byte nacc;
byte po_off[NPO]; byte po_len[NPO]; int po_fl[NPO]; byte po_pin[NPO]; short po_ctr[NPO];
byte nd[NI]; byte na[NI]; int io_fl[NI]; short ctrs[NI * NC];
byte unm[NI]; byte pend[NI]; /* the IOAS_UNMAP in flight: area slot + 1, domain slot + 1 whose sync it waits for */
int dom[NI * ND];
byte a_pid[NI * NA]; byte a_st[NI * NA]; byte a_len[NI * NA]; short a_sto[NI * NA]; int a_fl[NI * NA];
byte x_pid[NX]; byte x_st[NX]; byte x_len[NX];
/* scratch, zero between steps */
bit viol;
byte ${SCRATCH_BYTES.join(', ')}, t_x2;
short ${SCRATCH_SHORTS.join(', ')};
int ${SCRATCH_INTS.join(', ')};
byte src[P]; short frm[P];
byte pmap[NPO]; byte o_off[NPO]; byte o_len[NPO]; int o_fl[NPO]; byte o_pin[NPO]; short o_ctr[NPO];
${LIFECYCLE}
${removeSlot}
${dropAll}
${deferMark}
${clearMark}
${EVENTS.map((e) => fireInline(p, e)).join('\n')}

inline END_STEP() {
  if :: ${Array.from({ length: NI }, (_, i) => `unm[${i}] == 0`).join(' && ')} -> CHECK_PINS() :: else -> skip fi;
  assert(viol == 0);
  CANONICALIZE();
  ${reset}
}

active proctype checker() {
  do
  ${options(p, u, NI).join('\n  ')}
  od
}
`;
}
