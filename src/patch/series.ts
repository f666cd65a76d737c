/**
 * Plans patch series from the subject tags of many messages: which messages form one posting
 * of a series (cover letter 0/n and patches 1..n), and which posting is the previous version
 * of which (v1 -> v2 -> v3). Pure: the store writes the plan.
 *
 * Grouping, in the order Patchwork's parser found it needed:
 *  1. a patch joins the posting of the nearest message it references (cover or sibling patch)
 *     when sender, version and count agree and its slot is free;
 *  2. else numbered patches of one thread, sender, version and count form a posting;
 *  3. postings without a cover that were sent without References (one thread each) merge with
 *     a posting of the same sender, version and count sent within a day, if their slots differ.
 * Versions are linked by normalised title and sender, a shared change-id, or a patch subject
 * reposted unchanged, because v2 is usually a new thread, not a reply to v1.
 */
import type { Address } from '../mail/types.js';
import type { SeriesTag } from './types.js';
import { REPLY_PREFIX, normaliseTitle, stripTags } from './series-tag.js';

export interface SeriesInput {
  key: string;
  subject: string;
  from: Address;
  date: string | null;
  threadId: string;
  inReplyTo: readonly string[];
  references: readonly string[];
  series: SeriesTag | null;
  changeId: string | null;
  /** The Message-ID; when absent it is derived from `key` (the Message-ID, maybe with "#hash"). */
  messageId?: string | null;
  /** False when the message carries no diff: an unnumbered "[RFC] proposal" is then no series. */
  hasPatch?: boolean;
}

export interface PlannedSeries {
  id: string;
  version: number;
  title: string;
  author: string | null;
  cover: string | null;
  /** Message keys in index order. */
  patches: string[];
  total: number | null;
  /** Indexes of 1..total not found. */
  missing: number[];
  /** Series id of the previous version. */
  previous: string | null;
}

export interface SeriesPlan {
  series: PlannedSeries[];
}

interface Member extends SeriesInput {
  readonly series: SeriesTag;
  readonly time: number | null;
  readonly who: Who;
}

interface Who {
  readonly name: string | null;
  readonly email: string | null;
}

interface Group {
  cover: Member | null;
  patches: Member[];
  readonly version: number;
  total: number | null;
  readonly who: Who;
  readonly thread: string;
  readonly first: Member;
}

const DAY_MS = 24 * 3600 * 1000;

export function planSeries(msgs: readonly SeriesInput[]): SeriesPlan {
  const members = msgs
    .flatMap((m): Member[] => {
      const tag = m.series;
      if (!tag || REPLY_PREFIX.test(m.subject)) return [];
      if (tag.index === null && m.hasPatch === false) return [];
      const t = m.date === null ? NaN : Date.parse(m.date);
      return [{ ...m, series: tag, time: Number.isNaN(t) ? null : t, who: whoOf(m.from) }];
    })
    .sort(byTime);

  const groups: Group[] = [];
  const groupOfId = new Map<string, Group>();
  const byThread = new Map<string, Group>();
  const open = (m: Member): Group => {
    const g: Group = {
      cover: null,
      patches: [],
      version: m.series.version,
      total: m.series.total,
      who: m.who,
      thread: m.threadId,
      first: m,
    };
    groups.push(g);
    return g;
  };
  const join = (g: Group, m: Member): void => {
    if (m.series.index === 0) g.cover = m;
    else g.patches.push(m);
    if (g.total === null) g.total = m.series.total;
    // First come keeps the id: a later re-send under the same Message-ID must not steal the slot.
    if (!groupOfId.has(idOf(m))) groupOfId.set(idOf(m), g);
  };

  // Covers first, so patches delivered before their cover still find it.
  for (const m of members) if (m.series.index === 0) join(open(m), m);
  for (const m of members) {
    if (m.series.index === 0) continue;
    if (m.series.index === null) {
      join(open(m), m);
      continue;
    }
    const viaRef = [...m.inReplyTo, ...[...m.references].reverse()]
      .map((id) => groupOfId.get(id))
      .find((g): g is Group => g !== undefined && fits(g, m));
    const threadKey = [m.threadId, m.series.version, m.series.total, authorKey(m.who)].join('\0');
    const sameThread = byThread.get(threadKey);
    const g = viaRef ?? (sameThread && fits(sameThread, m) ? sameThread : open(m));
    if (!viaRef && !byThread.has(threadKey)) byThread.set(threadKey, g);
    join(g, m);
  }

  const merged = mergeUnthreaded(mergeDuplicateCovers(groups));
  const planned = merged.map((g) => ({ g, s: describe(g) }));
  linkVersions(planned);
  return { series: planned.map(({ s }) => s) };
}

