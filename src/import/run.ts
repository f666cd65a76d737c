/**
 * An import end to end: read -> parse (worker pool) -> patches + voices (pure,
 * planMessage) -> store (one transaction per batch) -> re-thread and plan series
 * (one transaction). Each step has its file: which inputs to read (seen-files.ts), the
 * parses in flight (parse-window.ts), batches and the summary's counts (batches.ts),
 * threading (rethread.ts); runImport only puts them in order.
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
import { UserError } from '../errors.js';
import type { SourceFormat } from '../mail/types.js';
import { readSources, resolveInput } from '../mail/index.js';
import {
  matchingUnknown,
  messageCount,
  openStore,
  pendingMessages,
  removeStoreFiles,
  StoreWriter,
  takeImportLock,
  type Db,
  fileMessages,
  unfiledMessages,
  threadsOf,
  fileSeriesKeys,
  seriesKeysFiled,
  seriesKeysUnfiled,
  unfiledSeriesMessages,
} from '../store/index.js';
import { seriesKeys } from '../patch/index.js';
import { inputsToRead, knownInside, recordRead } from './seen-files.js';
import { contextKeys } from '../thread/keys.js';
import { planMessage } from './plan.js';
import { PlanPool } from './plan-pool.js';
import { ParseWindow } from './parse-window.js';
import { BATCH_MESSAGES, Batches, type Tally } from './batches.js';
import type { ImportProgress, StageReport } from './progress.js';
import { rethread } from './rethread.js';
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
  /** Messages stored between threadings of a bulk import into a big database (default THREAD_CHUNK_MESSAGES; tests). */
  readonly threadChunk?: number;
  /**
   * Thread everything once more than this share of the database is affected by the new
   * messages (default INCREMENTAL_SHARE); 1 threads incrementally whenever it can (tests).
   */
  readonly incrementalShare?: number;
  /** Told how the import goes (the CLI draws it as a progress line). */
  readonly onProgress?: (p: ImportProgress) => void;
}

/**
 * While storing, thread again each time the database has grown this many times over
 * since the last threading: those threadings add up to about 1/(GROWTH-1) of one
 * threading of the end result (at 1k and 8k messages on a first import of the 32k bench
 * list), and a kill leaves at most 7/8 of the stored mail waiting for the re-run, never all of it.
 */
const THREAD_GROWTH = 8;

/**
 * Into a database this many times the chunk or more, thread every THREAD_CHUNK_MESSAGES stored
 * as well: an incremental re-thread holds its set and that set's context, so a bulk import of
 * a whole list into a big database (32k new into 128k: every copy of its discussions as
 * context) held all of it at once, 1.36 GB. Threading in chunks gives the same threads (each
 * re-thread leaves the database as threading everything would: the slices test) and holds one
 * chunk's. Smaller databases keep THREAD_GROWTH alone: a chunk there is no small share of it.
 */
const THREAD_CHUNK_MESSAGES = 5000;
const THREAD_CHUNK_DB_RATIO = 10;

/**
 * The main thread reads archives and writes SQLite, about a core's worth of work; the
 * workers get the other cores. On the 2-core bench machine one worker imports as fast
 * as two (26.1 vs 26.2 s) with 7% less CPU and ~14 MB less peak RSS: two workers and
 * the main thread only took turns on two cores.
 */
function defaultThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

/**
 * An import, step by step: check the inputs, open the store, pick the files not imported
 * before, store the mail (storeMail), record the files read, thread, summarize.
 */
