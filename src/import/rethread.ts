/**
 * Threading a database after an import stored mail in it: only the threads the new
 * messages touch when it can (src/import/incremental.ts), else everything again.
 */
import { planSeries } from '../patch/index.js';
import { applyThreading, bodyReader, loadThreadingRows, type Db, withBodies } from '../store/index.js';
import { threadMessages } from '../thread/index.js';
import { collectGarbage } from './collect.js';
import { rethreadAffected } from './incremental.js';
import {
  placeMessages,
  planThreadingWrite,
  seriesInputs,
  voiceCopyCandidates,
  voicesByHeaders,
  wordedKeys,
} from './plan.js';
import type { StageReport } from './progress.js';

/**
 * Thread what the import stored and re-thread only the threads it touches; when text
 * matching elsewhere could see the new mail (see rethreadAffected), thread everything.
 * Returns the loose suggestions.
 */
export function rethread(
  db: Db,
  loose: boolean,
  share?: number,
  report: StageReport = () => undefined,
): { suggestions: { key: string; parent: string }[]; scope: 'touched' | 'all' } {
  if (!loose && rethreadAffected(db, share, report)) return { suggestions: [], scope: 'touched' };
  return { suggestions: rethreadAll(db, loose, report), scope: 'all' };
}

/** The steps of threading everything, for the progress line. */
const ALL_STAGES = [
  'reading messages',
  'headers',
  'voices by headers',
  'matching text',
  'placing',
  'series',
  'writing',
] as const;

/** Thread every stored message again, plan series, and record both; returns loose suggestions. */
export function rethreadAll(
  db: Db,
  loose: boolean,
  report: StageReport = () => undefined,
): { key: string; parent: string }[] {
  let n = 0;
  const stage = (i: number): void => report(ALL_STAGES[i] ?? '', i, ALL_STAGES.length, n);
  stage(0);
  // What the store phase left behind goes first: it is most of the heap at this point.
  collectGarbage();
  const rows = loadThreadingRows(db);
  n = rows.length;
  stage(1);
  const headerPlan = threadMessages(rows.filter((r) => !r.reconstructed));
  stage(2);
  const decidedBy = new Map<string, string>();
  const byHeaders = voicesByHeaders(rows, headerPlan, bodyReader(db), decidedBy);
  // The text of the archived mail that voices with no author (or no date) may be copies of:
  // without it they can only stay apart, as null-author owners of words a real mail owns.
  const rest = withBodies(
    db,
    rows.filter((r) => !byHeaders.has(r.key)),
    voiceCopyCandidates(rows, byHeaders),
  );
  collectGarbage();
  stage(3);
  const found = threadMessages(rest, { loose, betweenStages: collectGarbage });
  const plan = { ...found, merged: new Map([...byHeaders, ...found.merged]) };
  collectGarbage();
  stage(4);
  const placed = placeMessages(rows, plan);
  stage(5);
  const series = planSeries(seriesInputs(rows, placed.thread));
  const write = planThreadingWrite(rows, plan, placed, series, byHeaders, wordedKeys(rest), decidedBy);
  collectGarbage();
  stage(6);
  applyThreading(db, write);
  return plan.loose.map((l) => ({ key: l.key, parent: l.parent }));
}
