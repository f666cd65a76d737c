/**
 * An import end to end: read -> parse (worker pool) -> patches + voices (pure,
 * planMessage) -> store (one transaction per batch) -> re-thread everything
 * and plan series (one transaction).
 *
 * Crash safety comes from the store: batches are atomic, re-storing a message
 * already present is a no-op (same key, same content hash), public-inbox
 * checkpoints are written only in the batch that holds every message before
 * them, and a message stays marked as not threaded (thread_id NULL) until a
 * threading that includes it commits, so the next import threads whatever a
 * kill left unthreaded. A long import also threads as it goes (THREAD_GROWTH),
 * so a killed first import leaves threads to browse, not none.
 */
import fs from 'node:fs';
import os from 'node:os';
import { UserError, type ImportWarning } from '../errors.js';
import type { SourceFormat } from '../mail/types.js';
import { readSources, resolveInput } from '../mail/index.js';
import { planSeries } from '../patch/index.js';
import { threadMessages } from '../thread/index.js';
import { applyThreading, bodyReader, loadThreadingRows, messageCount, openStore, pendingMessages, removeStoreFiles, StoreWriter, takeImportLock, withBodies, type Db, fileMessages, unfiledMessages, importedFile, recordImportedFiles, type ImportedFile, threadsOf } from '../store/index.js';
import { rethreadAffected } from './incremental.js';
import { digest, identity, sameFile } from './seen-files.js';
import { contextKeys } from '../thread/keys.js';
import type { MessageRecord } from '../store/types.js';
import { placeMessages, planMessage, planThreadingWrite, wordedKeys, seriesInputs, voiceCopyCandidates, voicesByHeaders, withVoices, type MessagePlan } from './plan.js';
import { PlanPool } from './plan-pool.js';
import type { ImportProgress, StageReport } from './progress.js';
import { collectGarbage } from './collect.js';
import type { ImportSummary } from './summary.js';

export interface ImportOptions {
  readonly paths: readonly string[];
  readonly db: string;
  readonly format?: SourceFormat;
  /** Offer subject-based parent suggestions (never applied). */
  readonly loose?: boolean;
  /** Parser worker threads; default: one per core besides the main thread's (see defaultThreads). */
  readonly threads?: number;
  /** Messages per write transaction (default BATCH_MESSAGES). */
  readonly batchMessages?: number;
  /**
   * Thread everything once more than this share of the database is affected by the new
   * messages (default INCREMENTAL_SHARE); 1 threads incrementally whenever it can (tests).
   */
  readonly incrementalShare?: number;
  /** Told how the import goes (the CLI draws it as a progress line). */
  readonly onProgress?: (p: ImportProgress) => void;
}

/** Messages per write transaction: big enough to amortise the commit, small enough to bound memory. */
const BATCH_MESSAGES = 1000;
const BATCH_BYTES = 16 * 1024 * 1024;
/**
 * Parses in flight; results are consumed in input order so duplicate-id resolution is
 * deterministic. The window must outlast a batch commit (a few hundred ms) so the workers
 * keep parsing meanwhile: 128 left them idle a third of the time; 512 imports the iommu
 * bench as fast as 1,536 with ~45 MB less RSS. The byte cap bounds memory for large mail.
 */
const WINDOW = 512;
const WINDOW_BYTES = 16 * 1024 * 1024;

/**
 * While storing, thread again each time the database has grown this many times over
 * since the last threading: those threadings add up to about 1/(GROWTH-1) of one
 * threading of the end result (at 1k and 8k messages on a first import of the 32k bench
 * list), and a kill leaves at most 7/8 of the stored mail waiting for the re-run, never all of it.
 */
const THREAD_GROWTH = 8;

type Planned = { ok: true; plan: MessagePlan } | { ok: false; warning: ImportWarning };

/**
 * The main thread reads archives and writes SQLite, about a core's worth of work; the
 * workers get the other cores. On the 2-core bench machine one worker imports as fast
 * as two (26.1 vs 26.2 s) with 7% less CPU and ~14 MB less peak RSS: two workers and
 * the main thread only took turns on two cores.
 */
function defaultThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const batchMessages = opts.batchMessages ?? BATCH_MESSAGES;
  for (const p of opts.paths) {
    // Checked before the database is opened, so a typo never leaves an empty database behind.
    if (resolveInput(p) === null) throw new UserError(`cannot read ${p}: no such file or directory`);
  }
  const existed = fs.existsSync(opts.db);
  const unlock = takeImportLock(opts.db);
  try {
    return await importLocked(opts, existed, started, batchMessages);
  } finally {
    unlock();
  }
}

