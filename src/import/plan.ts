/**
 * The pure half of an import: what to store for one parsed message, and how to
 * turn a threading of the whole database into the rows the store records.
 * Nothing here touches SQLite (changesets' assemble-plan / apply split).
 */
import type { ParsedMessage } from '../mail/types.js';
import type {
  Matching,
  MessageRecord,
  StoredSeries,
  ThreadingRow,
  ThreadingWrite,
  ThreadSummary,
} from '../store/types.js';
import { extractPatch, seriesKeys, type SeriesInput, type SeriesPlan } from '../patch/index.js';
import {
  baseSubject,
  copiesMail,
  MAX_SUBJECT_CANDIDATES,
  MIN_VOICE_SHINGLES,
  ownShinglesSorted,
  reconstructVoices,
  shingles,
  VOICE_OWN_SHARE,
  type ThreadPlan,
} from '../thread/index.js';
import { share, type SortedShingles } from '../shingles.js';
import type { ImportWarning } from '../errors.js';
import { contextKeys } from '../thread/keys.js';

export interface MessagePlan {
  /** The message itself first, then the voices recovered from its quotes. */
  readonly records: readonly MessageRecord[];
  readonly warnings: readonly ImportWarning[];
  /** Set when the voices are still to be reconstructed (planned with `voices: false`): see withVoices. */
  readonly voicesPending?: true;
}

/**
 * Patches, trailers, series tag and reconstructed voices of one parsed message.
 * With `voices: false` the voices are left for withVoices (the import runs that half
 * on whichever thread is idle); withVoices(planMessage(m, { voices: false })) equals
 * planMessage(m).
 */
export function planMessage(parsed: ParsedMessage, opts: { readonly voices?: boolean } = {}): MessagePlan {
  const info = extractPatch(parsed);
  const head: MessageRecord = {
    message: parsed,
    patch: info.patch,
    trailers: info.trailers,
    series: info.series,
    changeId: info.changeId,
    keys: contextKeys(parsed),
    seriesKeys:
      info.series === null
        ? []
        : seriesKeys({ ...parsed, series: info.series, changeId: info.changeId, hasPatch: info.patch !== null }),
  };
  const plan: MessagePlan = { records: [head], warnings: [...parsed.warnings, ...info.warnings], voicesPending: true };
  return opts.voices === false ? plan : withVoices(plan);
}

/** A plan with its reconstructed voices (the plan itself when they are already there). */
export function withVoices(plan: MessagePlan): MessagePlan {
  const head = plan.records[0];
  if (plan.voicesPending !== true || head === undefined) return plan;
  const parsed = head.message;
  const { voices, directParent } = reconstructVoices(parsed);
  // The voice a message quotes is its parent when its headers say nothing (web dumps, broken chains).
  const message: ParsedMessage =
    directParent !== null && parsed.parentHint == null ? { ...parsed, parentHint: directParent } : parsed;
  const records: MessageRecord[] = [{ ...head, message }];
  for (const voice of voices)
    records.push({
      message: voice,
      patch: null,
      trailers: [],
      series: null,
      changeId: null,
      keys: contextKeys(voice),
      seriesKeys: [],
    });
  return { records, warnings: [...plan.warnings, ...voices.flatMap((v) => v.warnings)] };
}

/** Series planning input from stored rows and their (final) thread ids. */
export function seriesInputs(rows: readonly ThreadingRow[], threadOf: ReadonlyMap<string, string>): SeriesInput[] {
  const out: SeriesInput[] = [];
  for (const r of rows) {
    if (r.reconstructed) continue;
    out.push({
      key: r.key,
      subject: r.subject,
      from: r.from,
      date: r.date,
      threadId: threadOf.get(r.key) ?? r.key,
      inReplyTo: r.inReplyTo,
      references: r.references,
      series: r.series,
      changeId: r.changeId,
      messageId: r.messageId,
      hasPatch: r.hasPatch,
    });
  }
  return out;
}

export interface Placement {
  readonly parent: ReadonlyMap<string, string | null>;
  readonly thread: ReadonlyMap<string, string>;
  readonly merged: ReadonlyMap<string, string>;
}

/**
 * Final parents and thread ids. A parent that is a reconstructed voice merged
 * into a real message becomes that real message; the thread id is the key of
 * the root reached by following parents, so a thread is exactly a tree here
 * whatever the threader's own bookkeeping said. `outside`: key -> stored thread of
 * messages that are not placed again but may be parents (an incremental re-thread).
 */
