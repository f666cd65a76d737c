/**
 * Word classes learnt from unlabelled kernel mail, for the unit classifier.
 *
 * The labelled corpus holds some 12,000 sentences; its vocabulary is the
 * vocabulary of 125 threads. A sentence about a topic no labelled thread
 * touched ("we could pin the VMID per vCPU") shares few words with the
 * training data, but its words share contexts with words that do appear
 * there. This script reads a large amount of unlabelled list mail (own
 * lines only: no quotes, no diffs, no signatures), counts which words occur
 * near which, weighs the counts by positive pointwise mutual information,
 * reduces them to dense vectors (a truncated SVD by seeded subspace
 * iteration) and groups the vectors by k-means at two sizes. The classes,
 * not the vectors, become features (`c1:17`, `c2:201`): the network stays a
 * network over sparse binary features.
 *
 * Deterministic: the inputs are read in the order given, every random draw
 * comes from one seeded generator, ties are broken by word order. No thread
 * reserved for evaluation contributes a word: a message whose Message-ID,
 * In-Reply-To or References names a reserved id is skipped.
 */
import { createHash } from 'node:crypto';
import { parseMail } from '../../src/mail/parse/parse.js';
import { readSources } from '../../src/mail/read/sources.js';
import { quoteDepth } from '../../src/body/index.js';
import { kmeans, truncatedSvd } from './linalg.js';
import { mulberry32 } from './mlp.js';

export interface EmbedOptions {
  /** Words kept as targets (the commonest). */
  readonly vocab: number;
  /** Words kept as contexts (the commonest). */
  readonly contexts: number;
  /** Words either side counted as context, weighted 1/distance. */
  readonly window: number;
  readonly dims: number;
  /** Class counts, coarse to fine. */
  readonly classes: readonly number[];
  /** Messages read per input at most. */
  readonly perSource: number;
  readonly seed: number;
}

export const DEFAULT_EMBED: EmbedOptions = {
  vocab: 16000,
  contexts: 3000,
  window: 4,
  dims: 64,
  classes: [64, 256],
  perSource: 20000,
  seed: 11,
};

export interface WordClasses {
  readonly version: 1;
  readonly sources: readonly { path: string; messages: number; skippedReserved: number }[];
  readonly options: EmbedOptions;
  readonly tokens: number;
  /** Sorted; `classes[k][i]` is the class of `words[i]` at size `options.classes[k]`. */
  readonly words: readonly string[];
  readonly classes: readonly (readonly number[])[];
}