async function importLocked(opts: ImportOptions, existed: boolean, started: number, batchMessages: number): Promise<ImportSummary> {
  let db: Db;
  try {
    db = openStore(opts.db);
  } catch (err) {
    // A full disk at creation, say: leave no stub database behind.
    if (!existed) removeStoreFiles(opts.db);
    throw err;
  }
  const writer = new StoreWriter(db);
  const run = writer.startRun(opts.paths);
  // Files read whole before, recognised and verified: not read again.
  const skipped: string[] = [];
  const toRecord: { file: Omit<ImportedFile, 'digest'>; digest: Promise<string> }[] = [];
  const paths: string[] = [];
  for (const p of opts.paths) {
    const id = identity(p);
    if (id !== null && (await sameFile(importedFile(db, id.path), id))) {
      skipped.push(p);
      continue;
    }
    paths.push(p);
    // Hashed while the import reads it; recorded once every message of it is stored.
    if (id !== null) toRecord.push({ file: id, digest: digest(id.path, id.size).catch(() => '') });
  }
  const pool = new PlanPool(opts.threads ?? defaultThreads());
  const progress = opts.onProgress ?? ((): void => undefined);
  const report: StageReport = (step, done, total, messages) => progress({ kind: 'thread', step, done, total, messages });

  let files = 0;
  let seen = 0;
  let fresh = 0;
  let duplicate = 0;
  let rejected = 0;
  let renamed = 0;
  let reconstructed = 0;
  let patches = 0;
  let insertedAny = false;
  const warnings: ImportWarning[] = [];
  const seenKeys: string[] = [];
  let threadedAt = messageCount(db);
  let storedSince = 0;

  let records: MessageRecord[] = [];
  let batchBytes = 0;
  let batchWarnings: ImportWarning[] = [];
  const queue: { planned: Promise<Planned>; bytes: number }[] = [];
  let queuedBytes = 0;

  const warn = (w: ImportWarning): void => {
    warnings.push(w);
    batchWarnings.push(w);
  };
  const flush = (checkpoints: { repo: string; commit: string }[] = []): void => {
    if (records.length === 0 && batchWarnings.length === 0 && checkpoints.length === 0) return;
    const out = writer.write({ records, warnings: batchWarnings, checkpoints }, run);
    fresh += out.archived;
    duplicate += out.duplicate;
    renamed += out.renamed;
    reconstructed += out.inserted.length - out.archived;
    if (out.inserted.length > 0) insertedAny = true;
    // The voices it stored count too: a thread of them alone is still one the lists show (unless a quote fragment).
    for (const k of out.inserted) seenKeys.push(k);
    storedSince += out.inserted.length;
    if (storedSince >= batchMessages && threadedAt + storedSince >= THREAD_GROWTH * Math.max(threadedAt, 1)) {
      rethread(db, false, opts.incrementalShare, report);
      threadedAt += storedSince;
      storedSince = 0;
    }
    records = [];
    batchWarnings = [];
    batchBytes = 0;
  };
  const take = (p: Planned): void => {
    if (!p.ok) {
      rejected++;
      warn(p.warning);
      return;
    }
    const plan = withVoices(p.plan);
    const head = plan.records[0];
    if (head === undefined) return;
    seen++;
    seenKeys.push(head.message.key);
    for (const w of plan.warnings) warn(w);
    for (const r of plan.records) {
      records.push(r);
      batchBytes += r.message.body.length;
    }
    if (plan.records[0]?.patch != null) patches++;
    if (records.length >= batchMessages || batchBytes >= BATCH_BYTES) flush();
  };
  const drainOne = async (): Promise<void> => {
    // The head may still sit in the pool's unsent group.
    pool.flush();
    const head = queue.shift();
    if (head === undefined) return;
    queuedBytes -= head.bytes;
    const asked = performance.now();
    const planned = await head.planned;
    pool.waited(performance.now() - asked);
    take(planned);
  };

  try {
    let bytesDone = 0;
    let bytesTotal = 0;
    const events = readSources(paths, {
      ...(opts.format === undefined ? {} : { format: opts.format }),
      publicInboxSince: (repo: string) => writer.checkpoint(repo),
      onProgress: (done: number, total: number) => {
        bytesDone = done;
        bytesTotal = total;
        progress({ kind: 'store', bytesDone, bytesTotal, messages: seen });
      },
    });
    for await (const ev of events) {
      switch (ev.kind) {
        case 'file':
          files++;
          break;
        case 'mail': {
          const raw = ev.mail;
          const planned = pool.plan(raw).then(
            (r): Planned =>
              r.ok ? r : { ok: false, warning: { file: raw.source.file, offset: raw.source.offset, message: `message rejected: ${r.error}` } },
          );
          queue.push({ planned, bytes: raw.raw.length });
          queuedBytes += raw.raw.length;
          break;
        }
        case 'parsed':
          queue.push({ planned: Promise.resolve({ ok: true, plan: planMessage(ev.message) }), bytes: 0 });
          break;
        case 'warning':
          warn(ev.warning);
          break;
        case 'checkpoint':
          // Everything up to this commit must be stored in (or before) the batch that records the checkpoint.
          while (queue.length > 0) await drainOne();
          flush([{ repo: ev.repo, commit: ev.commit }]);
          break;
      }
      while (queue.length >= WINDOW || queuedBytes >= WINDOW_BYTES) await drainOne();
    }
    while (queue.length > 0) await drainOne();
    flush();
  } catch (err) {
    // Unreadable input: leave no empty database behind (a partly filled one is kept; re-running completes it).
    progress({ kind: 'idle' });
    await Promise.allSettled(queue.map((q) => q.planned));
    await pool.close();
    db.close();
    if (!existed && !insertedAny) removeStoreFiles(opts.db);
    throw err;
  }
  progress({ kind: 'idle' });
  await pool.close();

  if (seen === 0 && rejected === 0 && paths.length > 0) {
    db.close();
    if (!existed) removeStoreFiles(opts.db);
    const why = warnings[0] === undefined ? '' : ` (${warnings[0].file}: ${warnings[0].message})`;
    throw new UserError(`no mail found in ${opts.paths.join(', ')}${why}`);
  }

  const read: ImportedFile[] = [];
  for (const r of toRecord) {
    // A file that vanished or could not be hashed is simply read again next time.
    const d = await r.digest;
    if (d !== '') read.push({ ...r.file, digest: d });
  }
  recordImportedFiles(db, read, run);
  fileUnfiled(db);
  const stored = Date.now();
  let suggestions: { key: string; parent: string }[] = [];
  let threaded: ImportSummary['threaded'] = 'none';
  if (insertedAny || writer.rethreadPending() || pendingMessages(db).length > 0) {
    const done = rethread(db, opts.loose === true, opts.incrementalShare, report);
    progress({ kind: 'idle' });
    suggestions = done.suggestions;
    threaded = done.scope;
  }

  const summary: ImportSummary = {
    files,
    skipped,
    messages: { new: fresh, duplicate, rejected },
    threads: threadsOf(db, seenKeys),
    patches,
    warnings,
    reconstructed,
    renamed,
    suggestions,
    threaded,
    seconds: (Date.now() - started) / 1000,
    phases: { store: (stored - started) / 1000, thread: (Date.now() - stored) / 1000 },
  };
  writer.finishRun(run, { ...summary, warnings: summary.warnings.length });
  db.close();
  return summary;
}

