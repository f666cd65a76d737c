/** Messages between ParserPool and its workers (structured-cloned: Buffers arrive as Uint8Array). */
import type { ParsedMessage, RawMail } from '../types.js';

export interface WorkerRequest {
  readonly id: number;
  readonly mail: RawMail;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly message: ParsedMessage }
  | { readonly id: number; readonly ok: false; readonly error: string };
