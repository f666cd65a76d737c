/**
 * The cheap path for the common kernel mail: one text/plain part, 7bit or
 * 8bit, us-ascii or UTF-8, plain ASCII/UTF-8 Subject and a simple From.
 * Anything else returns null and goes to mailparser. test/mail/fast-path
 * checks, over the whole corpus, that what this accepts it decodes exactly as
 * mailparser does.
 */
import type { RawMail } from '../types.js';
import { parseSimpleAddress } from './address.js';
import type { DecodedContent } from './finish.js';
import type { HeaderBlock } from './headers.js';
import { allHeaders } from './headers.js';

const PLAIN_TYPE = /^text\/plain\s*(?:;\s*charset\s*=\s*"?(us-ascii|utf-8)"?\s*)?;?$/i;
const PLAIN_CTE = /^(?:7bit|8bit)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function single(headers: HeaderBlock, name: string): string | null | false {
  const values = allHeaders(headers, name);
  if (values.length > 1) return false; // mailparser keeps the last one; not worth copying
  return values[0] ?? null;
}

function hasHighByte(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

export function decodeFast(raw: RawMail, headers: HeaderBlock): DecodedContent | null {
  if (headers.unterminated || headers.badLines.length > 0) return null;
  const type = single(headers, 'content-type');
  const cte = single(headers, 'content-transfer-encoding');
  const subject = single(headers, 'subject');
  const fromValue = single(headers, 'from');
  if (type === false || cte === false || subject === false || fromValue === false || fromValue === null) return null;
  const typeMatch = type === null ? null : PLAIN_TYPE.exec(type);
  if (type !== null && !typeMatch) return null;
  if (cte !== null && !PLAIN_CTE.test(cte)) return null;
  if (fromValue.includes('=?') || fromValue.includes('\ufffd') || (subject !== null && (subject.includes('=?') || subject.includes('\ufffd')))) return null;
  const from = parseSimpleAddress(fromValue);
  // addressparser drops a display name that is itself an address ("hch@lst.de" <hch@lst.de>)
  if (from === null || (from.name !== null && from.name.includes('@'))) return null;

  const bytes = raw.raw.subarray(headers.bodyStart);
  const charset = (typeMatch?.[1] ?? 'us-ascii').toLowerCase();
  if (charset === 'us-ascii' && hasHighByte(bytes)) return null;
  let body: string;
  try {
    body = utf8.decode(bytes);
  } catch {
    return null;
  }
  if (body.includes('\r')) body = body.replace(/\r\n/g, '\n');
  return { subject: subject ?? '', from, body, attachments: [], problems: [] };
}
