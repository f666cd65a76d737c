/**
 * The linear algebra of the word classes (embed.ts), small and dense: a
 * truncated SVD by seeded subspace iteration (Gram-Schmidt, then a Jacobi
 * eigen-decomposition of the small projected matrix) and k-means with
 * k-means++ seeding. Deterministic for a given generator.
 */

/** Modified Gram-Schmidt on the columns of a rows x k matrix (row-major), in place. */
function orthonormalize(m: Float64Array, rows: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += (m[r * k + i] ?? 0) * (m[r * k + j] ?? 0);
      for (let r = 0; r < rows; r++) m[r * k + j] = (m[r * k + j] ?? 0) - dot * (m[r * k + i] ?? 0);
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += (m[r * k + j] ?? 0) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let r = 0; r < rows; r++) m[r * k + j] = (m[r * k + j] ?? 0) / norm;
  }
}

/** Symmetric eigen-decomposition by cyclic Jacobi: returns eigenvalues and column eigenvectors. */
export function jacobi(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] ?? 0) ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] ?? 0;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p] ?? 0;
        const aqq = a[q * n + q] ?? 0;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] ?? 0;
          const akq = a[k * n + q] ?? 0;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] ?? 0;
          const aqk = a[q * n + k] ?? 0;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] ?? 0;
          const vkq = v[k * n + q] ?? 0;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i] ?? 0;
  return { values, vectors: v };
}

/** Rank-`dims` left factor U·sqrt(S) of a dense V x C matrix, by seeded subspace iteration. */
export function truncatedSvd(m: Float32Array, V: number, C: number, dims: number, random: () => number): Float64Array {
  const k = dims + 8;
  const omega = new Float64Array(C * k);
  for (let i = 0; i < omega.length; i++) omega[i] = random() - 0.5;
  const y = new Float64Array(V * k);
  const z = new Float64Array(C * k);
  const mul = (src: Float64Array, dst: Float64Array) => {
    // dst (V x k) = M (V x C) src (C x k)
    dst.fill(0);
    for (let r = 0; r < V; r++) {
      for (let c = 0; c < C; c++) {
        const x = m[r * C + c] ?? 0;
        if (x === 0) continue;
        for (let j = 0; j < k; j++) dst[r * k + j] = (dst[r * k + j] ?? 0) + x * (src[c * k + j] ?? 0);
      }
    }
  };
  const mulT = (src: Float64Array, dst: Float64Array) => {
    // dst (C x k) = M^T src (V x k)
    dst.fill(0);
    for (let r = 0; r < V; r++) {
      for (let c = 0; c < C; c++) {
        const x = m[r * C + c] ?? 0;
        if (x === 0) continue;
        for (let j = 0; j < k; j++) dst[c * k + j] = (dst[c * k + j] ?? 0) + x * (src[r * k + j] ?? 0);
      }
    }
  };
  mul(omega, y);
  orthonormalize(y, V, k);
  for (let it = 0; it < 3; it++) {
    mulT(y, z);
    orthonormalize(z, C, k);
    mul(z, y);
    orthonormalize(y, V, k);
  }
  // B = Q^T M (k x C); B B^T = Q^T M M^T Q: its eigenvectors rotate Q onto the singular vectors.
  mulT(y, z); // z = M^T Q  (C x k), so B B^T = z^T z
  const g = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += (z[c * k + a] ?? 0) * (z[c * k + b] ?? 0);
      g[a * k + b] = s;
    }
  const { values, vectors } = jacobi(g, k);
  const order = [...values.keys()].sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0)).slice(0, dims);
  const out = new Float64Array(V * dims);
  for (let r = 0; r < V; r++) {
    for (let d = 0; d < dims; d++) {
      const e = order[d] ?? 0;
      let s = 0;
      for (let j = 0; j < k; j++) s += (y[r * k + j] ?? 0) * (vectors[j * k + e] ?? 0);
      // sqrt(S): singular value sigma = sqrt(eigenvalue); weight U by sigma^0.5.
      out[r * dims + d] = s * Math.max(0, values[e] ?? 0) ** 0.25;
    }
  }
  return out;
}

/** k-means (k-means++ seeding from the generator, 20 rounds) on unit rows; returns each row's class. */
export function kmeans(x: Float64Array, n: number, d: number, k: number, random: () => number): number[] {
  const centres = new Float64Array(k * d);
  const dist = new Float64Array(n).fill(Infinity);
  let pick = Math.floor(random() * n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) centres[c * d + j] = x[pick * d + j] ?? 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += ((x[i * d + j] ?? 0) - (centres[c * d + j] ?? 0)) ** 2;
      if (s < (dist[i] ?? 0)) dist[i] = s;
      total += dist[i] ?? 0;
    }
    let r = random() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= dist[i] ?? 0;
      if (r <= 0) {
        pick = i;
        break;
      }
    }
  }
  const label = new Array<number>(n).fill(0);
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestS = Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += ((x[i * d + j] ?? 0) - (centres[c * d + j] ?? 0)) ** 2;
        if (s < bestS) {
          bestS = s;
          best = c;
        }
      }
      label[i] = best;
    }
    centres.fill(0);
    const size = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const c = label[i] ?? 0;
      size[c] = (size[c] ?? 0) + 1;
      for (let j = 0; j < d; j++) centres[c * d + j] = (centres[c * d + j] ?? 0) + (x[i * d + j] ?? 0);
    }
    for (let c = 0; c < k; c++)
      for (let j = 0; j < d; j++) centres[c * d + j] = (centres[c * d + j] ?? 0) / Math.max(1, size[c] ?? 0);
  }
  return label;
}
