/**
 * Streaming mbox splitter (mboxo and mboxrd, lore's "From mboxrd@z ..."
 * separators). Memory stays at one message plus one read chunk whatever the
 * file size; offsets are byte offsets in the decompressed file.
 *
 *   ...last body line\n\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\nFrom: ...
 *                        ^ a separator: "From " at a line start
 */
import type { Readable } from 'node:stream';
import type { SourceFormat } from '../types.js';
import type { ReadEvent } from './events.js';
import { MAX_MESSAGE_BYTES, warning } from './events.js';

const SEPARATOR = Buffer.from('\nFrom ');
const FROM = Buffer.from('From ');
const ESCAPED = Buffer.from('>From ');

/** Whether bytes read as latin1 match /^\s*$/ (tab, LF, VT, FF, CR, space, NBSP), without making the string. */
function blankBytes(bytes: Buffer): boolean {
  for (const b of bytes) if (!((b >= 0x09 && b <= 0x0d) || b === 0x20 || b === 0xa0)) return false;
  return true;
}

/**
 * The "From " line every mbox writer puts before a message (sender, then an asctime date:
 * "From a@b Mon Jan  1 00:00:00 2024", lore's "From mboxrd@z Thu Jan  1 00:00:00 1970").
 */
const FROM_LINE =
  /^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{1,2}:\d{2}(?::\d{2})? (?:.* )?\d{4}\r?$/;
/** Bound (time): a separator line longer than this is not one (the date fits in 100 bytes). */
const MAX_FROM_LINE = 1000;

/**
 * Where, before the first message, a separator is glued to junk (a NUL byte, the tail of
 * another file, with no newline between): the first "From " in bytes [0, end) whose line
 * is a whole separator line. -1 if none. Only ever asked before any message has started,
 * so it cannot split a message at a "From " in its body.
 */
function gluedSeparator(w: Buffer, end: number): number {
  for (let i = w.indexOf(FROM); i >= 0 && i < end; i = w.indexOf(FROM, i + 1)) {
    const nl = w.indexOf(0x0a, i);
    if (nl < 0 || nl - i > MAX_FROM_LINE) continue;
    if (FROM_LINE.test(w.toString('latin1', i, nl))) return i;
  }
  return -1;
}

/** Bytes held back at a chunk's end: an incomplete "From " may continue in the next chunk. */
const HOLD = FROM.length - 1;

/**
 * Undo mboxrd escaping: a line ">From " was "From ", ">>From " was ">From ".
 * mboxo readers strip one ">" the same way, so this is right for both.
 */
