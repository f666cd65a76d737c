/** Where the thread screen's panes go and what its pager holds; pure, so keys and drawing agree on line counts. */
import type { StoredMessage } from '../store/types.js';
import { authorName } from './format.js';
import { bodyLines, headerDate, pagerLines, type PagerLine } from './pager.js';
import type { SeriesChain } from '../store/series-read.js';
import { patchTrailerLines, seriesLines, seriesPlace } from './series.js';

export interface ThreadLayout {
  /** Outer widths of the two boxes (borders included). */
  readonly treeWidth: number;
  readonly pagerWidth: number;
  /** Columns for the pager's text, inside border and padding. */
  readonly textWidth: number;
  /** Rows of the tree, and rows of pager text under the pager's title line. */
  readonly treeHeight: number;
  readonly pagerHeight: number;
}

/** `height` is the rows the app may use. The tree gets about a third of a narrow terminal, at most 48 columns of a wide one. */
export function threadLayout(columns: number, height: number): ThreadLayout {
  const usable = Math.max(40, columns - 1);
  const treeWidth = Math.min(48, Math.floor(usable * (usable < 100 ? 0.36 : 0.3)));
  const pagerWidth = usable - treeWidth;
  const inner = Math.max(3, height - 3);
  return {
    treeWidth,
    pagerWidth,
    textWidth: Math.max(10, pagerWidth - 4),
    treeHeight: inner,
    pagerHeight: Math.max(1, inner - 1),
  };
}

export interface PagerOptions {
  readonly fold: boolean;
  readonly patch: boolean;
  readonly headers: boolean;
  /** The series view (versions, patches, review trailers) instead of the message. */
  readonly series: boolean;
}

/** The full headers the store keeps for a message. */
export function headerLines(m: StoredMessage): PagerLine[] {
  const from =
    m.author.email === null
      ? authorName(m)
      : m.author.name === null
        ? m.author.email
        : `${m.author.name} <${m.author.email}>`;
  return [
    { kind: 'header', text: `Subject: ${m.subject || '(none)'}` },
    { kind: 'header', text: `From: ${from}` },
    ...(m.to === undefined ? [] : [{ kind: 'header' as const, text: `To: ${m.to}` }]),
    ...(m.cc === undefined ? [] : [{ kind: 'header' as const, text: `Cc: ${m.cc}` }]),
    { kind: 'header', text: `Date: ${headerDate(m.date)}` },
    { kind: 'header', text: `Message-ID: ${m.messageId === null ? '(none)' : `<${m.messageId}>`}` },
    { kind: 'text', text: '' },
  ];
}

function patchLines(patch: NonNullable<StoredMessage['patch']>): PagerLine[] {
  const out: PagerLine[] = [{ kind: 'text', text: `${patch.files.length} files +${patch.added} -${patch.deleted}` }];
  for (const f of patch.files) {
    out.push({ kind: 'file', text: `${f.path} +${f.added} -${f.deleted}` });
    for (const h of f.hunks) out.push({ kind: 'hunk', text: `  ${h.header}` });
  }
  return out;
}

/** What the pager scrolls through: headers when asked, then the patch summary or the body, wrapped to the pane. */
export function pagerContent(
  m: StoredMessage | undefined,
  opts: PagerOptions,
  width: number,
  chains: readonly SeriesChain[] = [],
): PagerLine[] {
  if (m === undefined) return [];
  if (opts.series) return pagerLines(seriesLines(chains, seriesPlace(chains, m.threadId, m.key), m.threadId), width);
  const logical = [
    ...(opts.headers ? headerLines(m) : []),
    ...(opts.patch && m.patch !== null
      ? [...patchLines(m.patch), ...patchTrailerLines(chains, m.key)]
      : bodyLines(m.body, opts.fold)),
  ];
  return pagerLines(logical, width);
}