export function placeMessages(
  rows: readonly ThreadingRow[],
  plan: ThreadPlan,
  outside: ReadonlyMap<string, string> = new Map(),
): Placement {
  const merged = new Map<string, string>();
  for (const [from, to] of plan.merged) if (from !== to) merged.set(from, to);
  const real = (key: string): string => {
    let k = key;
    for (let hops = 0; hops < 64; hops++) {
      const next = merged.get(k);
      if (next === undefined) return k;
      k = next;
    }
    return k;
  };
  const keys = new Set<string>(rows.map((r) => r.key));
  for (const g of plan.ghosts) keys.add(g.key);
  const parent = new Map<string, string | null>();
  for (const key of keys) {
    if (merged.has(key)) {
      parent.set(key, real(key));
      continue;
    }
    const p = plan.parent.get(key) ?? null;
    const rp = p === null ? null : real(p);
    parent.set(key, rp !== null && rp !== key && (keys.has(rp) || outside.has(rp)) ? rp : null);
  }
  // Messages placed before and not placed again (an incremental re-thread) end the walk in their stored thread.
  const thread = new Map<string, string>(outside);
  for (const key of keys) {
    // Walk up to the root, remembering the path; a cycle is cut at the first repeated key.
    const path: string[] = [];
    const onPath = new Set<string>();
    let k: string = key;
    let root: string | undefined;
    for (;;) {
      const known = thread.get(k);
      if (known !== undefined) {
        root = known;
        break;
      }
      if (onPath.has(k)) {
        parent.set(path[path.length - 1] ?? k, null);
        root = path[path.length - 1] ?? k;
        break;
      }
      path.push(k);
      onPath.add(k);
      const p = parent.get(k) ?? null;
      if (p === null) {
        root = k;
        break;
      }
      k = p;
    }
    for (const member of path) thread.set(member, root);
  }
  return { parent, thread, merged };
}

/** The keys of a threading input whose words text matching reads (OwnTextIndex takes only those with a body, carried or not). */
export function wordedKeys(rows: readonly ThreadingRow[]): Set<string> {
  return new Set(rows.flatMap((r) => (r.body || r.worded === true ? [r.key] : [])));
}

/** Everything the store records after a re-thread. */
export function planThreadingWrite(
  rows: readonly ThreadingRow[],
  plan: ThreadPlan,
  placed: Placement,
  series: SeriesPlan,
  byHeaders: ReadonlyMap<string, string>,
  worded: ReadonlySet<string>,
  decidedBy: ReadonlyMap<string, string>,
): ThreadingWrite {
  const placement = new Map<string, readonly [string | null, string]>();
  const matching = new Map<string, Matching>();
  for (const r of rows) {
    placement.set(r.key, [placed.parent.get(r.key) ?? null, placed.thread.get(r.key) ?? r.key]);
    matching.set(r.key, !r.reconstructed ? 1 : byHeaders.has(r.key) ? 0 : plan.mergedByWords.has(r.key) ? 2 : 1);
  }
  const ghosts = plan.ghosts.map((g) => ({
    key: g.key,
    messageId: g.messageId,
    parent: placed.parent.get(g.key) ?? null,
    threadId: placed.thread.get(g.key) ?? g.key,
  }));
  return {
    placement,
    merged: placed.merged,
    matching,
    worded,
    decidedBy,
    ghosts,
    threads: summarizeThreads(rows, placed, new Set(ghosts.map((g) => g.key))),
    series: series.series.map((s): StoredSeries => ({ ...s })),
  };
}

function summarizeThreads(
  rows: readonly ThreadingRow[],
  placed: Placement,
  ghostKeys: ReadonlySet<string>,
): (ThreadSummary & { rootKey: string; lastMs: number | null })[] {
  interface Acc {
    id: string;
    members: { row: ThreadingRow; ms: number | null }[];
  }
  const byThread = new Map<string, Acc>();
  for (const row of rows) {
    if (placed.merged.has(row.key)) continue;
    const id = placed.thread.get(row.key) ?? row.key;
    let acc = byThread.get(id);
    if (acc === undefined) byThread.set(id, (acc = { id, members: [] }));
    const ms = row.date === null ? null : Date.parse(row.date);
    acc.members.push({ row, ms: ms !== null && Number.isFinite(ms) ? ms : null });
  }
  const out: (ThreadSummary & { rootKey: string; lastMs: number | null })[] = [];
  for (const acc of byThread.values()) {
    acc.members.sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity));
    const root = acc.members.find((m) => m.row.key === acc.id) ?? acc.members[0];
    if (root === undefined) continue;
    const people: string[] = [];
    for (const m of acc.members) {
      const who = m.row.from.name ?? m.row.from.email;
      if (who !== null && !people.includes(who)) people.push(who);
    }
    const dated = acc.members.filter((m) => m.ms !== null);
    const first = dated[0];
    const last = dated[dated.length - 1];
    out.push({
      id: acc.id,
      rootKey: ghostKeys.has(acc.id) ? acc.id : root.row.key,
      subject: root.row.subject,
      messages: acc.members.length,
      reconstructed: acc.members.filter((m) => m.row.reconstructed).length,
      people,
      first: first?.row.date ?? null,
      last: last?.row.date ?? null,
      lastMs: last?.ms ?? null,
    });
  }
  return out;
}

