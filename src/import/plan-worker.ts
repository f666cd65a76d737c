/**
 * Worker thread entry: MIME-parse each RawMail it is sent and plan it
 * (patches, trailers, and reconstructed voices unless the request leaves them
 * to the main thread) in the same thread. Each reply says how long the worker
 * sat idle since the previous one, so the pool can balance the two sides.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { parseMail } from '../mail/index.js';
import { planMessage } from './plan.js';
import type { PlanReply, PlanRequest } from './plan-protocol.js';

if (parentPort === null) throw new Error('plan-worker must run as a worker thread');
const port = parentPort;
let lastUse = performance.eventLoopUtilization();

port.on('message', (req: PlanRequest) => {
  void Promise.all(
    req.mails.map(async (mail) => {
      const bytes = mail.raw as Uint8Array;
      const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      try {
        return { ok: true as const, plan: planMessage(await parseMail({ ...mail, raw }), { voices: req.voices }) };
      } catch (err) {
        return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  ).then((results) => {
    const use = performance.eventLoopUtilization();
    const idleMs = use.idle - lastUse.idle;
    lastUse = use;
    port.postMessage({ id: req.id, results, idleMs } satisfies PlanReply);
  });
});
