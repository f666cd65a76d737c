/**
 * The io_pagetable lifecycle in Promela (compact/iopt.ts, ops.ts and frame.ts written a
 * third time, in SPIN's language), for src/sim/promela/generate.ts. The policy enters
 * through the FIRE_* inlines (rules.ts); the scratch variables below are zeroed at the end
 * of every step so they add no states.
 */
/** The lifecycle (compact/iopt.ts, ops.ts, frame.ts) in Promela; the policy enters through the FIRE_* inlines. */
export const LIFECYCLE = String.raw`
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

export const SCRATCH_BYTES = [
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
export const SCRATCH_SHORTS = [
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
export const SCRATCH_INTS = ['t_f', 't_bits'];

/**
 * The lifecycle inlines that differ by model and policy: how a domain slot is removed (VFIO
 * shifts its list, iommufd moves the tail into the hole), whether the last detach drops every
 * vfio_dma, and whether the IOTLB invalidation is deferred to an `invalidate` step.
 */
export function lifecycleVariants(vfio: boolean, deferSync: boolean): string {
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
  const deferMark = deferSync ? 'inline DEFER_MARK(ioas, d) { MARK(ioas, d) }' : 'inline DEFER_MARK(ioas, d) { skip }';
  // a deferred invalidation leaves the window's entries for `invalidate`; otherwise the sync ends them
  const clearMark = deferSync
    ? 'inline CLEAR_MARK(ioas, d) { skip }'
    : 'inline CLEAR_MARK(ioas, d) { dom[(ioas) * ND + d] = dom[(ioas) * ND + d] & ~((RMASK(a_st[t_ao], a_len[t_ao]) << po_off[a_pid[t_ao]]) << 8) }';
  return [removeSlot, dropAll, deferMark, clearMark].join('\n');
}
