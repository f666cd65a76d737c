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
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./plan-worker.js', import.meta.url), { resourceLimits: LIMITS });
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

export class PlanPool {
  private readonly slots: Slot[] = [];
  private group: { mail: RawMail; waiting: Waiting }[] = [];
  private nextId = 1;
  private closed = false;

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

  /** Send the mails gathered so far. */
  flush(): void {
    if (this.group.length === 0 || this.slots.length === 0) return;
    let slot = this.slots[0] as Slot;
    for (const s of this.slots) if (s.inFlight < slot.inFlight) slot = s;
    const id = this.nextId++;
    const group = this.group;
    this.group = [];
    slot.pending.set(id, group.map((g) => g.waiting));
    slot.inFlight += group.length;
    slot.worker.postMessage({ id, mails: group.map((g) => g.mail) } satisfies PlanRequest);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const g of this.group) g.waiting.resolve({ ok: false, error: 'PlanPool closed' });
    this.group = [];
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
