/**
 * Incremental threading: thread the messages an import stored and re-thread only what
 * they can change, with the verdict threading everything would give, reading no more of
 * the database than the touched threads and the messages text matching weighs them against.
 *
 * What can change (the affected set) starts as the messages not threaded yet and grows
 * until nothing outside it can be moved by anything inside it:
 *   - header threading is local: affectedMessages (src/store/incremental.ts) closes the
 *     set under every id link and takes whole threads;
 *   - text matching is not: it weighs authors, own lines and discussions across the whole
 *     database. So the messages it would weigh the set against are looked up by index
 *     (ContextLookups: author keys, own-line hashes, subject keys, late header-less mail)
 *     and go in as context (`fixed`: candidates, not placed again; ids and keys, their words
 *     read by row when weighed, never carried); the context messages
 *     the set could give another verdict (staleContext) join the set, as do the threads
 *     the set's messages are placed into, and the mail whose words are read now and were
 *     not (or the reverse: voiceCopyCandidates' discussions).
 *
 * Known gap: a quoted line shared by more than 50 texts is boilerplate to the quote
 * matcher; new texts pushing a line past that count could change an old verdict, and
 * that is not looked for.
 */
import type { Db, IncrementalRow, ThreadingRow } from '../store/index.js';
import {
  affectedWalk,
  applyIncrementalThreading,
  bodyById,
  bodyReader,
  ContextLookups,
  loadIncrementalRows,
  loadSeriesRows,
  matchingUnknown,
  messageCount,
  pendingMessages,
  seriesComponents,
  seriesKeysUnfiled,
  unfiledCount,
} from '../store/index.js';
import { isSeriesMember, planSeries, seriesWalkKeys, type SeriesPlan } from '../patch/index.js';
import { layoutBody } from '../thread/layout.js';
import { AuthorIndex, MAX_SUBJECT_CANDIDATES, baseSubject, quotedLines, shingles } from '../thread/match.js';
import { authorKeys, lineHash, lineHashes } from '../thread/keys.js';
import { sameAuthor } from '../mail/names.js';
import { COPY_OWN_SHARE, VOICE_OWN_SHARE, ownShinglesSorted } from '../thread/copies.js';
import { share, type SortedShingles } from '../shingles.js';
import { seeksParent } from '../thread/headerless.js';
import { threadMessages, type FixedPlacement } from '../thread/plan.js';
import { placeMessages, planThreadingWrite, seriesInputs, voicesByHeaders, wordedKeys } from './plan.js';
import { collectGarbage } from './collect.js';
import type { StageReport } from './progress.js';

/** The steps of one round, for the progress line. */
const STAGES = ['finding the touched threads', 'reading their context', 'matching text', 'writing'] as const;

/**
 * Above this share of the database, re-threading everything is as cheap as walking the
 * affected threads (a first import, a bulk import of a whole list).
 */
export const INCREMENTAL_SHARE = 0.5;
/** A voice merges with a message of its author within ten minutes of it (mergeVoices in src/thread/copies.ts). */
const VOICE_WINDOW_MS = 10 * 60_000;
/** Attribution and quote matching take candidates up to a minute later than the reply (isEarlier). */
const EARLIER_SLACK_MS = 60_000;
/** Rounds of growing the affected set before giving up and threading everything. */
const MAX_ROUNDS = 8;
/** OwnTextIndex.score: a line held by more texts than this is boilerplate. */
const BOILERPLATE_HOLDERS = 50;

/** A voice voiceCopyCandidates reads archived mail for: no name, or no date. */
const copyVoice = (m: ThreadingRow): boolean => m.reconstructed && !((m.from.name || m.from.email) && m.date);

