/**
 * The parses in flight between reading and storing: mail goes to the worker pool as it is
 * read, and the results are taken in input order (so duplicate-id resolution does not
 * depend on which worker finished first). The window bounds how far reading runs ahead,
 * by count and by bytes.
 */
import type { ImportWarning } from '../errors.js';
import type { RawMail } from '../mail/types.js';
import type { MessagePlan } from './plan.js';
import type { PlanPool } from './plan-pool.js';

export type Planned = { ok: true; plan: MessagePlan } | { ok: false; warning: ImportWarning };

/**
 * Parses in flight. The window must outlast a batch commit (a few hundred ms) so the
 * workers keep parsing meanwhile: 128 left them idle a third of the time; 512 imports the
 * iommu bench as fast as 1,536 with ~45 MB less RSS. The byte cap bounds memory for large mail.
 */
export const WINDOW = 512;
export const WINDOW_BYTES = 16 * 1024 * 1024;

export class ParseWindow {
  private readonly queue: { planned: Promise<Planned>; bytes: number }[] = [];
  private bytes = 0;

  /** `take` receives each result, in the order the mail was added. */
  constructor(
    private readonly pool: PlanPool,
    private readonly take: (p: Planned) => void,
  ) {}

  /** A raw mail, to be parsed and planned on the pool. */
  addRaw(raw: RawMail): void {
    const planned = this.pool.plan(raw).then(
      (r): Planned =>
        r.ok
          ? r
          : {
              ok: false,
              warning: { file: raw.source.file, offset: raw.source.offset, message: `message rejected: ${r.error}` },
            },
    );
    this.queue.push({ planned, bytes: raw.raw.length });
    this.bytes += raw.raw.length;
  }

  /** A plan made already (a web dump's messages come parsed). */
  addPlanned(plan: MessagePlan): void {
    this.queue.push({ planned: Promise.resolve({ ok: true, plan }), bytes: 0 });
  }

  /** Take results until the window has room again. */
  async makeRoom(): Promise<void> {
    while (this.queue.length >= WINDOW || this.bytes >= WINDOW_BYTES) await this.takeOne();
  }

  /** Take every result still in flight. */
  async drain(): Promise<void> {
    while (this.queue.length > 0) await this.takeOne();
  }

  /** Wait for what is in flight without taking it (before the pool closes on an error). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.queue.map((q) => q.planned));
  }

  private async takeOne(): Promise<void> {
    // The head may still sit in the pool's unsent group.
    this.pool.flush();
    const head = this.queue.shift();
    if (head === undefined) return;
    this.bytes -= head.bytes;
    const asked = performance.now();
    const planned = await head.planned;
    this.pool.waited(performance.now() - asked);
    this.take(planned);
  }
}