/**
 * Voices whose quoting mail is placed by its headers under archived messages
 * are those messages: a reply quotes its parent at depth 1, the grandparent at
 * depth 2, and so on. Resolving them here, from the header threading of the
 * archived mail alone, leaves the text matching of the threader only the
 * voices nobody archived (seed dumps, replies to off-list mail), which is
 * what makes re-threading a 30,000-message list take seconds, not minutes.
 * `headerPlan` is threadMessages over the archived rows only. `decidedBy` gets, for each voice,
 * the mail that placed it: the first in `rows` order whose chain reaches it (store/incremental.ts).
 *
 * Quote depth does not always mirror the thread: a client that flattens quote levels puts
 * the parent's words a level deeper, under no attribution line. So a voice with no author
 * is checked against the words of the mails up its quoter's chain when `textOf` gives
 * bodies, and goes to the one whose words it copies (the depth's mail when none does).
 */
export function voicesByHeaders(
  rows: readonly ThreadingRow[],
  headerPlan: ThreadPlan,
  textOf?: (key: string) => string | undefined,
  decidedBy?: Map<string, string>,
): Map<string, string> {
  const archived = new Set<string>();
  const voices = new Map<string, ThreadingRow>();
  for (const r of rows) r.reconstructed ? voices.set(r.key, r) : archived.add(r.key);
  const merged = new Map<string, string>();
  const own = new Map<string, SortedShingles>();
  const ownOf = (key: string): SortedShingles => {
    let s = own.get(key);
    if (s === undefined) own.set(key, (s = ownShinglesSorted(textOf?.(key) ?? '')));
    return s;
  };
  for (const r of rows) {
    if (r.reconstructed || r.parentHint == null || !voices.has(r.parentHint)) continue;
    // Only mail whose headers name its parent: a header-less reply's quotes are all the threader has.
    if (r.inReplyTo.length === 0 && r.references.length === 0) continue;
    const chain: string[] = [];
    for (
      let a = headerPlan.parent.get(r.key) ?? null;
      a !== null && archived.has(a) && chain.length < 64;
      a = headerPlan.parent.get(a) ?? null
    )
      chain.push(a);
    let voice: string | null | undefined = r.parentHint;
    chain.forEach((ancestor, depth) => {
      if (voice == null) return;
      const v = voices.get(voice);
      const unnamed = v !== undefined && !v.from.name && !v.from.email;
      if (!merged.has(voice)) {
        merged.set(voice, (unnamed && textOf ? ownerByWords(v, chain, depth, textOf, ownOf) : null) ?? ancestor);
        decidedBy?.set(voice, r.key);
      }
      voice = v?.parentHint;
    });
  }
  return merged;
}

/** The mail of `chain` whose words an unnamed voice copies, if one does. */
function ownerByWords(
  voice: ThreadingRow,
  chain: readonly string[],
  depth: number,
  textOf: (key: string) => string | undefined,
  ownOf: (key: string) => SortedShingles,
): string | null {
  const want = shingles(textOf(voice.key) ?? '');
  if (want.size < MIN_VOICE_SHINGLES) return null;
  // The mail at the voice's own depth first: it nearly always is the one, and then no other is read.
  const first = chain[depth];
  if (first !== undefined && share(want, ownOf(first)) >= VOICE_OWN_SHARE) return first;
  let best: string | null = null;
  let bestShare = 0;
  for (const k of chain) {
    const s = share(want, ownOf(k));
    if (s > bestShare) {
      bestShare = s;
      best = k;
    }
  }
  return best !== null && copiesMail(want, bestShare, textOf(best), false) ? best : null;
}

/**
 * Archived messages whose own words a voice left unresolved by headers may copy: what the
 * threader must see the text of to merge such a voice by its words. Only voices that
 * cannot be matched by author and time need this (no name, or no date); their subject is
 * their quoter's, and the message they copy is nearly always in the same discussion.
 *
 * The copies this is for: a voice whose quoting mail named no author ("> > Not too much,
 * given that ..." under no attribution line), and the deeper voices of a mail whose
 * depth-1 voice was already stored from another quote: nobody points at them, and they
 * made threads of their own with a null author, re-extracting words a real mail owns.
 */
export function voiceCopyCandidates(rows: readonly ThreadingRow[], resolved: ReadonlyMap<string, string>): Set<string> {
  const wanted = new Set<string>();
  for (const r of rows) {
    if (!r.reconstructed || resolved.has(r.key)) continue;
    if ((r.from.name || r.from.email) && r.date) continue;
    wanted.add(baseSubject(r.subject));
  }
  const groups = new Map<string, string[]>();
  if (wanted.size === 0) return new Set();
  for (const r of rows) {
    if (r.reconstructed || r.body !== undefined) continue;
    const s = baseSubject(r.subject);
    if (!wanted.has(s)) continue;
    const g = groups.get(s);
    if (g === undefined) groups.set(s, [r.key]);
    else g.push(r.key);
  }
  const out = new Set<string>();
  for (const g of groups.values()) if (g.length <= MAX_SUBJECT_CANDIDATES) for (const k of g) out.add(k);
  return out;
}
