/**
 * Multinomial logistic regression by AdaGrad over sparse binary features,
 * deterministic: samples in a fixed order, shuffled each epoch by a seeded
 * generator; no clock, no Math.random.
 */
import type { UnitKind } from '../../src/extract/model.js';
import { UNIT_KINDS } from '../../src/extract/model.js';

export interface Sample {
  readonly features: readonly string[];
  /** The thread the sample comes from: a feature must be seen in `minThreads` threads to be learnt. */
  readonly group?: string;
  /**
   * A name that orders samples before the seeded shuffle, so the weights do not depend on the order
   * the store hands units out in (which voices an import recovers first can vary with timing).
   */
  readonly key?: string;
  /** Real-valued features (named `d0`, `d1`, ... in the weights), when the sample has any. */
  readonly dense?: readonly number[];
  readonly kind: UnitKind;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly rate: number;
  /** L2 penalty per update. */
  readonly l2: number;
  /** Features seen in fewer training samples are dropped. */
  readonly minCount: number;
  /** Features seen in fewer distinct threads are dropped: words of one thread's topic do not carry to the next. */
  readonly minThreads: number;
  /** Class weight = (share of the commonest class / share of this class) ^ balance. */
  readonly balance: number;
  readonly seed: number;
}

export const DEFAULT_TRAINING: TrainOptions = { epochs: 14, rate: 0.25, l2: 1e-5, minCount: 3, minThreads: 1, balance: 0.5, seed: 7 };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function train(samples: readonly Sample[], opts: TrainOptions = DEFAULT_TRAINING): Map<string, number[]> {
  const K = UNIT_KINDS.length;
  const count = new Map<string, number>();
  const threads = new Map<string, Set<string>>();
  for (const s of samples) {
    for (const f of new Set(s.features)) {
      count.set(f, (count.get(f) ?? 0) + 1);
      if (s.group !== undefined) {
        let g = threads.get(f);
        if (g === undefined) threads.set(f, (g = new Set()));
        g.add(s.group);
      }
    }
  }
  const spread = (f: string): number => threads.get(f)?.size ?? Infinity;
  const dims = samples.reduce((n, s) => Math.max(n, s.dense?.length ?? 0), 0);
  const names = [...[...count.entries()].filter(([f, n]) => (n >= opts.minCount && spread(f) >= opts.minThreads) || f === 'bias').map(([f]) => f).sort(), ...Array.from({ length: dims }, (_, d) => `d${d}`)];
  const index = new Map(names.map((f, i) => [f, i]));
  const W = new Float64Array(names.length * K);
  const G = new Float64Array(names.length * K).fill(1e-8);
  const denseAt = names.length - dims;
  const ordered = [...samples].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  const rows = ordered.map((s) => {
    const x = [...new Set(s.features)].map((f) => index.get(f)).filter((i): i is number => i !== undefined);
    const v = x.map(() => 1);
    (s.dense ?? []).forEach((value, d) => { if (value !== 0) { x.push(denseAt + d); v.push(value); } });
    return { x, v, y: UNIT_KINDS.indexOf(s.kind) };
  });
  const perClass = new Array<number>(K).fill(0);
  for (const r of rows) perClass[r.y] = (perClass[r.y] ?? 0) + 1;
  const most = Math.max(...perClass);
  const weight = perClass.map((n) => (n === 0 ? 0 : (most / n) ** opts.balance));
  const order = rows.map((_, i) => i);
  const random = mulberry32(opts.seed);
  const z = new Float64Array(K);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const at of order) {
      const r = rows[at];
      if (r === undefined) continue;
      z.fill(0);
      r.x.forEach((f, j) => { const v = r.v[j] ?? 1; for (let k = 0; k < K; k++) z[k] = (z[k] ?? 0) + v * (W[f * K + k] ?? 0); });
      let max = -Infinity;
      for (const v of z) max = Math.max(max, v);
      let sum = 0;
      for (let k = 0; k < K; k++) { z[k] = Math.exp((z[k] ?? 0) - max); sum += z[k] ?? 0; }
      const cw = weight[r.y] ?? 1;
      for (let k = 0; k < K; k++) {
        const g0 = cw * ((z[k] ?? 0) / sum - (k === r.y ? 1 : 0));
        for (let j = 0; j < r.x.length; j++) {
          const at2 = (r.x[j] ?? 0) * K + k;
          const g = g0 * (r.v[j] ?? 1) + opts.l2 * (W[at2] ?? 0);
          G[at2] = (G[at2] ?? 0) + g * g;
          W[at2] = (W[at2] ?? 0) - (opts.rate * g) / Math.sqrt(G[at2] ?? 1);
        }
      }
    }
  }
  const out = new Map<string, number[]>();
  names.forEach((f, i) => {
    const w = Array.from(W.subarray(i * K, i * K + K), (v) => Math.round(v * 1e4) / 1e4 + 0); // + 0: -0 would not survive JSON
    if (w.some((v) => v !== 0)) out.set(f, w);
  });
  return out;
}