/** May `m` take a slot in `g`? Same sender and count, a free index, and the same version
 * (an unlabelled patch may answer a labelled cover: "[PATCH net-next v3 0/4]" + "[PATCH 1/4]"). */
function fits(g: Group, m: Member): boolean {
  const tag = m.series;
  if (!sameWho(g.who, m.who)) return false;
  if (g.version !== tag.version && !(tag.version === 1 && g.cover !== null)) return false;
  if (g.total !== null && tag.total !== null && g.total !== tag.total) return false;
  return !g.patches.some((p) => p.series.index === tag.index);
}

/**
 * Postings sent without References land in one thread each; put them back together. A host
 * has the sender, version and count of the posting, so it is looked for only among the kept
 * postings of that sender key, version and count (each list in the order they were kept).
 */
function mergeUnthreaded(groups: Group[]): Group[] {
  const out: Group[] = [];
  const kept = new Map<string, number[]>();
  const bucketsOf = (g: Group): string[] =>
    [g.who.email === null ? '' : `e:${g.who.email}`, g.who.name === null ? '' : `n:${g.who.name}`]
      .filter((k) => k)
      .map((k) => `${k}\0${g.version}\0${g.total}`);
  for (const g of groups) {
    let host: Group | undefined;
    // Out's indexes of the postings that may host g, nearest (last kept) first.
    const candidates =
      g.cover || g.first.series.index === null
        ? []
        : [...new Set(bucketsOf(g).flatMap((b) => kept.get(b) ?? []))].sort((a, b) => b - a);
    // The nearest earlier posting wins: a series re-sent an hour later is a new posting.
    for (const i of candidates) {
      if (host) break;
      const h = out[i];
      if (
        h &&
        h.version === g.version &&
        h.total !== null &&
        h.total === g.total &&
        h.thread !== g.thread &&
        sameWho(h.who, g.who) &&
        near(h.first.time, g.first.time, DAY_MS) &&
        !g.patches.some((p) => h.patches.some((q) => q.series.index === p.series.index))
      )
        host = h;
    }
    if (host) host.patches.push(...g.patches);
    else {
      for (const b of bucketsOf(g)) {
        const list = kept.get(b);
        if (list) list.push(out.length);
        else kept.set(b, [out.length]);
      }
      out.push(g);
    }
  }
  return out;
}

/**
 * A cover letter posted twice with the patches under only one: the same Message-ID re-sent later
 * (cache-coherency v3 has one, forwarded by a co-author), or the same sender, version and title.
 */
function mergeDuplicateCovers(groups: Group[]): Group[] {
  return groups.filter((g) => {
    if (!g.cover || g.patches.length > 0) return true;
    const title = normaliseTitle(g.cover.subject);
    const id = idOf(g.cover);
    return !groups.some(
      (h) =>
        h !== g &&
        h.cover !== null &&
        h.patches.length > 0 &&
        h.version === g.version &&
        (idOf(h.cover) === id ||
          (sameWho(h.who, g.who) &&
            normaliseTitle(h.cover.subject) === title &&
            near(h.first.time, g.first.time, 30 * DAY_MS))),
    );
  });
}

