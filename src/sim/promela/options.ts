/**
 * The checker's operations as Promela `do` options: one per operation and its parameters,
 * each a d_step guarded as compact/ops.ts enables it, in enumerate()'s order, so SPIN's
 * breadth-first search visits states in the checker's order.
 */
import type { CompiledPolicy } from '../policy/load.js';
import type { Universe } from '../universe.js';

/** One `do` option per operation and parameters, in compact/ops.ts enumerate()'s order. */
export function options(p: CompiledPolicy, u: Universe, NI: number): string[] {
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
