/**
 * Parse and plan on worker threads. Measured on the iommu benchmark, planning
 * (patch extraction, voice reconstruction) costs more than MIME parsing, so it
 * runs in the workers next to parseMail rather than on the main thread, which
 * is busy enough reading archives and writing SQLite. Mails travel in small
 * groups to keep the per-message messaging cost down.
 */
import { Worker } from 'node:worker_threads';
import type { RawMail } from '../mail/types.js';
import { parseMail } from '../mail/index.js';
import { planMessage } from './plan.js';
import type { PlanReply, PlanRequest, PlanResult } from './plan-protocol.js';

/**
 * Worker heaps: mailparser makes much short-lived garbage, and V8's default young
 * generation lets each worker grow far past what it holds live.
 */
const LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 256 } as const;

function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./plan-worker.js', import.meta.url), { resourceLimits: LIMITS });
  // From sources (tests): register tsx inside the worker first, then load the .ts entry.
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./plan-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, resourceLimits: LIMITS });
}

interface Waiting {
  readonly resolve: (r: PlanResult) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Waiting[]>;
  inFlight: number;
}

const GROUP = 8;
const PERIOD = 256;
const SHARE_STEP = 0.05;

export class PlanPool {
  private readonly slots: Slot[] = [];
  private group: { mail: RawMail; waiting: Waiting }[] = [];
  private nextId = 1;
  private closed = false;
  /** Fraction of groups whose voices the main thread reconstructs (withVoices); see waited(). */
  private mainShare = 0.5;
  private credit = 0;
  private ticks = 0;
  private waitedMs = 0;
  private workerIdleMs = 0;

  /** threads < 1 plans on the calling thread. */
  constructor(threads: number) {
    for (let i = 0; i < Math.floor(threads); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: newWorker(), pending: new Map(), inFlight: 0 };
    slot.worker.on('message', (reply: PlanReply) => {
      const waiting = slot.pending.get(reply.id);
      if (waiting === undefined) return;
      slot.pending.delete(reply.id);
      slot.inFlight -= waiting.length;
      this.workerIdleMs += reply.idleMs;
      waiting.forEach((w, i) => w.resolve(reply.results[i] ?? { ok: false, error: 'no result from worker' }));
    });
    const fail = (err: Error): void => {
      // A crashed worker (e.g. out of memory on a hostile mail) loses only its own messages.
      for (const list of slot.pending.values()) for (const w of list) w.resolve({ ok: false, error: err.message });
      slot.pending.clear();
      slot.inFlight = 0;
      if (!this.closed) {
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots[i] = this.spawn();
      }
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed && slot.pending.size > 0) fail(new Error(`plan worker exited with code ${code}`));
    });
    return slot;
  }

  /** Parse and plan one mail; never rejects (a failure is a result). Call flush() when no more mail follows soon. */
  plan(mail: RawMail): Promise<PlanResult> {
    if (this.closed) return Promise.resolve({ ok: false, error: 'PlanPool is closed' });
    if (this.slots.length === 0) {
      return parseMail(mail).then(
        (m): PlanResult => ({ ok: true, plan: planMessage(m) }),
        (err: unknown): PlanResult => ({ ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
    }
    return new Promise<PlanResult>((resolve) => {
      this.group.push({ mail, waiting: { resolve } });
      if (this.group.length >= GROUP) this.flush();
    });
  }

  /**
   * Tell the pool how long the caller waited for the plan it needed next (0 when it was
   * ready). Every PERIOD plans, the share of groups whose voices are left to the caller
   * (withVoices) moves towards the side that idled less: up when the caller waited longer
   * than the average worker sat idle, down otherwise. On the 2-core bench one worker was
   * busy ~90% of the store phase while the main thread waited ~25% of it; with more
   * workers the share falls towards 0 by itself. The plans are the same either way.
   */
  waited(ms: number): void {
    this.waitedMs += ms;
    if (++this.ticks < PERIOD || this.slots.length === 0) return;
    const workerIdle = this.workerIdleMs / this.slots.length;
    if (this.waitedMs > workerIdle) this.mainShare = Math.min(1, this.mainShare + SHARE_STEP);
    else this.mainShare = Math.max(0, this.mainShare - SHARE_STEP);
    this.ticks = 0;
    this.waitedMs = 0;
    this.workerIdleMs = 0;
  }

  /** Send the mails gathered so far. */
  flush(): void {
    if (this.group.length === 0 || this.slots.length === 0) return;
    let slot = this.slots[0] as Slot;
    for (const s of this.slots) if (s.inFlight < slot.inFlight) slot = s;
    const id = this.nextId++;
    const group = this.group;
    this.group = [];
    slot.pending.set(
      id,
      group.map((g) => g.waiting),
    );
    slot.inFlight += group.length;
    this.credit += this.mainShare;
    const voices = this.credit < 1;
    if (!voices) this.credit -= 1;
    slot.worker.postMessage({ id, mails: group.map((g) => g.mail), voices } satisfies PlanRequest);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const g of this.group) g.waiting.resolve({ ok: false, error: 'PlanPool closed' });
    this.group = [];
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