export async function runImport(opts: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  for (const p of opts.paths) {
    // Checked before the database is opened, so a typo never leaves an empty database behind.
    if (resolveInput(p) === null) throw new UserError(`cannot read ${p}: no such file or directory`);
  }
  const existed = fs.existsSync(opts.db);
  const unlock = takeImportLock(opts.db);
  try {
    const db = openNew(opts.db, existed);
    const writer = new StoreWriter(db);
    const run = writer.startRun(opts.paths);
    const inputs = await inputsToRead(db, opts.paths);
    const progress = opts.onProgress ?? ((): void => undefined);
    const report: StageReport = (step, done, total, messages) =>
      progress({ kind: 'thread', step, done, total, messages });
    const inside = knownInside(db, inputs.toRecord);
    // Before storing: a bulk import threads as it stores, incrementally only once the older rows are filed.
    fileUnfiled(db);
    const stored = await storeMail(db, writer, run, inputs.read, inputs.resumed, inside, opts, existed, report);
    await recordRead(db, inputs.toRecord, run);
    const storedAt = Date.now();
    let suggestions: { key: string; parent: string }[] = [];
    let threaded: ImportSummary['threaded'] = 'none';
    if (stored.insertedAny || writer.rethreadPending() || pendingMessages(db).length > 0) {
      const done = rethread(db, opts.loose === true, opts.incrementalShare, report);
      progress({ kind: 'idle' });
      suggestions = done.suggestions;
      threaded = done.scope;
    }
    const summary = summarize(db, stored.tally, { ...inputs, known: inside.count() }, suggestions, threaded, {
      started,
      stored: storedAt,
      ended: Date.now(),
    });
    writer.finishRun(run, { ...summary, warnings: summary.warnings.length });
    db.close();
    return summary;
  } finally {
    unlock();
  }
}

/** The store, opened (created if need be); a full disk at creation, say, leaves no stub database behind. */
function openNew(file: string, existed: boolean): Db {
  try {
    return openStore(file);
  } catch (err) {
    if (!existed) removeStoreFiles(file);
    throw err;
  }
}

/**
 * Read `paths` (those in `resumed` from the byte given on), parse and plan their mail on the worker pool, and store it in batches,
 * threading as the database grows (THREAD_GROWTH). On unreadable input, or when there was
 * no mail at all, the database is closed, and removed if this import created it and stored
 * nothing (a partly filled one is kept; re-running completes it).
 */
async function storeMail(
  db: Db,
  writer: StoreWriter,
  run: number,
  paths: readonly string[],
  resumed: ReadonlyMap<string, number>,
  inside: { readonly known: (file: string) => Promise<boolean>; readonly count: () => number },
  opts: ImportOptions,
  existed: boolean,
  report: StageReport,
): Promise<{ tally: Tally; insertedAny: boolean }> {
  const progress = opts.onProgress ?? ((): void => undefined);
  const batchMessages = opts.batchMessages ?? BATCH_MESSAGES;
  const chunk = opts.threadChunk ?? THREAD_CHUNK_MESSAGES;
  let threadedAt = messageCount(db);
  let storedSince = 0;
  const batches = new Batches(writer, run, batchMessages, (inserted) => {
    storedSince += inserted;
    const grown = threadedAt + storedSince >= THREAD_GROWTH * Math.max(threadedAt, 1);
    // Not while threading everything is due anyway (matching unknown): that would be once per chunk.
    const bulk = storedSince >= chunk && threadedAt >= THREAD_CHUNK_DB_RATIO * chunk && !matchingUnknown(db);
    if (storedSince >= batchMessages && (grown || bulk)) {
      rethread(db, false, opts.incrementalShare, report);
      threadedAt += storedSince;
      storedSince = 0;
    }
  });
  // Whether a public-inbox repository was imported before: then no new commit is no error.
  let checkpointed = false;
  const pool = new PlanPool(opts.threads ?? defaultThreads());
  const window = new ParseWindow(pool, (p) => batches.take(p));
  const abandon = async (): Promise<void> => {
    await window.settle();
    await pool.close();
    db.close();
    if (!existed && !batches.insertedAny) removeStoreFiles(opts.db);
  };
  try {
    const events = readSources(paths, {
      ...(opts.format === undefined ? {} : { format: opts.format }),
      publicInboxSince: (repo: string) => {
        const since = writer.checkpoint(repo);
        if (since !== null) checkpointed = true;
        return since;
      },
      resumeAt: (file: string) => resumed.get(file),
      known: inside.known,
      onProgress: (bytesDone: number, bytesTotal: number) =>
        progress({ kind: 'store', bytesDone, bytesTotal, messages: batches.tally.seen }),
    });
    for await (const ev of events) {
      switch (ev.kind) {
        case 'file':
          batches.tally.files++;
          break;
        case 'mail':
          window.addRaw(ev.mail);
          break;
        case 'parsed':
          window.addPlanned(planMessage(ev.message));
          break;
        case 'warning':
          batches.warn(ev.warning);
          break;
        case 'checkpoint':
          // Everything up to this commit must be stored in (or before) the batch that records the checkpoint.
          await window.drain();
          batches.flush([{ repo: ev.repo, commit: ev.commit }]);
          break;
      }
      await window.makeRoom();
    }
    await window.drain();
    batches.flush();
  } catch (err) {
    progress({ kind: 'idle' });
    await abandon();
    throw err;
  }
  progress({ kind: 'idle' });
  await pool.close();
  const t = batches.tally;
  // A folder whose files were all imported before, or an epoch with no new commit, holds mail: none of it new.
  if (t.seen === 0 && t.rejected === 0 && paths.length > 0 && inside.count() === 0 && !checkpointed) {
    db.close();
    if (!existed) removeStoreFiles(opts.db);
    const why = t.warnings[0] === undefined ? '' : ` (${t.warnings[0].file}: ${t.warnings[0].message})`;
    throw new UserError(`no mail found in ${opts.paths.join(', ')}${why}`);
  }
  return { tally: t, insertedAny: batches.insertedAny };
}

