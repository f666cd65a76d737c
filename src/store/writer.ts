/**
 * All writes of an import, through statements prepared once. Each batch is one
 * `db.transaction`: a process killed at any moment leaves whole batches or
 * nothing of them, and re-running the import skips what is already there
 * (the duplicate rules below make the re-run idempotent).
 */
import type { Db } from './db.js';
import type { MessageRecord, WriteBatch, WriteOutcome } from './types.js';
import type { Patch } from '../patch/types.js';
import type { ParsedMessage } from '../mail/types.js';
import { dateMs, splitQuoted } from './text.js';
import { ContextKeysWriter } from './context.js';
import { SeriesKeysWriter } from './series-keys.js';

const RETHREAD_PENDING = 'rethread_pending';

/** Whether a voice copy beats the stored one: more words, then a total order on what else it carries. */
function fullerThan(m: ParsedMessage, now: { length: number; content_hash: string; subject: string }): boolean {
  if (m.body.length !== now.length) return m.body.length > now.length;
  if (m.contentHash !== now.content_hash) return m.contentHash > now.content_hash;
  return m.subject > now.subject;
}
export class StoreWriter {
  private readonly db: Db;
  private readonly byKey;
  private readonly byKeyRange;
  private readonly insertMessage;
  private readonly insertBody;
  private readonly insertFts;
  private readonly insertPatch;
  private readonly insertFile;
  private readonly insertHunk;
  private readonly insertTrailer;
  private readonly insertWarning;
  private readonly upsertCheckpoint;
  private readonly voiceNow;
  private readonly replaceVoice;
  private readonly setBody;
  private readonly keys: ContextKeysWriter;
  private readonly seriesKeys: SeriesKeysWriter;
  private readonly setMeta;
  private readonly getMeta;
  private readonly writeTx: (batch: WriteBatch, run: number) => WriteOutcome;

