/**
 * Incremental threading: thread the messages an import stored and re-thread only what
 * they can change, with the verdict threading everything would give.
 *
 * What can change (the affected set) starts as the messages not threaded yet and grows
 * until nothing outside it can be moved by anything inside it:
 *   - header threading is local: affectedMessages (src/store/incremental.ts) closes the
 *     set under every id link and takes whole threads;
 *   - text matching is not: it weighs every author and every header-less text in the
 *     database. So the rest of the database goes in as context (`fixed`: candidates, not
 *     placed again), and the context messages the new ones could give another verdict
 *     (staleContext) join the set, as do the threads the set's messages are placed into.
 *
 * Known gap: a quoted line shared by more than 50 texts is boilerplate to the quote
 * matcher; new texts pushing a line past that count could change an old verdict, and
 * that is not looked for.
 */
import type { Db, IncrementalRow, ThreadingRow } from '../store/index.js';
import {
  affectedMessages, applyIncrementalThreading, bodyReader, loadIncrementalRows, loadSeriesRows, matchingUnknown, messageCount, pendingMessages,
} from '../store/index.js';
import { planSeries } from '../patch/index.js';
import { AuthorIndex, OwnTextIndex, baseSubject, quotedLines } from '../thread/match.js';
import { sameAuthor } from '../thread/names.js';
import { seeksParent, threadMessages, type FixedPlacement } from '../thread/plan.js';
import { placeMessages, planThreadingWrite, seriesInputs, voiceCopyCandidates, voicesByHeaders } from './plan.js';
import { collectGarbage } from './collect.js';

/**
 * Above this share of the database, re-threading everything is as cheap as walking the
 * affected threads (a first import, a bulk import of a whole list).
 */
export const INCREMENTAL_SHARE = 0.5;
/** A voice merges with a message of its author within ten minutes of it (mergeVoices in src/thread/plan.ts). */
const VOICE_WINDOW_MS = 10 * 60_000;
/** Attribution and quote matching take candidates up to a minute later than the reply (isEarlier). */
const EARLIER_SLACK_MS = 60_000;
/** Rounds of growing the affected set before giving up and threading everything. */
const MAX_ROUNDS = 8;

/** Re-thread what the pending messages touch; false (nothing written) when threading everything is due. */
export function rethreadAffected(db: Db, share = INCREMENTAL_SHARE): boolean {
  if (matchingUnknown(db)) return false;
  let seeds = pendingMessages(db);
  if (seeds.length === 0) return false;
  const pending = new Set(seeds);
  const limit = Math.floor(messageCount(db) * share);
  const read = bodyReader(db);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const affected = affectedMessages(db, seeds, limit);
    if (affected === null) return false;
    // The last round's rows are garbage by now, and they are most of the heap.
    collectGarbage();
    const rows = loadIncrementalRows(db, affected.messages);
    const ids = new Map<string, number>();
    for (const r of rows) ids.set(r.row.key, r.id);
    const a = rows.filter((r) => r.affected);
    // The new messages' reach into the context is known before threading anything: grow first, thread once.
    const early = staleContext(a.filter((r) => pending.has(r.id)), rows, read);
    if (early.length > 0) {
      seeds = [...new Set([...affected.messages, ...early.flatMap((k) => ids.get(k) ?? [])])];
      continue;
    }
    const keysA = new Set(a.map((r) => r.row.key));

    // Pass 1, as rethreadAll does it: archived mail only, to place voices by their quoters' headers.
    const fixed1 = new Map<string, FixedPlacement>();
    for (const r of rows) if (!r.affected && !r.row.reconstructed) fixed1.set(r.row.key, { parent: r.parentKey, mergedByWords: null });
    const headerPlan = threadMessages(rows.flatMap((r) => (r.row.reconstructed ? [] : [r.row])), { fixed: fixed1 });
    const byHeaders = new Map([...voicesByHeaders(rows.map((r) => r.row), headerPlan, read)].filter(([k]) => keysA.has(k)));
    // The text of the archived mail unnamed voices may copy, exactly as rethreadAll reads it: the
    // voices left unresolved by headers are the set's (byHeaders) and the context's (as stored).
    const resolved = new Map(byHeaders);
    for (const r of rows) if (!r.affected && r.row.reconstructed && r.matching === 0) resolved.set(r.row.key, r.mergedInto ?? '');
    const bodied = voiceCopyCandidates(rows.map((r) => r.row), resolved);
    const loaded = rows.map((r) => (bodied.has(r.row.key) ? { ...r.row, body: read(r.row.key) ?? '' } : r.row));

    collectGarbage();
    // Pass 2: everything but the voices placed by headers (here and, as stored, in the context).
    const fixed2 = new Map<string, FixedPlacement>();
    const rest: ThreadingRow[] = [];
    for (const [i, r] of rows.entries()) {
      if (r.affected ? byHeaders.has(r.row.key) : r.row.reconstructed && r.matching === 0) continue;
      rest.push(loaded[i] ?? r.row);
      if (!r.affected) fixed2.set(r.row.key, { parent: r.parentKey, mergedByWords: r.matching === 2 ? r.mergedInto : null });
    }
    const found = threadMessages(rest, { fixed: fixed2 });
    const plan = { ...found, merged: new Map([...byHeaders, ...found.merged].filter(([k]) => keysA.has(k))) };

    const outside = new Map<string, string>();
    for (const r of rows) if (!r.affected) outside.set(r.row.key, r.threadId ?? r.row.key);
    const aRows = a.map((r) => r.row);
    const placed = placeMessages(aRows, plan, outside);

    // Grow: context the set's changed voices could re-place, and threads the set's messages now join.
    // What the context sees of the set: new messages, and voices that joined or left the candidates.
    const matchingNow = (r: IncrementalRow): number => (!r.row.reconstructed ? 1 : byHeaders.has(r.row.key) ? 0 : found.mergedByWords.has(r.row.key) ? 2 : 1);
    const fresh = a.filter((r) => pending.has(r.id) || (r.row.reconstructed && r.matching !== matchingNow(r)));
    const grow = new Set<string>(staleContext(fresh, rows, read));
    for (const r of aRows) {
      const up = placed.parent.get(r.key);
      if (up != null && outside.has(up)) grow.add(up);
    }
    if (grow.size === 0) {
      const seriesRows = loadSeriesRows(db);
      const threadOf = new Map(seriesRows.map((r) => [r.key, placed.thread.get(r.key) ?? r.threadId ?? r.key]));
      const series = planSeries(seriesInputs(seriesRows, threadOf));
      applyIncrementalThreading(db, affected, planThreadingWrite(aRows, plan, placed, series, byHeaders));
      return true;
    }
    seeds = [...new Set([...affected.messages, ...[...grow].flatMap((k) => ids.get(k) ?? [])])];
  }
  return false;
}