function describe(g: Group): PlannedSeries {
  g.patches.sort((a, b) => (a.series.index ?? 0) - (b.series.index ?? 0) || byTime(a, b));
  const head = g.cover ?? g.patches[0] ?? g.first;
  const total = g.total;
  const have = new Set(g.patches.map((p) => p.series.index));
  const missing: number[] = [];
  if (total !== null && total <= 1000) for (let i = 1; i <= total; i++) if (!have.has(i)) missing.push(i);
  return {
    id: `series:${head.key}`,
    version: g.version,
    title: stripTags(head.subject),
    author: head.from.name?.replace(/\s+via\s+\S+$/i, '') || head.from.email,
    cover: g.cover?.key ?? null,
    patches: g.patches.map((p) => p.key),
    total,
    missing,
    previous: null,
  };
}

interface Facts {
  readonly g: Group;
  readonly s: PlannedSeries;
  readonly title: string;
  readonly ids: ReadonlySet<string>;
  readonly subjects: ReadonlySet<string>;
}

/**
 * Sets `previous` on every series: the highest earlier version (or earlier posting of the same
 * version) of the same work by the same sender. Candidates come from buckets of one sender and
 * one thing that makes two postings related (title, change-id, patch subject), so neither a
 * whole list archive nor a prolific sender's hundreds of series compare every pair.
 */
function linkVersions(planned: readonly { g: Group; s: PlannedSeries }[]): void {
  const facts: Facts[] = planned.map(({ g, s }) => ({
    g,
    s,
    title: normaliseTitle((g.cover ?? g.first).subject),
    ids: changeIds(g),
    subjects: new Set(g.patches.map((p) => normaliseTitle(p.subject))),
  }));
  const senders = (w: Who): string[] =>
    [w.name === null ? '' : `n:${w.name}`, w.email === null ? '' : `e:${w.email}`].filter((k) => k);
  // Related: the same title, a shared change-id or a shared patch subject (NUL keeps the parts apart).
  const buckets = (f: Facts): string[] =>
    senders(f.g.who).flatMap((k) => [
      `${k}\0t\0${f.title}`,
      ...[...f.ids].map((id) => `${k}\0c\0${id}`),
      ...[...f.subjects].map((t) => `${k}\0s\0${t}`),
    ]);
  const related = new Map<string, Facts[]>();
  for (const f of facts) {
    for (const b of buckets(f)) {
      const list = related.get(b);
      if (list) list.push(f);
      else related.set(b, [f]);
    }
  }

  for (const f of facts) {
    const g = f.g;
    let best: Facts | undefined;
    for (const c of new Set(buckets(f).flatMap((b) => related.get(b) ?? []))) {
      const p = c.g;
      if (p === g || p.version > g.version) continue;
      if (p.first.time !== null && g.first.time !== null && p.first.time > g.first.time) continue;
      // An unlabelled re-post keeps its version: it follows the earlier posting only when time says so.
      if (p.version === g.version && !(p.first.time !== null && g.first.time !== null && p.first.time < g.first.time))
        continue;
      if (!best || p.version > best.g.version || (p.version === best.g.version && byTime(best.g.first, p.first) < 0))
        best = c;
    }
    f.s.previous = best?.s.id ?? null;
  }
}

function changeIds(g: Group): Set<string> {
  const ids = new Set<string>();
  for (const m of [g.cover, ...g.patches]) if (m?.changeId) ids.add(m.changeId);
  return ids;
}

