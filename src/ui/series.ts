/**
 * A thread's series as the pager shows them: the version chain (v1 -> v2 -> v3),
 * the patches of each version with their review trailers, and which version the
 * selected message belongs to. Pure, like the pager.
 */
import type { SeriesChain, SeriesPatchView, SeriesVersionView } from '../store/series-read.js';
import type { PagerLine } from './pager.js';

export interface SeriesPlace {
  readonly chain: SeriesChain;
  /** Index in the chain of the version the reader is in. */
  readonly at: number;
}

/** The chain and version of a message: the one that holds it, else the newest version with a patch in this thread. */
export function seriesPlace(
  chains: readonly SeriesChain[],
  threadId: string,
  key: string | undefined,
): SeriesPlace | null {
  for (const chain of chains) {
    const at = chain.findIndex((v) => v.patches.some((p) => p.key === key));
    if (at >= 0) return { chain, at };
  }
  for (const chain of chains) {
    for (let at = chain.length - 1; at >= 0; at--)
      if (chain[at]?.patches.some((p) => p.threadId === threadId)) return { chain, at };
  }
  return null;
}

/** "v4 → [v5]": the chain with the reader's version in brackets. */
export function versionTrail(place: SeriesPlace): string {
  return place.chain.map((v, i) => (i === place.at ? `[v${v.version}]` : `v${v.version}`)).join(' → ');
}

/** "Reviewed-by: Kevin Tian, Acked-by: Alex Williamson" */
export function trailerList(p: SeriesPatchView): string {
  return p.trailers.map((t) => `${t.kind}: ${t.name ?? t.email ?? t.raw}`).join(', ');
}

function versionLines(v: SeriesVersionView, here: boolean, threadId: string): PagerLine[] {
  const count =
    v.total === null
      ? `${v.patches.length} patch${v.patches.length === 1 ? '' : 'es'}`
      : `${v.patches.length} of ${v.total} patches`;
  const missing = v.missing.length === 0 ? '' : `, missing ${v.missing.join(', ')}`;
  const out: PagerLine[] = [
    {
      kind: 'file',
      text: `${here ? '▶ ' : ''}v${v.version}: ${v.title} (${count}${missing})${v.author === null ? '' : ` · ${v.author}`}`,
    },
  ];
  v.patches.forEach((p, i) => {
    const elsewhere = p.threadId !== null && p.threadId !== threadId ? ' (another thread)' : '';
    out.push({ kind: 'text', text: `  ${String(i + 1).padStart(2)}. ${p.subject}${elsewhere}` });
    out.push(
      p.trailers.length === 0
        ? { kind: 'quote', text: '      no review trailers' }
        : { kind: 'add', text: `      ${trailerList(p)}` },
    );
  });
  return out;
}

/** The series view of the pager: every chain of the thread, the reader's version marked. */
export function seriesLines(chains: readonly SeriesChain[], place: SeriesPlace | null, threadId: string): PagerLine[] {
  if (chains.length === 0) return [{ kind: 'text', text: 'This thread is not part of a patch series.' }];
  const out: PagerLine[] = [];
  for (const chain of chains) {
    if (out.length > 0) out.push({ kind: 'text', text: '' });
    const trail =
      place !== null && place.chain === chain ? versionTrail(place) : chain.map((v) => `v${v.version}`).join(' → ');
    out.push({ kind: 'hunk', text: `Series ${trail}${chain.length > 1 ? '   ({ } previous/next version)' : ''}` });
    chain.forEach((v, i) =>
      out.push(...versionLines(v, place !== null && place.chain === chain && place.at === i, threadId)),
    );
  }
  return out;
}

/** Review trailers of one patch, for the patch view. */
export function patchTrailerLines(chains: readonly SeriesChain[], key: string): PagerLine[] {
  for (const chain of chains) {
    for (const v of chain) {
      const p = v.patches.find((x) => x.key === key);
      if (p === undefined) continue;
      if (p.trailers.length === 0)
        return [
          { kind: 'text', text: '' },
          { kind: 'quote', text: 'no review trailers yet' },
        ];
      return [
        { kind: 'text', text: '' },
        { kind: 'text', text: 'Review trailers:' },
        ...p.trailers.map((t) => ({
          kind: 'add' as const,
          text: `  ${t.kind}: ${t.name ?? ''}${t.email === null ? '' : ` <${t.email}>`}${t.inReply ? ` (in a reply by ${t.from ?? 'unnamed'})` : ''}`,
        })),
      ];
    }
  }
  return [];
}
