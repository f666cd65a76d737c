/** parseMail: the fast path when it applies, mailparser otherwise. Never throws on content. */
import type { ParsedMessage, RawMail } from '../types.js';
import { decodeFast } from './fast.js';
import { finish } from './finish.js';
import { readHeaders } from './headers.js';
import { decodeMime } from './mime.js';

export async function parseMail(raw: RawMail): Promise<ParsedMessage> {
  const headers = readHeaders(raw.raw);
  const fast = decodeFast(raw, headers);
  return finish(raw, headers, fast ?? (await decodeMime(raw, headers)));
}

/** The fast path alone; null when it declines the message. For the differential test and the bench. */
export function parseMailFast(raw: RawMail): ParsedMessage | null {
  const headers = readHeaders(raw.raw);
  const fast = decodeFast(raw, headers);
  return fast === null ? null : finish(raw, headers, fast);
}

/** mailparser alone, whatever the message. */
export async function parseMailMime(raw: RawMail): Promise<ParsedMessage> {
  const headers = readHeaders(raw.raw);
  return finish(raw, headers, await decodeMime(raw, headers));
}