/** File the messages of a database from before migration 6 in the context index, a batch at a time. */
function fileUnfiled(db: Db): void {
  for (let batch = unfiledMessages(db, 2000); batch.length > 0; batch = unfiledMessages(db, 2000)) {
    fileMessages(db, batch.map((m) => ({ id: m.id, voice: m.voice, keys: contextKeys({ from: { name: m.name, email: m.email }, subject: m.subject, body: m.body }) })));
  }
}

/**
 * Thread what the import stored and re-thread only the threads it touches; when text
 * matching elsewhere could see the new mail (see rethreadAffected), thread everything.
 * Returns the loose suggestions.
 */
export function rethread(db: Db, loose: boolean, share?: number, report: StageReport = () => undefined):
  { suggestions: { key: string; parent: string }[]; scope: 'touched' | 'all' } {
  if (!loose && rethreadAffected(db, share, report)) return { suggestions: [], scope: 'touched' };
  return { suggestions: rethreadAll(db, loose, report), scope: 'all' };
}

/** The steps of threading everything, for the progress line. */
const ALL_STAGES = ['reading messages', 'headers', 'voices by headers', 'matching text', 'placing', 'series', 'writing'] as const;

/** Thread every stored message again, plan series, and record both; returns loose suggestions. */
export function rethreadAll(db: Db, loose: boolean, report: StageReport = () => undefined): { key: string; parent: string }[] {
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
  const byHeaders = voicesByHeaders(rows, headerPlan, bodyReader(db));
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
  const write = planThreadingWrite(rows, plan, placed, series, byHeaders, wordedKeys(rest));
  collectGarbage();
  stage(6);
  applyThreading(db, write);
  return plan.loose.map((l) => ({ key: l.key, parent: l.parent }));
}