const WORD = /[a-z]+(?:'[a-z]+)?/g;

/** The own prose lines of a body: no quotes, no attribution-free diff, no signature, no trailers. */
export function ownProse(body: string): string[] {
  const out: string[] = [];
  for (const line of body.split('\n')) {
    if (line === '-- ' || /^diff --git |^---\s*$|^Index: |^@@ /.test(line)) break;
    if (quoteDepth(line).depth > 0) continue;
    if (/^\s*[A-Z][\w-]*-by:|^\s*(?:Link|Fixes|Cc):/i.test(line)) continue;
    if (/[{};]\s*$|^\s*[+-]|^\s{8}|\t/.test(line)) continue;
    out.push(line);
  }
  return out;
}

/** Lower-cased words of a prose line, as sentences of the window's scope. */
export function words(line: string): string[] {
  return line.toLowerCase().match(WORD) ?? [];
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Reads the inputs into id sequences (one per message) and the word list they index. */
async function collect(paths: readonly string[], reserved: ReadonlySet<string>, opts: EmbedOptions) {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const seqs: Int32Array[] = [];
  const sources: { path: string; messages: number; skippedReserved: number }[] = [];
  for (const p of paths) {
    const src = { path: p, messages: 0, skippedReserved: 0 };
    sources.push(src);
    for await (const ev of readSources([p])) {
      if (ev.kind !== 'mail') continue;
      if (src.messages >= opts.perSource) break;
      const m = await parseMail(ev.mail);
      const touched = [m.messageId, ...m.inReplyTo, ...m.references].filter((x): x is string => x !== null);
      if (touched.some((id) => reserved.has(sha(id.toLowerCase())))) {
        src.skippedReserved++;
        continue;
      }
      src.messages++;
      const seq: number[] = [];
      for (const line of ownProse(m.body)) {
        for (const w of words(line)) {
          let id = ids.get(w);
          if (id === undefined) {
            id = names.length;
            ids.set(w, id);
            names.push(w);
          }
          seq.push(id);
        }
        seq.push(-1); // a line break ends the window
      }
      seqs.push(Int32Array.from(seq));
    }
    process.stderr.write(
      `embed: ${p}: ${src.messages} messages (${src.skippedReserved} of reserved threads skipped)\n`,
    );
  }
  return { names, seqs, sources };
}

/** Top `n` word ids by count, ties by word. */
function commonest(counts: Float64Array, names: readonly string[], n: number): number[] {
  const order = [...counts.keys()].filter((i) => (counts[i] ?? 0) >= 5);
  order.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || ((names[a] ?? '') < (names[b] ?? '') ? -1 : 1));
  return order.slice(0, n);
}

export async function learnClasses(
  paths: readonly string[],
  reserved: ReadonlySet<string>,
  opts: EmbedOptions = DEFAULT_EMBED,
): Promise<WordClasses> {
  const { names, seqs, sources } = await collect(paths, reserved, opts);
  const counts = new Float64Array(names.length);
  let tokens = 0;
  for (const s of seqs)
    for (const id of s)
      if (id >= 0) {
        counts[id] = (counts[id] ?? 0) + 1;
        tokens++;
      }
  const targets = commonest(counts, names, opts.vocab).sort((a, b) => ((names[a] ?? '') < (names[b] ?? '') ? -1 : 1));
  const contexts = commonest(counts, names, opts.contexts);
  const row = new Int32Array(names.length).fill(-1);
  targets.forEach((id, i) => {
    row[id] = i;
  });
  const col = new Int32Array(names.length).fill(-1);
  contexts.forEach((id, i) => {
    col[id] = i;
  });
  const V = targets.length;
  const C = contexts.length;
  const m = new Float32Array(V * C);
  for (const s of seqs) {
    for (let i = 0; i < s.length; i++) {
      const r = row[s[i] ?? 0] ?? -1;
      if ((s[i] ?? -1) < 0 || r < 0) continue;
      for (const dir of [-1, 1]) {
        for (let d = 1; d <= opts.window; d++) {
          const j = i + dir * d;
          const w = s[j];
          if (w === undefined || w < 0) break;
          const c = col[w] ?? -1;
          if (c >= 0) m[r * C + c] = (m[r * C + c] ?? 0) + 1 / d;
        }
      }
    }
  }
  // PPMI with context-distribution smoothing (0.75), as in Levy, Goldberg and Dagan 2015.
  const rowSum = new Float64Array(V);
  const colSum = new Float64Array(C);
  let total = 0;
  for (let r = 0; r < V; r++)
    for (let c = 0; c < C; c++) {
      const x = m[r * C + c] ?? 0;
      rowSum[r] = (rowSum[r] ?? 0) + x;
      colSum[c] = (colSum[c] ?? 0) + x;
      total += x;
    }
  let smoothed = 0;
  for (let c = 0; c < C; c++) smoothed += (colSum[c] ?? 0) ** 0.75;
  for (let r = 0; r < V; r++)
    for (let c = 0; c < C; c++) {
      const x = m[r * C + c] ?? 0;
      if (x === 0) continue;
      const pmi = Math.log(x / total / (((rowSum[r] ?? 1) / total) * ((colSum[c] ?? 1) ** 0.75 / smoothed)));
      m[r * C + c] = pmi > 0 ? pmi : 0;
    }
  const random = mulberry32(opts.seed);
  const vec = truncatedSvd(m, V, C, opts.dims, random);
  for (let r = 0; r < V; r++) {
    let n = 0;
    for (let d = 0; d < opts.dims; d++) n += (vec[r * opts.dims + d] ?? 0) ** 2;
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < opts.dims; d++) vec[r * opts.dims + d] = (vec[r * opts.dims + d] ?? 0) / n;
  }
  const classes = opts.classes.map((k) => kmeans(vec, V, opts.dims, k, random));
  return { version: 1, sources, options: opts, tokens, words: targets.map((id) => names[id] ?? ''), classes };
}
