/**
 * The header block of a raw message, read by hand: both parse paths take
 * Message-ID, In-Reply-To, References, Date and the DMARC fields from here,
 * so ids and dates never depend on which path ran.
 */
import { isAscii } from 'node:buffer';

export interface HeaderField {
  /** Lower-case name. */
  readonly name: string;
  /** Unfolded value, raw bytes read as UTF-8 (as mailparser does). */
  readonly value: string;
}

export interface HeaderBlock {
  readonly fields: readonly HeaderField[];
  /** Byte length of the header block including the blank line after it. */
  readonly bodyStart: number;
  /** The message had no blank line after its headers (truncated or not mail). */
  readonly unterminated: boolean;
  /** Lines inside the header block that are neither "Name: value" nor a continuation. */
  readonly badLines: readonly string[];
}

/** Header blocks longer than this are hostile; the rest is read as body. */
const MAX_HEADER_BYTES = 1 << 20;

function findBlankLine(raw: Buffer): { end: number; next: number } | null {
  const limit = Math.min(raw.length, MAX_HEADER_BYTES);
  let i = 0;
  // a message that starts with a blank line has no headers at all
  if (raw[0] === 0x0a) return { end: 0, next: 1 };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { end: 0, next: 2 };
  while (i < limit) {
    const nl = raw.indexOf(0x0a, i);
    if (nl < 0 || nl >= limit) return null;
    const after = raw[nl + 1];
    if (after === 0x0a) return { end: nl + 1, next: nl + 2 };
    if (after === 0x0d && raw[nl + 2] === 0x0a) return { end: nl + 1, next: nl + 3 };
    i = nl + 1;
  }
  return null;
}

export function readHeaders(raw: Buffer): HeaderBlock {
  const blank = findBlankLine(raw);
  const end = blank ? blank.end : Math.min(raw.length, MAX_HEADER_BYTES);
  const text = raw.toString('latin1', 0, end);
  const fields: { name: string; value: string }[] = [];
  const badLines: string[] = [];
  for (const line of text.includes('\r') ? text.split(/\r?\n/) : text.split('\n')) {
    if (line === '') continue;
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      const last = fields[fields.length - 1];
      if (last) last.value += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (colon <= 0 || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) {
      badLines.push(line.length > 80 ? line.slice(0, 80) + '...' : line);
      continue;
    }
    fields.push({ name: name.toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  // raw 8-bit headers are almost always UTF-8; most header blocks are all ASCII (checked
  // natively, once) and need no field looked at
  if (!isAscii(raw.subarray(0, end))) {
    for (const f of fields) if (/[\x80-\xff]/.test(f.value)) f.value = Buffer.from(f.value, 'latin1').toString('utf8');
  }
  return { fields, bodyStart: blank ? blank.next : raw.length, unterminated: blank === null, badLines };
}

export function firstHeader(block: HeaderBlock, name: string): string | null {
  for (const f of block.fields) if (f.name === name) return f.value;
  return null;
}

export function allHeaders(block: HeaderBlock, name: string): string[] {
  return block.fields.filter((f) => f.name === name).map((f) => f.value);
}