/** Re-thread what the pending messages touch; false (nothing written) when threading everything is due. */
export function rethreadAffected(db: Db, share = INCREMENTAL_SHARE, report: StageReport = () => undefined): boolean {
  if (matchingUnknown(db) || unfiledCount(db) > 0) return false;
  let seeds = pendingMessages(db);
  if (seeds.length === 0) return false;
  const pending = new Set(seeds);
  const limit = Math.floor(messageCount(db) * share);
  const read = bodyReader(db);
  const readById = bodyById(db);
  const look = new ContextLookups(db);
  const walk = affectedWalk(db, limit);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    report(STAGES[0], 0, STAGES.length, seeds.length);
    const affected = walk(seeds);
    if (affected === null) return false;
    const stage = (i: number): void => report(STAGES[i] ?? '', i, STAGES.length, affected.messages.length);
    // The last round's rows are garbage by now.
    collectGarbage();
    const inSet = new Set(affected.messages);
    look.focus(inSet);
    const grown = (more: Iterable<number>): number[] => [...new Set([...affected.messages, ...more])];

    const first = passOne(db, look, affected.messages, inSet, pending, read);
    if ('grow' in first) {
      seeds = grown(first.grow);
      continue;
    }
    const { byHeaders, decidedBy, bodied, context } = first;
    stage(1);
    // Pass 1's rows and scratch are garbage now: collected before the context is read.
    collectGarbage();
    const rows = loadIncrementalRows(db, affected.messages, context, bodied);
    const a = rows.filter((r) => r.affected);
    const keysA = new Set(a.map((r) => r.row.key));
    collectGarbage();
    // Pass 2: everything but the voices placed by headers (here and, as stored, in the context).
    const fixed = new Map<string, FixedPlacement>();
    const rest: ThreadingRow[] = [];
    for (const r of rows) {
      if (r.affected ? byHeaders.has(r.row.key) : r.row.reconstructed && r.matching === 0) continue;
      rest.push(r.row);
      if (!r.affected)
        fixed.set(r.row.key, { parent: r.parentKey, mergedByWords: r.matching === 2 ? r.mergedInto : null });
    }
    stage(2);
    const idOfKey = new Map(rows.map((r) => [r.row.key, r.id]));
    const textOf = (key: string): string | undefined => {
      const id = idOfKey.get(key);
      return id === undefined ? undefined : readById(id);
    };
    const found = threadMessages(rest, { fixed, authorCount: (token) => look.authorCount(token), textOf });
    const plan = { ...found, merged: new Map([...byHeaders, ...found.merged].filter(([k]) => keysA.has(k))) };

    const outside = new Map<string, string>();
    for (const r of rows) if (!r.affected) outside.set(r.row.key, r.threadId ?? r.row.key);
    const aRows = a.map((r) => r.row);
    const placed = placeMessages(aRows, plan, outside);

    // Grow: context the set's changed messages could re-place, and threads the set's messages now join.
    // What the context sees of the set: new messages, voices that joined or left the candidates, mail whose words are read anew.
    const worded = wordedKeys(rest.filter((r) => keysA.has(r.key)));
    const matchingNow = (r: IncrementalRow): number =>
      !r.row.reconstructed ? 1 : byHeaders.has(r.row.key) ? 0 : found.mergedByWords.has(r.row.key) ? 2 : 1;
    const fresh = a.filter(
      (r) => pending.has(r.id) || r.matching !== matchingNow(r) || r.worded !== worded.has(r.row.key),
    );
    const grow = new Set<number>(staleContext(db, look, fresh, bodied, inSet, read));
    for (const r of aRows) {
      const up = placed.parent.get(r.key);
      const id = up == null ? undefined : outside.has(up) ? idOfKey.get(up) : undefined;
      if (id !== undefined) grow.add(id);
    }
    if (grow.size === 0) {
      stage(3);
      const s = replanSeries(db, a, placed.thread);
      applyIncrementalThreading(
        db,
        affected,
        planThreadingWrite(aRows, plan, placed, s.series, byHeaders, worded, decidedBy),
        s.members,
      );
      return true;
    }
    seeds = grown(grow);
  }
  return false;
}

/**
 * Pass 1 over the set alone, as rethreadAll does it: archived mail only, to place voices by
 * their quoters' headers (the set is a union of whole threads no id links leave, so its own
 * rows decide this); then whose words are read, and what the set reaches in the context.
 * Either the rows to grow the set by, or what pass 2 needs. Its own rows (with the bodies of
 * every voice of the set) die with it, before pass 2 reads the context.
 */