  constructor(db: Db) {
    this.db = db;
    this.byKey = db.prepare<[string], { id: number; content_hash: string; reconstructed: number }>(
      'SELECT id, content_hash, reconstructed FROM messages WHERE key = ?',
    );
    this.voiceNow = db.prepare<[number], { length: number; content_hash: string; subject: string }>(
      'SELECT length(b.body) AS length, m.content_hash, m.subject FROM messages m JOIN bodies b ON b.message = m.id WHERE m.id = ?',
    );
    // Its words changed, so its matches may have: it is threaded again (thread_id NULL marks that).
    this.replaceVoice = db.prepare(
      `UPDATE messages SET subject = @subject, from_name = @fromName, from_email = @fromEmail, date = @date, date_ms = @dateMs,
         parent_hint = @parentHint, content_hash = @contentHash, subject_key = @subjectKey, thread_id = NULL WHERE id = @id`,
    );
    // Keys "<id>#<hash>" of same-id, different-content messages sort between "<id>#" and "<id>$".
    this.byKeyRange = db.prepare<[string, string], { key: string; content_hash: string }>(
      'SELECT key, content_hash FROM messages WHERE key >= ? AND key < ?',
    );
    this.insertMessage = db.prepare(
      `INSERT INTO messages (key, message_id, in_reply_to, refs, subject, from_name, from_email, date, date_ms,
         attachments, source_file, source_offset, format, content_hash, reconstructed, parent_hint, parent_hint_firm, series, change_id, warnings,
         to_header, cc_header, subject_key)
       VALUES (@key, @messageId, @inReplyTo, @refs, @subject, @fromName, @fromEmail, @date, @dateMs,
         @attachments, @sourceFile, @sourceOffset, @format, @contentHash, @reconstructed, @parentHint, @parentHintFirm, @series, @changeId, @warnings,
         @to, @cc, @subjectKey)`,
    );
    this.keys = new ContextKeysWriter(db);
    this.seriesKeys = new SeriesKeysWriter(db);
    this.insertBody = db.prepare('INSERT INTO bodies (message, body) VALUES (?, ?)');
    this.insertFts = db.prepare(
      'INSERT INTO messages_fts (rowid, subject, author, own, quoted) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertPatch = db.prepare(
      `INSERT INTO patches (message, origin, added, deleted, diffstat_files, diffstat_added, diffstat_deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertFile = db.prepare(
      'INSERT INTO patch_files (patch, ord, path, old_path, status, binary, added, deleted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertHunk = db.prepare(
      `INSERT INTO hunks (file, ord, header, section, old_start, old_lines, new_start, new_lines, added, deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertTrailer = db.prepare(
      'INSERT INTO trailers (message, ord, kind, name, email, raw) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertWarning = db.prepare('INSERT INTO warnings (run, file, offset, message) VALUES (?, ?, ?, ?)');
    this.upsertCheckpoint = db.prepare(
      'INSERT INTO checkpoints (repo, commit_sha) VALUES (?, ?) ON CONFLICT(repo) DO UPDATE SET commit_sha = excluded.commit_sha',
    );
    this.setBody = db.prepare('UPDATE bodies SET body = ? WHERE message = ?');
    this.setMeta = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.writeTx = db.transaction((batch: WriteBatch, run: number) => this.writeBatchNow(batch, run));
  }

  startRun(inputs: readonly string[]): number {
    const info = this.db
      .prepare('INSERT INTO runs (started, inputs) VALUES (?, ?)')
      .run(new Date().toISOString(), JSON.stringify(inputs));
    return Number(info.lastInsertRowid);
  }

  finishRun(run: number, summary: unknown): void {
    this.db
      .prepare('UPDATE runs SET finished = ?, summary = ? WHERE id = ?')
      .run(new Date().toISOString(), JSON.stringify(summary), run);
  }

  /** Write one batch atomically. */
  write(batch: WriteBatch, run: number): WriteOutcome {
    return this.writeTx(batch, run);
  }

  /** Last public-inbox commit whose messages are all stored, for `readSources({ publicInboxSince })`. */
  checkpoint(repo: string): string | null {
    const row = this.db
      .prepare<[string], { commit_sha: string }>('SELECT commit_sha FROM checkpoints WHERE repo = ?')
      .get(repo);
    return row?.commit_sha ?? null;
  }

  /** True when messages were stored after the last completed re-thread (e.g. an import was killed). */
  rethreadPending(): boolean {
    return this.getMeta.get(RETHREAD_PENDING)?.value === '1';
  }

  private writeBatchNow(batch: WriteBatch, run: number): WriteOutcome {
    const inserted: string[] = [];
    let archived = 0;
    let duplicate = 0;
    let renamed = 0;
    for (const record of batch.records) {
      const key = this.resolveKey(record);
      if (key === null) {
        if (!record.message.reconstructed) duplicate++;
        continue;
      }
      if (key !== record.message.key) renamed++;
      this.insertRecord(record, key);
      inserted.push(key);
      if (!record.message.reconstructed) archived++;
    }
    for (const w of batch.warnings) this.insertWarning.run(run, w.file, w.offset, w.message);
    for (const c of batch.checkpoints) this.upsertCheckpoint.run(c.repo, c.commit);
    if (inserted.length > 0) this.setMeta.run(RETHREAD_PENDING, '1');
    return { inserted, archived, duplicate, renamed };
  }

  /**
   * The key to store a message under, or null when it is already stored.
   * Same key and same content: a duplicate. Same key, different content: keep
   * both, the newcomer as "<key>#<first 12 hex of its content hash>".
   */
  private resolveKey(record: MessageRecord): string | null {
    const m = record.message;
    const same = this.byKey.get(m.key);
    if (same === undefined) return m.key;
    if (m.reconstructed) {
      // A voice's key names its author and time: every mail quoting it yields the same key
      // with a different excerpt. Keep one voice, the fullest excerpt seen, and among equally
      // full ones the same one whatever the order the quoting mail came in.
      if (same.reconstructed === 1) {
        const now = this.voiceNow.get(same.id);
        if (now !== undefined && fullerThan(m, now)) {
          this.setBody.run(m.body, same.id);
          this.replaceVoice.run({
            id: same.id,
            subject: m.subject,
            fromName: m.from.name,
            fromEmail: m.from.email,
            date: m.date,
            dateMs: dateMs(m.date),
            parentHint: m.parentHint ?? null,
            contentHash: m.contentHash,
            subjectKey: record.keys.subjectKey,
          });
          this.keys.replace(same.id, record.keys);
        }
      }
      return null;
    }
    if (same.content_hash === m.contentHash) return null;
    for (const row of this.byKeyRange.all(`${m.key}#`, `${m.key}$`)) {
      if (row.content_hash === m.contentHash) return null;
    }
    return `${m.key}#${m.contentHash.slice(0, 12)}`;
  }

  private insertRecord(record: MessageRecord, key: string): void {
    const m = record.message;
    const info = this.insertMessage.run({
      key,
      messageId: m.messageId,
      inReplyTo: JSON.stringify(m.inReplyTo),
      refs: JSON.stringify(m.references),
      subject: m.subject,
      fromName: m.from.name,
      fromEmail: m.from.email,
      date: m.date,
      dateMs: dateMs(m.date),
      attachments: JSON.stringify(m.attachments),
      sourceFile: m.source.file,
      sourceOffset: m.source.offset,
      format: m.format,
      contentHash: m.contentHash,
      reconstructed: m.reconstructed ? 1 : 0,
      parentHint: m.parentHint ?? null,
      parentHintFirm: m.parentHintFirm === true ? 1 : 0,
      series: record.series === null ? null : JSON.stringify(record.series),
      changeId: record.changeId,
      warnings: JSON.stringify(m.warnings),
      to: m.to ?? null,
      cc: m.cc ?? null,
      subjectKey: record.keys.subjectKey,
    });
    const id = info.lastInsertRowid;
    this.insertBody.run(id, m.body);
    this.keys.insert(Number(id), record.keys);
    if (record.series !== null && !m.reconstructed) this.seriesKeys.insert(Number(id), record.seriesKeys);
    // Voices are not indexed: their words are already indexed as the quoted text of the mail that carries them.
    if (!m.reconstructed) {
      const text = splitQuoted(m.body);
      const author = [m.from.name, m.from.email].filter((x) => x !== null).join(' ');
      this.insertFts.run(id, m.subject, author, text.own, text.quoted);
    }
    if (record.patch !== null) this.insertPatchRows(id, record.patch);
    record.trailers.forEach((t, i) => this.insertTrailer.run(id, i, t.kind, t.name, t.email, t.raw));
  }

  private insertPatchRows(message: number | bigint, patch: Patch): void {
    const ds = patch.diffstat;
    const pid = this.insertPatch.run(
      message,
      patch.origin,
      patch.added,
      patch.deleted,
      ds?.files ?? null,
      ds?.added ?? null,
      ds?.deleted ?? null,
    ).lastInsertRowid;
    patch.files.forEach((f, i) => {
      const fid = this.insertFile.run(
        pid,
        i,
        f.path,
        f.oldPath,
        f.status ?? null,
        f.binary === true ? 1 : 0,
        f.added,
        f.deleted,
      ).lastInsertRowid;
      f.hunks.forEach((h, j) =>
        this.insertHunk.run(
          fid,
          j,
          h.header,
          h.section,
          h.oldStart,
          h.oldLines,
          h.newStart,
          h.newLines,
          h.added,
          h.deleted,
        ),
      );
    });
  }
}