/**
 * Keys of context messages whose text-matching verdict the new messages could change:
 * header-less mail that seeks a parent, dated late enough to take a new message for an
 * earlier one; voices of a new message's author close enough in time to merge with it
 * (or at any time, when it has words of its own to compare); unnamed voices that repeat
 * a new message's own lines.
 *
 * Voice copies widen what has words: rethreadAll reads the text of archived mail sharing a
 * subject with a voice that has no name or no date (voiceCopyCandidates), and mergeVoices
 * matches such a voice against all mail of its subject. So a new or changed voice of that
 * kind gives old mail of its subject words (`bodied`), which then weigh like new mail; and
 * the context's voices of that kind are stale whenever mail of their subject is new.
 */
function staleContext(fresh: readonly IncrementalRow[], rows: readonly IncrementalRow[], read: (key: string) => string | undefined): string[] {
  if (fresh.length === 0) return [];
  const copyVoice = (m: ThreadingRow): boolean => m.reconstructed && !((m.from.name || m.from.email) && m.date);
  const voiceSubjects = new Set(rows.flatMap((r) => (copyVoice(r.row) && (r.affected || r.matching !== 0) ? [baseSubject(r.row.subject)] : [])));
  const freshSubjects = new Set(fresh.map((r) => baseSubject(r.row.subject)));
  const freshVoiceSubjects = new Set(fresh.flatMap((r) => (copyVoice(r.row) ? [baseSubject(r.row.subject)] : [])));
  // Mail that has words now: new header-less mail, new mail of a copy voice's subject, old mail of a new copy voice's subject.
  const freshSet = new Set(fresh);
  const worded = new Map<string, ThreadingRow>();
  const weighs: IncrementalRow[] = [];
  for (const r of rows) {
    if (r.row.reconstructed) continue;
    const s = baseSubject(r.row.subject);
    const isFresh = freshSet.has(r);
    if (!(isFresh || (!r.affected && freshVoiceSubjects.has(s)))) continue;
    weighs.push(r);
    if (r.row.body !== undefined) worded.set(r.row.key, r.row);
    else if (voiceSubjects.has(s) || freshVoiceSubjects.has(s)) worded.set(r.row.key, { ...r.row, body: read(r.row.key) ?? '' });
  }
  const undated = weighs.some((r) => r.dateMs === null) || fresh.some((r) => r.dateMs === null);
  const earliest = Math.min(...weighs.map((r) => r.dateMs ?? Infinity), ...fresh.map((r) => r.dateMs ?? Infinity));
  const byKey = new Map(weighs.map((r) => [r.row.key, r]));
  const authors = new AuthorIndex();
  for (const r of weighs) authors.add(r.row);
  const texts = new OwnTextIndex();
  for (const m of worded.values()) texts.add(m);
  const out: string[] = [];
  for (const c of rows) {
    if (c.affected) continue;
    const m = c.row;
    if (!m.reconstructed) {
      if (!c.headerless) continue;
      const late = undated || c.dateMs === null || c.dateMs >= earliest - EARLIER_SLACK_MS;
      if (late && seeksParent(m)) out.push(m.key);
      continue;
    }
    if (c.matching === 0) continue;
    if (copyVoice(m) && freshSubjects.has(baseSubject(m.subject))) {
      out.push(m.key);
    } else if (m.from.name || m.from.email) {
      const near = authors.candidates(m.from).some((n) => {
        if (!sameAuthor(n.from, m.from)) return false;
        const fr = byKey.get(n.key);
        return c.dateMs === null || fr?.dateMs == null || Math.abs(fr.dateMs - c.dateMs) <= VOICE_WINDOW_MS || worded.has(n.key);
      });
      if (near) out.push(m.key);
    } else if (worded.size > 0 && m.body && texts.score(quotedLines(m.body, 0)).size > 0) {
      out.push(m.key);
    }
  }
  return out;
}