function passOne(
  db: Db,
  look: ContextLookups,
  messages: readonly number[],
  inSet: ReadonlySet<number>,
  pending: ReadonlySet<number>,
  read: (key: string) => string | undefined,
):
  | { grow: number[] }
  | { byHeaders: Map<string, string>; decidedBy: Map<string, string>; bodied: Set<number>; context: number[] } {
  const own = loadIncrementalRows(db, messages, [], new Set());
  const headerPlan = threadMessages(own.flatMap((r) => (r.row.reconstructed ? [] : [r.row])));
  const decidedBy = new Map<string, string>();
  const byHeaders = voicesByHeaders(
    own.map((r) => r.row),
    headerPlan,
    read,
    decidedBy,
  );
  // Whose words are read (voiceCopyCandidates): the archived mail of a discussion holding a
  // voice with no name or no date that headers left unresolved, unless the discussion is huge.
  const words = discussionWords(look, own, byHeaders, inSet);
  if (words.flips.length > 0) return { grow: words.flips };
  // The new messages' reach into the context is known before threading anything: grow first, thread once.
  const early = staleContext(
    db,
    look,
    own.filter((r) => pending.has(r.id)),
    words.bodied,
    inSet,
    read,
  );
  if (early.length > 0) return { grow: early };
  return { byHeaders, decidedBy, bodied: words.bodied, context: contextOf(look, own, byHeaders, inSet) };
}

/**
 * The series the re-threaded set can change, planned again. Series planning reads a tagged
 * message's headers, sender, date and thread; of these only the thread of a message in the set
 * can have changed. So the seeds are the set's series members (isSeriesMember: no reply ever
 * is one) that are new or moved to another thread, and what is planned again is their series
 * components (seriesComponents: the postings, versions and same-day postings they meet, walked
 * through the series index, their References and their threads, old and new), planned one at a
 * time: nothing at all for a day of replies. Every series while the index is not filled yet.
 */
function replanSeries(
  db: Db,
  a: readonly IncrementalRow[],
  threadOf: ReadonlyMap<string, string>,
): { series: SeriesPlan; members?: readonly string[] } {
  const whole = seriesKeysUnfiled(db);
  const plan = (rows: ReturnType<typeof loadSeriesRows>): SeriesPlan =>
    planSeries(seriesInputs(rows, new Map(rows.map((r) => [r.key, threadOf.get(r.key) ?? r.threadId ?? r.key]))));
  if (whole) return { series: plan(loadSeriesRows(db)) };
  const tagged = a.filter((r) => !r.row.reconstructed && isSeriesMember(r.row));
  // The set's members by thread, each under its new and its old one: a series planned before
  // may hold members the old thread tied together, and its rows are all replaced.
  const inThread = new Map<string, number[]>();
  const threadsOf = new Map<number, string[]>();
  for (const r of tagged) {
    const ts = [...new Set([threadOf.get(r.row.key) ?? r.row.key, ...(r.threadId === null ? [] : [r.threadId])])];
    threadsOf.set(r.id, ts);
    for (const t of ts) inThread.set(t, [...(inThread.get(t) ?? []), r.id]);
  }
  const inSet = new Set(a.map((r) => r.id));
  const mates = (id: number): readonly number[] | undefined =>
    inSet.has(id) ? (threadsOf.get(id) ?? []).flatMap((t) => inThread.get(t) ?? []) : undefined;
  const seeds = tagged.filter((r) => threadOf.get(r.row.key) !== r.threadId).map((r) => r.id);
  const series: SeriesPlan['series'][number][] = [];
  const members: string[] = [];
  for (const component of seriesComponents(db, seeds, seriesWalkKeys, mates)) {
    const rows = loadSeriesRows(db, component);
    for (const r of rows) members.push(r.key);
    for (const s of plan(rows).series) series.push(s);
  }
  return { series: { series }, members };
}

/**
 * For every discussion the set touches, whether its archived mail's words are read now
 * (voiceCopyCandidates: a voice with no name or no date unresolved by headers is in it,
 * and it holds at most MAX_SUBJECT_CANDIDATES such mail). `bodied`: the set's mail read
 * so; `flips`: context mail read now and not at the last threading, or the reverse.
 */