/** Mailman rewrites From to "Name via list <list@...>": then only the name identifies the sender. */
function whoOf(a: Address): Who {
  const munged = a.name !== null && /\svia\s+\S+$/i.test(a.name);
  const name =
    a.name
      ?.replace(/\s+via\s+\S+$/i, '')
      .replace(/["'’ʼ]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase() || null;
  return { name, email: munged ? null : (a.email?.toLowerCase() ?? null) };
}

function sameWho(a: Who, b: Who): boolean {
  return (a.email !== null && a.email === b.email) || (a.name !== null && a.name === b.name);
}

/** Prefixed like seriesKeys' sender keys, so a name never meets an address of the same spelling. */
function authorKey(w: Who): string {
  return w.email !== null ? `e:${w.email}` : w.name !== null ? `n:${w.name}` : '';
}

/** Whether planSeries takes this message at all: tagged, not a reply, and (unnumbered) carrying a diff. */
export function isSeriesMember(m: {
  readonly subject: string;
  readonly series: SeriesTag | null;
  readonly hasPatch?: boolean;
}): boolean {
  const tag = m.series;
  return tag !== null && !REPLY_PREFIX.test(m.subject) && !(tag.index === null && m.hasPatch === false);
}

/**
 * What relates a message to others in series planning, of what does not change once it is
 * stored (its thread does: the import walks threads and References itself, see
 * seriesComponents). Each rule of planSeries that weighs two messages together needs them
 * to share one of these, or a thread, or a Message-ID one cites:
 *
 *   i:ID            the same Message-ID (first come keeps an id; a cover re-sent under its id)
 *   t:SENDER TITLE  mergeDuplicateCovers and linkVersions: one sender, one normalised title
 *                   (a group's title and patch subjects are its members' subjects)
 *   c:SENDER ID     linkVersions: one sender, one change-id
 *   d:SENDER V DAY  mergeUnthreaded: one sender and version, first messages within a day of
 *                   each other (filed under its day and the next: two within a day share one)
 *   u:SENDER        an undated message (near() takes it for any time) ...
 *   w:SENDER        ... is weighed with every member of its sender, which all file this;
 *                   w: is followed only from undated messages, and u: from every message
 *
 * SENDER is each of the normalised name and address (sameWho compares either). Members that
 * share none of these, directly or through others, are planned apart exactly as together,
 * so an import re-plans the few postings, versions and same-day postings its patches meet,
 * not every series of their senders (a maintainer's is most of a list). A tagged message
 * planSeries drops (a reply) files only its id.
 */
export function seriesKeys(m: {
  readonly key: string;
  readonly from: Address;
  readonly messageId?: string | null;
  readonly subject: string;
  readonly series: SeriesTag | null;
  readonly changeId: string | null;
  readonly date: string | null;
  readonly hasPatch?: boolean;
}): string[] {
  const out = [`i:${idOf(m)}`];
  if (!isSeriesMember(m) || m.series === null) return out;
  const who = whoOf(m.from);
  const senders = [who.name === null ? '' : `n:${who.name}`, who.email === null ? '' : `e:${who.email}`].filter(
    (k) => k,
  );
  const t = m.date === null ? NaN : Date.parse(m.date);
  const title = normaliseTitle(m.subject);
  for (const k of senders) {
    out.push(`t:${k}\0${title}`, `w:${k}`);
    if (m.changeId) out.push(`c:${k}\0${m.changeId}`);
    if (Number.isNaN(t)) out.push(`u:${k}`);
    else {
      const day = Math.floor(t / DAY_MS);
      out.push(`d:${k}\0${m.series.version}\0${day}`, `d:${k}\0${m.series.version}\0${day + 1}`);
    }
  }
  return out;
}

/**
 * The keys a member's component is walked by (seriesComponents): its own, except that w:
 * (every member of a sender) is followed from an undated member only, and a dated one asks
 * instead for its sender's undated members (u:).
 */
export function seriesWalkKeys(keys: readonly string[]): string[] {
  const undated = keys.some((k) => k.startsWith('u:'));
  return keys.flatMap((k) =>
    k.startsWith('w:') ? (undated ? [k] : [`u:${k.slice(2)}`]) : k.startsWith('u:') ? [] : [k],
  );
}

function idOf(m: { readonly key: string; readonly messageId?: string | null }): string {
  return m.messageId ?? m.key.replace(/^<|>$/g, '').replace(/#[0-9a-f]+$/i, '');
}

function near(a: number | null, b: number | null, ms: number): boolean {
  return a === null || b === null || Math.abs(a - b) <= ms;
}

function byTime(a: { time: number | null; key: string }, b: { time: number | null; key: string }): number {
  if (a.time !== b.time) {
    if (a.time === null) return 1;
    if (b.time === null) return -1;
    return a.time - b.time;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
