/**
 * A thread's series as the reader sees them: each version chain (v1 -> v2 -> v3)
 * the thread's patches belong to, every version's patches with the thread they
 * sit in, and the review trailers each patch collected (its own, carried from
 * earlier versions, and those given in replies below it).
 */
import type { Db } from './db.js';
import type { Trailer } from '../patch/types.js';

export interface SeriesPatchView {
  readonly key: string;
  readonly threadId: string | null;
  readonly subject: string;
  /** Reviewed-by, Acked-by, Tested-by, Nacked-by... with who gave them. */
  readonly trailers: readonly ReviewTrailer[];
}

export interface SeriesVersionView {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly author: string | null;
  readonly total: number | null;
  readonly missing: readonly number[];
  readonly patches: readonly SeriesPatchView[];
}

/** One version chain, oldest first. */
export type SeriesChain = readonly SeriesVersionView[];

/** Trailers that say someone looked at the patch (not Signed-off-by, Cc, Link...). */
const REVIEW_KINDS = new Set([
  'reviewed-by',
  'acked-by',
  'tested-by',
  'nacked-by',
  'nak-by',
  'reported-by',
  'suggested-by',
]);

/** Versions in a chain at most: chains are short, a cycle in bad data must not loop. */
const MAX_VERSIONS = 64;

interface SeriesRow {
  id: string;
  version: number;
  title: string;
  author: string | null;
  total: number | null;
  missing: string;
  previous: string | null;
}

export function loadThreadSeries(db: Db, threadId: string): SeriesChain[] {
  const here = db
    .prepare<[string], { series: string }>(
      'SELECT DISTINCT sp.series FROM series_patches sp JOIN messages m ON m.key = sp.message_key WHERE m.thread_id = ? ORDER BY sp.series',
    )
    .all(threadId)
    .map((r) => r.series);
  const byId = db.prepare<[string], SeriesRow>(
    'SELECT id, version, title, author, total, missing, previous FROM series WHERE id = ?',
  );
  const next = db.prepare<[string], { id: string }>(
    'SELECT id FROM series WHERE previous = ? ORDER BY version, id LIMIT 1',
  );
  const patches = db.prepare<[string], { key: string; thread_id: string | null; subject: string }>(
    `SELECT sp.message_key AS key, m.thread_id, coalesce(m.subject, '') AS subject
     FROM series_patches sp LEFT JOIN messages m ON m.key = sp.message_key WHERE sp.series = ? ORDER BY sp.ord`,
  );
  const reviews = new Map<string, Map<string, ReviewTrailer[]>>();
  const reviewsOf = (thread: string | null, key: string): ReviewTrailer[] => {
    if (thread === null) return [];
    let r = reviews.get(thread);
    if (r === undefined) reviews.set(thread, (r = threadReviews(db, thread)));
    return r.get(key) ?? [];
  };
  const seen = new Set<string>();
  const chains: SeriesChain[] = [];
  for (const start of here) {
    if (seen.has(start)) continue;
    // Back to the first version, then forward through its successors.
    let first = byId.get(start);
    for (let i = 0; first?.previous != null && i < MAX_VERSIONS; i++) {
      const prev = byId.get(first.previous);
      if (prev === undefined || seen.has(prev.id)) break;
      first = prev;
    }
    const chain: SeriesVersionView[] = [];
    for (let s = first, i = 0; s !== undefined && !seen.has(s.id) && i < MAX_VERSIONS; i++) {
      seen.add(s.id);
      chain.push({
        id: s.id,
        version: s.version,
        title: s.title,
        author: s.author,
        total: s.total,
        missing: JSON.parse(s.missing) as number[],
        patches: patches.all(s.id).map((p) => ({
          key: p.key,
          threadId: p.thread_id,
          subject: p.subject,
          trailers: reviewsOf(p.thread_id, p.key),
        })),
      });
      const after = next.get(s.id);
      s = after === undefined ? undefined : byId.get(after.id);
    }
    if (chain.length > 0) chains.push(chain);
  }
  return chains;
}

/** A trailer with who wrote the mail carrying it, and whether that mail is a reply below the patch (not the patch itself). */
export type ReviewTrailer = Trailer & { readonly from: string | null; readonly inReply: boolean };

/**
 * Review trailers per message of a thread: the message's own and those in the replies
 * below it (a reply's reply is still about this patch). One indexed read per thread.
 */
function threadReviews(db: Db, threadId: string): Map<string, ReviewTrailer[]> {
  const messages = db
    .prepare<[string], { key: string; parent_key: string | null }>(
      'SELECT key, parent_key FROM messages WHERE thread_id = ? AND merged_into IS NULL',
    )
    .all(threadId);
  const trailers = db
    .prepare<
      [string],
      {
        key: string;
        kind: string;
        name: string | null;
        email: string | null;
        raw: string;
        from_name: string | null;
        from_email: string | null;
      }
    >(
      `SELECT m.key, t.kind, t.name, t.email, t.raw, m.from_name, m.from_email
       FROM messages m JOIN trailers t ON t.message = m.id WHERE m.thread_id = ? ORDER BY m.date_ms, m.id, t.ord`,
    )
    .all(threadId);
  const parent = new Map(messages.map((m) => [m.key, m.parent_key]));
  const out = new Map<string, ReviewTrailer[]>();
  const seen = new Set<string>();
  for (const r of trailers) {
    if (!REVIEW_KINDS.has(r.kind.toLowerCase())) continue;
    const t = { kind: r.kind, name: r.name, email: r.email, raw: r.raw, from: r.from_name ?? r.from_email };
    // Credit the message and every ancestor up the tree (bounded: no loop on bad data).
    let key: string | null | undefined = r.key;
    for (let depth = 0; key != null && depth < 256; depth++, key = parent.get(key)) {
      const id = `${key}\u0000${r.kind.toLowerCase()}\u0000${(r.email ?? r.name ?? r.raw).toLowerCase()}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const list = out.get(key) ?? [];
      list.push({ ...t, inReply: depth > 0 });
      out.set(key, list);
    }
  }
  return out;
}
