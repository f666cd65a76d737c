/**
 * Sorting and filtering the thread list and the design options, as pure views:
 * the reducer and the screens both ask for the view of the state they have, so
 * a burst of keys ("s" then "j") moves in the order the first key made.
 *
 * A filter is words, all of which must match: `from:NAME` an author (a thread's
 * people, an option's item authors), `status:S` an option's status (or a
 * prefix: `status:sup`), `has:patch` a thread with a patch in it, any other
 * word the subject or title; case ignored.
 * The filter prompt asks for a view on every key, so the views of the last
 * few filters of a list are kept (typing back and forth costs one pass each).
 */
import type { DesignOption, Extraction, Item } from '../extract/types.js';
import type { ThreadSummary } from '../store/types.js';

export const THREAD_SORTS = ['activity', 'date', 'size'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];
export const OPTION_SORTS = ['thread', 'status', 'activity', 'date', 'size'] as const;
export type OptionSort = (typeof OPTION_SORTS)[number];

/** What the list's title says the order is. */
export const SORT_WORDS: Record<ThreadSort | OptionSort, string> = {
  activity: 'last activity',
  date: 'first date',
  size: 'size',
  thread: 'thread order',
  status: 'status',
};

interface Filter {
  readonly from: readonly string[];
  readonly status: readonly string[];
  /** has:patch (any prefix of it, has:p, as it is typed). */
  readonly patch: boolean;
  readonly words: readonly string[];
}

export function parseFilter(text: string): Filter {
  const from: string[] = [];
  const status: string[] = [];
  const words: string[] = [];
  let patch = false;
  for (const w of text
    .toLowerCase()
    .split(/\s+/)
    .filter((x) => x !== '')) {
    // A bare "from:" or "status:" (half typed) asks for nothing yet: the list stays as it is.
    if (w.startsWith('from:')) {
      if (w.length > 5) from.push(w.slice(5));
    } else if (w.startsWith('status:')) {
      if (w.length > 7) status.push(w.slice(7));
    } else if (w.startsWith('has:')) {
      if (w.length > 4 && 'patch'.startsWith(w.slice(4))) patch = true;
      else if (w.length > 4) words.push(w);
    } else words.push(w);
  }
  return { from, status, patch, words };
}

const time = (iso: string | null): number => {
  const t = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};

/**
 * Views kept per list: each key typed into the filter prompt is a view of its own, and on a
 * large archive one is an array of every thread; the oldest go first.
 */
const VIEWS_KEPT = 16;

function remember(views: Map<string, readonly number[]>, key: string, view: readonly number[]): readonly number[] {
  views.set(key, view);
  for (const old of views.keys()) {
    if (views.size <= VIEWS_KEPT) break;
    views.delete(old);
  }
  return view;
}

const threadViews = new WeakMap<readonly ThreadSummary[], Map<string, readonly number[]>>();

/** Indices into `threads` in the order and under the filter asked for (the list as loaded is by last activity). */
export function threadView(
  threads: readonly ThreadSummary[],
  sort: ThreadSort,
  filter: string,
  /** The threads with a patch, asked for only when the filter says has:patch. */
  patched: () => ReadonlySet<string> = () => new Set(),
): readonly number[] {
  let views = threadViews.get(threads);
  if (views === undefined) threadViews.set(threads, (views = new Map()));
  const key = `${sort}\u0000${filter}`;
  const known = views.get(key);
  if (known !== undefined) return known;
  const f = parseFilter(filter);
  const withPatch = f.patch ? patched() : null;
  const keep = threads
    .map((t, i) => ({ t, i }))
    .filter(({ t }) => {
      if (withPatch !== null && !withPatch.has(t.id)) return false;
      const subject = t.subject.toLowerCase();
      const people = t.people.map((p) => p.toLowerCase());
      // status: words speak of options; a thread has none of its own.
      return f.words.every((w) => subject.includes(w)) && f.from.every((a) => people.some((p) => p.includes(a)));
    });
  const by: Record<ThreadSort, (a: ThreadSummary, b: ThreadSummary) => number> = {
    activity: () => 0,
    date: (a, b) => time(b.first) - time(a.first),
    size: (a, b) => b.messages - a.messages,
  };
  // Stable: equal keys keep the list's own order (most recent activity first).
  return remember(
    views,
    key,
    keep.sort((a, b) => by[sort](a.t, b.t) || a.i - b.i).map(({ i }) => i),
  );
}

const STATUS_RANK: Record<DesignOption['status'], number> = { supported: 0, open: 1, opposed: 2, superseded: 3 };

const optionViews = new WeakMap<Extraction, Map<string, readonly number[]>>();

/** Indices into `extraction.options`, sorted and filtered. */
export function optionView(extraction: Extraction, sort: OptionSort, filter: string): readonly number[] {
  let views = optionViews.get(extraction);
  if (views === undefined) optionViews.set(extraction, (views = new Map()));
  const key = `${sort}\u0000${filter}`;
  const known = views.get(key);
  if (known !== undefined) return known;
  const f = parseFilter(filter);
  const byId = new Map(extraction.items.map((i) => [i.id, i]));
  const rows = extraction.options.map((o, i) => {
    const items = o.items.map((id) => byId.get(id)).filter((x): x is Item => x !== undefined);
    const times = items.map((x) => time(x.date)).filter((t) => t !== -Infinity);
    return {
      o,
      i,
      items,
      first: times.length === 0 ? -Infinity : Math.min(...times),
      last: times.length === 0 ? -Infinity : Math.max(...times),
      authors: [...new Set(items.map((x) => (x.author ?? '').toLowerCase()))],
    };
  });
  const keep = rows.filter(
    (r) =>
      f.words.every((w) => r.o.title.toLowerCase().includes(w)) &&
      f.from.every((a) => r.authors.some((p) => p.includes(a))) &&
      f.status.every((s) => r.o.status.startsWith(s)),
  );
  const by: Record<OptionSort, (a: (typeof rows)[number], b: (typeof rows)[number]) => number> = {
    thread: () => 0,
    status: (a, b) => STATUS_RANK[a.o.status] - STATUS_RANK[b.o.status],
    activity: (a, b) => b.last - a.last,
    date: (a, b) => a.first - b.first,
    size: (a, b) => b.items.length - a.items.length,
  };
  return remember(
    views,
    key,
    keep.sort((a, b) => by[sort](a, b) || a.i - b.i).map((r) => r.i),
  );
}

export function nextSort<S extends string>(all: readonly S[], current: S): S {
  return all[(all.indexOf(current) + 1) % all.length] ?? current;
}