export function unescapeMboxrd(msg: Buffer): Buffer {
  // Every escaped line holds ">From ": most messages have none and need no line scan.
  if (msg.indexOf(ESCAPED) < 0) return msg;
  const parts: Buffer[] = [];
  let copied = 0;
  let lineStart = 0;
  while (lineStart < msg.length) {
    if (msg[lineStart] === 0x3e /* > */) {
      let p = lineStart;
      while (msg[p] === 0x3e) p++;
      if (p + FROM.length <= msg.length && msg.compare(FROM, 0, FROM.length, p, p + FROM.length) === 0) {
        parts.push(msg.subarray(copied, lineStart));
        copied = lineStart + 1; // drop exactly one ">"
      }
    }
    const nl = msg.indexOf(0x0a, lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  if (parts.length === 0) return msg;
  parts.push(msg.subarray(copied));
  return Buffer.concat(parts);
}

/** One message as it sits in the file: its "From " line offset and its bytes (separator line included). */
class Collector {
  private parts: Buffer[] = [];
  private length = 0;
  private dropped = 0;
  constructor(readonly offset: number) {}
  add(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const room = MAX_MESSAGE_BYTES - this.length;
    if (room <= 0) {
      this.dropped += bytes.length;
      return;
    }
    const kept = bytes.length > room ? bytes.subarray(0, room) : bytes;
    // copy: the chunk buffer is reused by the stream's consumer
    this.parts.push(Buffer.from(kept));
    this.length += kept.length;
    this.dropped += bytes.length - kept.length;
  }
  *finish(file: string, format: SourceFormat): Generator<ReadEvent> {
    const all = this.parts.length === 1 ? (this.parts[0] ?? Buffer.alloc(0)) : Buffer.concat(this.parts, this.length);
    this.parts = [];
    const nl = all.indexOf(0x0a);
    let body = nl < 0 ? Buffer.alloc(0) : all.subarray(nl + 1);
    // the blank line before the next separator belongs to the mbox, not the message
    if (body.length >= 2 && body[body.length - 1] === 0x0a && body[body.length - 2] === 0x0a)
      body = body.subarray(0, body.length - 1);
    if (this.dropped > 0) {
      yield warning(
        file,
        this.offset,
        `message of ${this.length + this.dropped} bytes cut to its first ${MAX_MESSAGE_BYTES} bytes`,
      );
    }
    if (body.length < 4096 && blankBytes(body)) {
      yield warning(file, this.offset, 'empty message after its "From " line');
      return;
    }
    yield { kind: 'mail', mail: { source: { file, offset: this.offset }, format, raw: unescapeMboxrd(body) } };
  }
}

/**
 * Split an mbox byte stream into messages. Bytes before the first "From "
 * line are reported, not imported; a first separator glued to such bytes
 * (no newline before it) still starts the first message.
 */
export async function* splitMbox(
  file: string,
  stream: Readable,
  format: SourceFormat = 'mbox',
  base = 0,
): AsyncGenerator<ReadEvent> {
  let current: Collector | null = null;
  let leading = 0; // non-blank bytes before the first separator
  let held = Buffer.alloc(0);
  // `base`: where in the file the stream starts (a grown mbox read from its old end, which follows a newline).
  let heldAbs = base; // absolute offset of held[0]
  let byteBefore = 0x0a; // the file start counts as a line start
  let lastByte = 0x0a;
  let first = base === 0;
  let failure: Error | null = null;
  const reading = (async function* () {
    try {
      yield* stream as AsyncIterable<Buffer>;
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    }
  })();
  for await (const read of reading) {
    let chunk = read;
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      // A UTF-8 byte-order mark some editors write: the "From " after it still starts the file.
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        heldAbs = base + 3;
      }
    }
    const w = held.length === 0 ? chunk : Buffer.concat([held, chunk]);
    const wAbs = heldAbs;
    const commit = w.length - HOLD;
    let segStart = 0;
    const boundaries: number[] = [];
    if (byteBefore === 0x0a && w.length >= FROM.length && w.compare(FROM, 0, FROM.length, 0, FROM.length) === 0)
      boundaries.push(0);
    for (let i = w.indexOf(SEPARATOR); i >= 0 && i + 1 < commit; i = w.indexOf(SEPARATOR, i + 1))
      boundaries.push(i + 1);
    if (current === null && boundaries[0] !== 0) {
      const glued = gluedSeparator(w, Math.min(boundaries[0] ?? commit, commit));
      if (glued >= 0) boundaries.unshift(glued);
    }
    for (const b of boundaries) {
      if (b > segStart) {
        if (current) current.add(w.subarray(segStart, b));
        else if (!/^\s*$/.test(w.toString('latin1', segStart, b))) leading += b - segStart;
      }
      if (current) yield* current.finish(file, format);
      current = new Collector(wAbs + b);
      segStart = b;
    }
    if (commit > segStart) {
      if (current) current.add(w.subarray(segStart, commit));
      else if (!/^\s*$/.test(w.toString('latin1', segStart, commit))) leading += commit - segStart;
    }
    const keepFrom = Math.max(commit, segStart);
    byteBefore = keepFrom > 0 ? (w[keepFrom - 1] ?? 0x0a) : byteBefore;
    held = Buffer.from(w.subarray(keepFrom));
    heldAbs = wAbs + keepFrom;
    lastByte = w[w.length - 1] ?? lastByte;
  }
  const failed = failure as Error | null;
  if (failed !== null) {
    // A corrupt or cut compressed file: say what the decompressor said, where. What it gave
    // after a corruption is garbage, so the message it was in is dropped; a file that merely
    // ends early keeps its last message (cut, as a truncated mbox does).
    const at = heldAbs + held.length;
    yield warning(file, at, `cannot read past this point: ${failed.message}`);
    const truncated = /unexpected end|truncated/i.test(failed.message);
    if (!truncated && current !== null) {
      yield warning(file, current.offset, 'message not imported: the data after its start is corrupt');
      return;
    }
  }
  if (held.length > 0) {
    if (current) current.add(held);
    else if (!/^\s*$/.test(held.toString('latin1'))) leading += held.length;
  }
  if (leading > 0)
    yield warning(
      file,
      0,
      `${leading} byte${leading === 1 ? '' : 's'} before the first "From " line ${leading === 1 ? 'is' : 'are'} not mail; skipped`,
    );
  if (current) {
    if (lastByte !== 0x0a) yield warning(file, current.offset, 'file ends in the middle of a line (truncated mbox?)');
    yield* current.finish(file, format);
  }
}
