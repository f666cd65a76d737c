/**
 * Planned messages gathered into write transactions, and the counts the summary reports.
 * A batch is written when it holds enough messages or bytes, or when a public-inbox
 * checkpoint must be stored with everything before it.
 */
import type { ImportWarning } from '../errors.js';
import type { StoreWriter } from '../store/index.js';
import type { MessageRecord } from '../store/types.js';
import type { Planned } from './parse-window.js';
import { withVoices } from './plan.js';

/** Messages per write transaction: big enough to amortise the commit, small enough to bound memory. */
export const BATCH_MESSAGES = 1000;
export const BATCH_BYTES = 16 * 1024 * 1024;

/** What an import has read and stored so far, for its summary. */
export interface Tally {
  /** Input files opened. */
  files: number;
  /** Messages read and planned (voices recovered from them not counted). */
  seen: number;
  /** Archived messages stored for the first time. */
  fresh: number;
  duplicate: number;
  rejected: number;
  renamed: number;
  reconstructed: number;
  patches: number;
  /** The keys of every message this import read or stored, voices included. */
  readonly keys: string[];
  readonly warnings: ImportWarning[];
}

export class Batches {
  readonly tally: Tally = {
    files: 0,
    seen: 0,
    fresh: 0,
    duplicate: 0,
    rejected: 0,
    renamed: 0,
    reconstructed: 0,
    patches: 0,
    keys: [],
    warnings: [],
  };
  /** Whether any message was stored (archived or a voice). */
  insertedAny = false;
  private records: MessageRecord[] = [];
  private bytes = 0;
  private warnings: ImportWarning[] = [];

  /** `stored` hears how many messages each written batch inserted. */
  constructor(
    private readonly writer: StoreWriter,
    private readonly run: number,
    private readonly batchMessages: number,
    private readonly stored: (inserted: number) => void,
  ) {}

  warn(w: ImportWarning): void {
    this.tally.warnings.push(w);
    this.warnings.push(w);
  }

  /** One parse result, in input order; writes the batch when it is full. */
  take(p: Planned): void {
    if (!p.ok) {
      this.tally.rejected++;
      this.warn(p.warning);
      return;
    }
    const plan = withVoices(p.plan);
    const head = plan.records[0];
    if (head === undefined) return;
    this.tally.seen++;
    this.tally.keys.push(head.message.key);
    for (const w of plan.warnings) this.warn(w);
    for (const r of plan.records) {
      this.records.push(r);
      this.bytes += r.message.body.length;
    }
    if (head.patch != null) this.tally.patches++;
    if (this.records.length >= this.batchMessages || this.bytes >= BATCH_BYTES) this.flush();
  }

  /** Write what is gathered, with `checkpoints` (public-inbox commits read up to), in one transaction. */
  flush(checkpoints: { repo: string; commit: string }[] = []): void {
    if (this.records.length === 0 && this.warnings.length === 0 && checkpoints.length === 0) return;
    const out = this.writer.write({ records: this.records, warnings: this.warnings, checkpoints }, this.run);
    const t = this.tally;
    t.fresh += out.archived;
    t.duplicate += out.duplicate;
    t.renamed += out.renamed;
    t.reconstructed += out.inserted.length - out.archived;
    if (out.inserted.length > 0) this.insertedAny = true;
    // The voices it stored count too: a thread of them alone is still one the lists show (unless a quote fragment).
    for (const k of out.inserted) t.keys.push(k);
    this.records = [];
    this.warnings = [];
    this.bytes = 0;
    this.stored(out.inserted.length);
  }
}
