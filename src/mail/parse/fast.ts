/**
 * The cheap path for the common kernel mail: one text/plain part, 7bit, 8bit
 * or base64, us-ascii or UTF-8, maybe format=flowed (RFC 3676, undone by
 * mailparser's libmime), plain ASCII/UTF-8 Subject and a simple From. On the
 * iommu bench that is 95% of the mail; mailparser costs ~1.2 ms a message.
 * Anything else returns null and goes to mailparser. test/mail/fast-path
 * checks, over the whole corpus, that what this accepts it decodes exactly as
 * mailparser does.
 */
import { isAscii } from 'node:buffer';
import libmime from 'libmime';
import type { RawMail } from '../types.js';
import { parseSimpleAddress } from './address.js';
import type { DecodedContent } from './finish.js';
import type { HeaderBlock } from './headers.js';
import { allHeaders } from './headers.js';

const PLAIN_CTE = /^(?:7bit|8bit|base64)$/i;
/** Only the parameters whose meaning is copied here; anything else goes to mailparser. */
const PARAM = /^\s*(charset|format|delsp)\s*=\s*(?:"([^"\\]*)"|([^\s";]+))\s*$/i;

interface PlainType {
  readonly charset: 'us-ascii' | 'utf-8';
  readonly flowed: boolean;
  readonly delSp: boolean;
}

/** "text/plain; charset=utf-8; format=flowed" as the fast path understands it, or null. */
function plainType(value: string | null): PlainType | null {
  if (value === null) return { charset: 'us-ascii', flowed: false, delSp: false };
  const parts = value.split(';');
  if ((parts[0] ?? '').trim().toLowerCase() !== 'text/plain') return null;
  const params = new Map<string, string>();
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (part.trim() === '' && i === parts.length - 1) continue;
    const m = PARAM.exec(part);
    if (m === null) return null;
    const name = (m[1] ?? '').toLowerCase();
    if (params.has(name)) return null;
    params.set(name, (m[2] ?? m[3] ?? '').trim().toLowerCase());
  }
  const charset = params.get('charset') ?? 'us-ascii';
  if (charset !== 'us-ascii' && charset !== 'utf-8') return null;
  const format = params.get('format');
  if (format !== undefined && format !== 'flowed' && format !== 'fixed') return null;
  const delsp = params.get('delsp');
  if (delsp !== undefined && delsp !== 'yes' && delsp !== 'no') return null;
  const flowed = format === 'flowed';
  return { charset, flowed, delSp: flowed && delsp === 'yes' };
}

const BASE64_BODY = /^(?:[A-Za-z0-9+/]+\r?\n)*[A-Za-z0-9+/]*={0,2}(?:\r?\n)*$/;
const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);
const utf8 = new TextDecoder('utf-8', { fatal: true });

function single(headers: HeaderBlock, name: string): string | null | false {
  const values = allHeaders(headers, name);
  if (values.length > 1) return false; // mailparser keeps the last one; not worth copying
  return values[0] ?? null;
}

function hasHighByte(bytes: Uint8Array): boolean {
  // Native, and many times faster than a byte loop over every plain-text body.
  return !isAscii(bytes);
}

export function decodeFast(raw: RawMail, headers: HeaderBlock): DecodedContent | null {
  if (headers.unterminated || headers.badLines.length > 0 || headers.cut.length > 0) return null;
  const type = single(headers, 'content-type');
  const cte = single(headers, 'content-transfer-encoding');
  const subject = single(headers, 'subject');
  const fromValue = single(headers, 'from');
  if (type === false || cte === false || subject === false || fromValue === false || fromValue === null) return null;
  // A text part marked as an attachment is an attachment to mailparser (no body text).
  const disposition = single(headers, 'content-disposition');
  if (disposition === false || (disposition !== null && disposition.trim().toLowerCase() !== 'inline')) return null;
  const plain = plainType(type);
  if (plain === null) return null;
  if (cte !== null && !PLAIN_CTE.test(cte.trim())) return null;
  if (
    fromValue.includes('=?') ||
    fromValue.includes('\ufffd') ||
    (subject !== null && (subject.includes('=?') || subject.includes('\ufffd')))
  )
    return null;
  const from = parseSimpleAddress(fromValue);
  // addressparser drops a display name that is itself an address ("hch@lst.de" <hch@lst.de>)
  if (from === null || from.name?.includes('@')) return null;

  let bytes: Uint8Array = raw.raw.subarray(headers.bodyStart);
  if (cte !== null && cte.trim().toLowerCase() === 'base64') {
    // Only clean base64 (the alphabet, line breaks, final padding): what mailparser's
    // decoder does with anything else is not worth copying.
    const text = Buffer.from(bytes).toString('latin1');
    if (!BASE64_BODY.test(text)) return null;
    const decoded = Buffer.from(text, 'base64');
    // A U+FFFD sent inside base64 is counted as a replacement by the mailparser path (it
    // looks for sent ones in the raw bytes): leave such mail to it so both agree.
    if (decoded.includes(REPLACEMENT_UTF8)) return null;
    bytes = decoded;
  }
  if (plain.charset === 'us-ascii' && hasHighByte(bytes)) return null;
  let body: string;
  try {
    body = utf8.decode(bytes);
  } catch {
    return null;
  }
  if (body.includes('\r')) body = body.replace(/\r\n/g, '\n');
  // RFC 3676 unwrapping by the libmime that mailparser uses, so both paths agree by construction.
  if (plain.flowed) body = libmime.decodeFlowed(body, plain.delSp);
  return { subject: subject ?? '', from, body, attachments: [], problems: [] };
}
