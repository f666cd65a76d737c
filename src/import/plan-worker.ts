/**
 * Worker thread entry: MIME-parse each RawMail it is sent and plan it
 * (patches, trailers, reconstructed voices) in the same thread, so the main
 * thread only reads archives and writes SQLite.
 */
import { parentPort } from 'node:worker_threads';
import { parseMail } from '../mail/index.js';
import { planMessage } from './plan.js';
import type { PlanReply, PlanRequest } from './plan-protocol.js';

if (parentPort === null) throw new Error('plan-worker must run as a worker thread');
const port = parentPort;

port.on('message', (req: PlanRequest) => {
  void Promise.all(
    req.mails.map(async (mail) => {
      const bytes = mail.raw as Uint8Array;
      const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      try {
        return { ok: true as const, plan: planMessage(await parseMail({ ...mail, raw })) };
      } catch (err) {
        return { ok: false as const, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  ).then((results) => port.postMessage({ id: req.id, results } satisfies PlanReply));
});