function discussionWords(
  look: ContextLookups,
  own: readonly IncrementalRow[],
  byHeaders: ReadonlyMap<string, string>,
  inSet: ReadonlySet<number>,
): { bodied: Set<number>; flips: number[] } {
  const bodied = new Set<number>();
  const flips: number[] = [];
  const subjects = new Set(own.map((r) => baseSubject(r.row.subject)));
  const unresolvedHere = new Set(
    own.flatMap((r) => (copyVoice(r.row) && !byHeaders.has(r.row.key) ? [baseSubject(r.row.subject)] : [])),
  );
  for (const s of subjects) {
    const mail = look.discussion(s).filter((m) => !m.headerless);
    const read =
      (unresolvedHere.has(s) || look.copyVoicesOf(s).some((id) => !inSet.has(id))) &&
      mail.length <= MAX_SUBJECT_CANDIDATES;
    for (const m of mail) {
      if (inSet.has(m.id)) {
        if (read) bodied.add(m.id);
      } else if (m.worded !== read) flips.push(m.id);
    }
  }
  return { bodied, flips };
}

/**
 * Row ids of the context text matching weighs the set against, by index: archived mail by
 * the authors of its voices and attributions (and voices, for attributions), the worded
 * holders of the lines its unnamed voices and header-less mail quote, and the worded mail
 * of its copy voices' discussions. Every list is whole, so each index threadMessages
 * builds answers the set's questions as the whole database's would.
 */
function contextOf(
  look: ContextLookups,
  own: readonly IncrementalRow[],
  byHeaders: ReadonlyMap<string, string>,
  inSet: ReadonlySet<number>,
): number[] {
  const realAsk = new Set<string>();
  const voiceAsk = new Set<string>();
  const lineAsk = new Set<number>();
  const subjectAsk = new Set<string>();
  const out = new Set<number>();
  for (const r of own) {
    const m = r.row;
    if (m.reconstructed) {
      if (byHeaders.has(m.key)) continue;
      // A named voice merges with its author's mail within minutes of it, or with one whose words it copies (mergeVoices).
      if (m.from.name || m.from.email)
        for (const id of look.authorNear(authorKeys(m.from), false, r.dateMs, VOICE_WINDOW_MS + 1000, true))
          out.add(id);
      else if (m.body) for (const l of lineHashes(m.body, 0)) lineAsk.add(l);
      if (copyVoice(m)) subjectAsk.add(baseSubject(m.subject));
    } else if (r.headerless && m.body) {
      const layout = layoutBody(m.body);
      const attr = layout.attributions.find((x) => x.voiceDepth === 1);
      if (attr && (attr.name || attr.email)) {
        for (const k of authorKeys({ name: attr.name, email: attr.email })) {
          realAsk.add(k);
          voiceAsk.add(k);
        }
      }
      for (const l of quotedLines(layout, 1)) lineAsk.add(lineHash(l));
    }
  }
  for (const id of [...look.author(realAsk, false), ...look.author(voiceAsk, true)]) out.add(id);
  for (const l of lineAsk) {
    const holders = look.lineHolders(l, BOILERPLATE_HOLDERS + 1);
    if (holders.length <= BOILERPLATE_HOLDERS) for (const id of holders) out.add(id);
  }
  for (const s of subjectAsk) {
    const mail = look.discussion(s).filter((m) => m.worded);
    if (mail.length <= MAX_SUBJECT_CANDIDATES + inSet.size) for (const m of mail) out.add(m.id);
  }
  for (const id of inSet) out.delete(id);
  return [...out];
}

/**
 * Row ids of context messages whose text-matching verdict the fresh messages could change:
 * header-less mail that seeks a parent, dated late enough to take a fresh message for an
 * earlier one; voices of a fresh message's author close enough in time to merge with it,
 * or (at any time) whose words are mostly the own words of fresh mail whose words are read;
 * unnamed voices that repeat a non-boilerplate own line of such mail, or whose words it
 * mostly owns in their discussion. Each bound is the threshold threading itself applies
 * (copiesMail, OwnTextIndex.score), so what it leaves out cannot move: the lookups are by
 * index and by the words in hand, never every voice of an author or of a subject.
 */