/** The summary of an import from its tally; times in ms since the epoch. */
function summarize(
  db: Db,
  t: Tally,
  inputs: { readonly skipped: string[]; readonly resumed: ReadonlyMap<string, number>; readonly known: number },
  suggestions: { key: string; parent: string }[],
  threaded: ImportSummary['threaded'],
  at: { started: number; stored: number; ended: number },
): ImportSummary {
  return {
    files: t.files,
    skipped: inputs.skipped,
    known: inputs.known,
    resumed: [...inputs.resumed].map(([file, from]) => ({ file, from })),
    messages: { new: t.fresh, duplicate: t.duplicate, rejected: t.rejected },
    threads: threadsOf(db, t.keys),
    patches: t.patches,
    warnings: t.warnings,
    reconstructed: t.reconstructed,
    renamed: t.renamed,
    suggestions,
    threaded,
    seconds: (at.ended - at.started) / 1000,
    phases: { store: (at.stored - at.started) / 1000, thread: (at.ended - at.stored) / 1000 },
  };
}

/**
 * File the messages of a database from before migration 6 in the context index, a batch at a
 * time, and the tagged ones from before migration 9 in the series index (one pass).
 */
function fileUnfiled(db: Db): void {
  if (seriesKeysUnfiled(db)) {
    const next = (after: number) => unfiledSeriesMessages(db, after, 2000);
    for (let batch = next(0); batch.length > 0; batch = next(batch.at(-1)?.id ?? Infinity))
      fileSeriesKeys(
        db,
        batch.map((m) => ({
          id: m.id,
          keys: seriesKeys({ ...m, from: { name: m.name, email: m.email } }),
        })),
      );
    seriesKeysFiled(db);
  }
  for (let batch = unfiledMessages(db, 2000); batch.length > 0; batch = unfiledMessages(db, 2000)) {
    fileMessages(
      db,
      batch.map((m) => ({
        id: m.id,
        voice: m.voice,
        keys: contextKeys({ from: { name: m.name, email: m.email }, subject: m.subject, body: m.body }),
      })),
    );
  }
}
