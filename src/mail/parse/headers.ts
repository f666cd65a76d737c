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
  /** Names of the fields cut at MAX_HEADER_BYTES. */
  readonly cut: readonly string[];
}

/**
 * Bound (memory): a header field's unfolded value is cut at this many bytes. A 1 MB Subject,
 * an X- header of 1 MB or 100,000 Received lines are hostile, but the Message-ID, Date and
 * body after them are the mail's own: the header block is read to its blank line whatever its
 * size (the message is already cut at MAX_MESSAGE_BYTES), and only an over-long field is cut.
 * One References header of 80,000 ids fits.
 */
export const MAX_HEADER_BYTES = 1 << 20;

function findBlankLine(raw: Buffer): { end: number; next: number } | null {
  let i = 0;
  // a message that starts with a blank line has no headers at all
  if (raw[0] === 0x0a) return { end: 0, next: 1 };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { end: 0, next: 2 };
  while (i < raw.length) {
    const nl = raw.indexOf(0x0a, i);
    if (nl < 0) return null;
    const after = raw[nl + 1];
    if (after === 0x0a) return { end: nl + 1, next: nl + 2 };
    if (after === 0x0d && raw[nl + 2] === 0x0a) return { end: nl + 1, next: nl + 3 };
    i = nl + 1;
  }
  return null;
}

export function readHeaders(raw: Buffer): HeaderBlock {
  const blank = findBlankLine(raw);
  const end = blank ? blank.end : raw.length;
  const text = raw.toString('latin1', 0, end);
  const fields: { name: string; value: string }[] = [];
  const badLines: string[] = [];
  const cut = new Set<string>();
  const add = (f: { name: string; value: string }, more: string): void => {
    if (f.value.length >= MAX_HEADER_BYTES) {
      cut.add(f.name);
      return;
    }
    f.value = (f.value + more).slice(0, MAX_HEADER_BYTES);
    if (f.value.length === MAX_HEADER_BYTES) cut.add(f.name);
  };
  for (const line of text.includes('\r') ? text.split(/\r?\n/) : text.split('\n')) {
    if (line === '') continue;
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      const last = fields[fields.length - 1];
      if (last) add(last, ' ' + line.trim());
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (colon <= 0 || !/^[\x21-\x39\x3b-\x7e]+$/.test(name)) {
      badLines.push(line.length > 80 ? line.slice(0, 80) + '...' : line);
      continue;
    }
    const field = { name: name.toLowerCase(), value: '' };
    add(field, line.slice(colon + 1).trim());
    fields.push(field);
  }
  // raw 8-bit headers are almost always UTF-8; most header blocks are all ASCII (checked
  // natively, once) and need no field looked at
  if (!isAscii(raw.subarray(0, end))) {
    for (const f of fields) if (/[\x80-\xff]/.test(f.value)) f.value = Buffer.from(f.value, 'latin1').toString('utf8');
  }
  return {
    fields,
    bodyStart: blank ? blank.next : raw.length,
    unterminated: blank === null,
    badLines,
    cut: [...cut],
  };
}

export function firstHeader(block: HeaderBlock, name: string): string | null {
  for (const f of block.fields) if (f.name === name) return f.value;
  return null;
}

export function allHeaders(block: HeaderBlock, name: string): string[] {
  return block.fields.filter((f) => f.name === name).map((f) => f.value);
}