function staleContext(
  db: Db,
  look: ContextLookups,
  fresh: readonly IncrementalRow[],
  bodied: ReadonlySet<number>,
  inSet: ReadonlySet<number>,
  read: (key: string) => string | undefined,
): number[] {
  if (fresh.length === 0) return [];
  const out = new Set<number>();
  const freshReal = fresh.filter((r) => !r.row.reconstructed);
  const wordsRead = (r: IncrementalRow): boolean => r.headerless || bodied.has(r.id);
  // The own words of the fresh mail whose words are read: what a voice can copy (OwnTextIndex.coverage).
  const ownWords = new Map<number, SortedShingles>();
  const ownOf = (r: IncrementalRow): SortedShingles => {
    let w = ownWords.get(r.id);
    if (w === undefined) ownWords.set(r.id, (w = ownShinglesSorted(r.row.body ?? read(r.row.key) ?? '')));
    return w;
  };
  // Mail whose words are read: the voices holding its own lines would score it.
  for (const r of freshReal) {
    if (!wordsRead(r)) continue;
    const body = r.row.body ?? read(r.row.key);
    if (body) for (const id of look.unnamedVoicesHolding(lineHashes(body, 0), BOILERPLATE_HOLDERS)) out.add(id);
  }
  // Unnamed voices of a fresh mail's discussion: it is among their candidates by subject (unless the
  // discussion is past the boilerplate cap, which the fresh mail may have pushed it over: then all of them).
  const subjectVoices = new Map<number, IncrementalRow[]>();
  for (const [s, mail] of groupBy(freshReal, (r) => baseSubject(r.row.subject))) {
    const ids = look.copyVoicesOf(s).filter((id) => !inSet.has(id));
    if (ids.length === 0) continue;
    if (look.discussion(s).length > MAX_SUBJECT_CANDIDATES) for (const id of ids) out.add(id);
    else for (const id of ids) subjectVoices.set(id, [...(subjectVoices.get(id) ?? []), ...mail.filter(wordsRead)]);
  }

  const undated = fresh.some((r) => r.dateMs === null);
  const earliest = undated ? -Infinity : Math.min(...fresh.map((r) => r.dateMs ?? Infinity));
  const lateIds = look.lateHeaderless(earliest - EARLIER_SLACK_MS).filter((id) => !inSet.has(id) && !out.has(id));
  const authors = new AuthorIndex();
  for (const r of freshReal) authors.add(r.row);
  // Voices of a fresh mail's author near it in time, undated, or (when its words are read, or it has no date) at any time.
  const voiceIds = freshReal
    .flatMap((r) =>
      look.authorNear(
        authorKeys(r.row.from),
        true,
        r.dateMs,
        VOICE_WINDOW_MS + 1000,
        wordsRead(r) || r.dateMs === null,
      ),
    )
    .filter((id) => !inSet.has(id) && !out.has(id));
  const byKey = new Map(freshReal.map((r) => [r.row.key, r]));
  /**
   * A voice takes a mail for its copy by its words only when at least `least` of them are the
   * mail's own (copiesMail; bestCopy keeps the best covered candidate and then asks that):
   * mail covering less could be the best candidate only where no candidate was a copy before
   * either. So a fresh mail covering less than that of a voice's words leaves its verdict alone.
   */
  const copies = (voice: IncrementalRow, mail: IncrementalRow, least: number): boolean =>
    wordsRead(mail) && share(shingles(voice.row.body ?? ''), ownOf(mail)) >= least;
  for (const c of loadIncrementalRows(
    db,
    [],
    [...new Set([...lateIds, ...voiceIds, ...subjectVoices.keys()])],
    new Set(),
    true,
  )) {
    const m = c.row;
    if (!m.reconstructed) {
      if (c.headerless && seeksParent(m)) out.add(c.id);
      continue;
    }
    if (c.matching === 0) continue;
    const bySubject = subjectVoices.get(c.id);
    if (bySubject !== undefined && !(m.from.name || m.from.email)) {
      if (bySubject.some((fr) => copies(c, fr, COPY_OWN_SHARE))) out.add(c.id);
      continue;
    }
    if (!(m.from.name || m.from.email)) continue;
    const near = authors.candidates(m.from).some((n) => {
      if (!sameAuthor(n.from, m.from)) return false;
      const fr = byKey.get(n.key);
      if (fr === undefined) return false;
      // By author and time (mergeVoices: both dated, within the slack), else only by its words.
      if (c.dateMs !== null && fr.dateMs !== null && Math.abs(fr.dateMs - c.dateMs) <= VOICE_WINDOW_MS) return true;
      return copies(c, fr, VOICE_OWN_SHARE);
    });
    if (near) out.add(c.id);
  }
  for (const id of inSet) out.delete(id);
  return [...out];
}

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = keyOf(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}
