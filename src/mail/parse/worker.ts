/** Worker thread entry: parse each RawMail it is sent, reply with the ParsedMessage. */
import { parentPort } from 'node:worker_threads';
import { parseMail } from './parse.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

if (parentPort === null) throw new Error('worker.ts must run as a worker thread');
const port = parentPort;

port.on('message', (req: WorkerRequest) => {
  const bytes = req.mail.raw as Uint8Array;
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  parseMail({ ...req.mail, raw }).then(
    (message) => port.postMessage({ id: req.id, ok: true, message } satisfies WorkerReply),
    (err: unknown) => port.postMessage({ id: req.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies WorkerReply),
  );
});
