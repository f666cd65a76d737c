/**
 * MIME parsing on worker threads: mailparser is CPU-bound and single
 * threaded, so the only ways past ~3,000 msg/s are the fast path and more
 * cores. Workers start from the .ts sources under tsx (tests) and from the
 * compiled .js in dist/.
 */
import { Worker } from 'node:worker_threads';
import type { ParsedMessage, RawMail } from '../types.js';
import { parseMail } from './parse.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

interface Pending {
  readonly resolve: (m: ParsedMessage) => void;
  readonly reject: (e: Error) => void;
  readonly raw: RawMail;
}

interface Slot {
  worker: Worker;
  readonly pending: Map<number, Pending>;
}

/**
 * A small young generation keeps each worker's RSS down (mailparser makes
 * much short-lived garbage): two workers at the default sizes took the bench
 * import past 400 MB RSS, at these about 280 MB, at nearly the same speed.
 * The old-generation cap bounds a hostile message; past it the worker dies
 * and the message is retried on the calling thread.
 */
const LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 } as const;

function newWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { resourceLimits: LIMITS });
  // Running from sources (tests): `execArgv: ['--import', 'tsx']` does not reach the
  // worker's own entry module on Node 20, so register tsx first, then load the .ts entry.
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, resourceLimits: LIMITS });
}

export class ParserPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  /** threads < 1 parses on the calling thread (no workers). */
  constructor(threads: number) {
    for (let i = 0; i < Math.floor(threads); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: newWorker(), pending: new Map() };
    slot.worker.on('message', (reply: WorkerReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.message);
      else p.reject(new Error(reply.error));
    });
    const fail = (err: Error): void => {
      // a crashed worker (out of memory on a hostile mail): replace it and parse
      // its messages here, where the heap is not capped; parseMail itself never throws
      const lost = [...slot.pending.values()];
      slot.pending.clear();
      if (!this.closed) {
        const idx = this.slots.indexOf(slot);
        if (idx >= 0) this.slots[idx] = this.spawn();
      }
      for (const p of lost) {
        parseMail(p.raw).then(
          (m) => p.resolve({ ...m, warnings: [...m.warnings, { file: p.raw.source.file, offset: p.raw.source.offset, message: `parser worker failed (${err.message}); parsed on the main thread` }] }),
          p.reject,
        );
      }
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => {
      if (!this.closed && slot.pending.size > 0) fail(new Error(`exited with code ${code}`));
    });
    slot.worker.unref();
    return slot;
  }

  parse(raw: RawMail): Promise<ParsedMessage> {
    if (this.closed) return Promise.reject(new Error('ParserPool is closed'));
    if (this.slots.length === 0) return parseMail(raw);
    // least loaded worker: one huge message must not hold up a queue behind it
    let slot = this.slots[0] as Slot;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = this.nextId++;
    return new Promise<ParsedMessage>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, raw });
      if (slot.pending.size === 1) slot.worker.ref();
      const request: WorkerRequest = { id, mail: raw };
      slot.worker.postMessage(request);
    }).finally(() => {
      if (slot.pending.size === 0) slot.worker.unref();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
