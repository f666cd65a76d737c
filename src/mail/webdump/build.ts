/**
 * Building ParsedMessages for web-archive dumps: no headers, so the key is a hash of the
 * content (stable across runs) and the offset is the message's byte offset in the file.
 */
import { createHash } from 'node:crypto';
import type { ImportWarning } from '../../errors.js';
import type { Address, ParsedMessage } from '../types.js';

/** The page layouts src/mail/webdump reads (the names `--format` accepts). */
export type WebDumpFormat = 'hypermail' | 'patchwork' | 'lore' | 'lkml-org' | 'marc' | 'openwall';

export interface DumpMessage {
  readonly file: string;
  readonly format: WebDumpFormat;
  /** Byte offset of the message in the file. */
  readonly offset: number;
  readonly messageId: string | null;
  /** Ids the page shows as In-Reply-To (lore message pages, lore ghosts in a thread tree). */
  readonly inReplyTo?: readonly string[];
  readonly subject: string;
  readonly from: Address;
  readonly date: string | null;
  readonly body: string;
  readonly parentHint?: string | null;
  readonly warnings?: readonly ImportWarning[];
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function buildMessage(m: DumpMessage): ParsedMessage {
  const inReplyTo = m.inReplyTo ?? [];
  // The ids join the hash only when there are some, so keys of hypermail and Patchwork pages stay as they were.
  const fields = [m.format, m.messageId ?? '', m.subject, m.from.name ?? '', m.from.email ?? '', m.date ?? '', m.body];
  const contentHash = sha256((inReplyTo.length > 0 ? [...fields, inReplyTo.join(' ')] : fields).join('\n'));
  const msg: ParsedMessage = {
    key: m.messageId ?? `sha256:${contentHash}`,
    messageId: m.messageId,
    inReplyTo,
    references: [],
    subject: m.subject,
    from: m.from,
    date: m.date,
    body: m.body,
    attachments: [],
    source: { file: m.file, offset: m.offset },
    format: m.format,
    contentHash,
    reconstructed: false,
    warnings: m.warnings ?? [],
  };
  return m.parentHint === undefined ? msg : { ...msg, parentHint: m.parentHint };
}

/** Maps character indexes of a string to UTF-8 byte offsets, for increasing indexes. */
export function byteOffsets(text: string): (charIndex: number) => number {
  let lastChar = 0;
  let lastByte = 0;
  return (charIndex: number): number => {
    if (charIndex < lastChar) {
      lastChar = 0;
      lastByte = 0;
    }
    lastByte += Buffer.byteLength(text.slice(lastChar, charIndex), 'utf8');
    lastChar = charIndex;
    return lastByte;
  };
}

/** ISO 8601 with offset for a wall-clock reading `wall` (ms, read as UTC) at `offsetMin` east of UTC. */
export function isoAt(wall: number, offsetMin: number): string {
  const d = new Date(wall);
  const pad = (n: number, l = 2): string => String(n).padStart(l, '0');
  const a = Math.abs(offsetMin);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:` +
    `${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`
  );
}

/**
 * "Name <user@host>" as archive pages print it: the address when one is whole in angle
 * brackets, the name as what is left without brackets and quotes.
 */
export function nameAndAddress(text: string): { name: string | null; email: string | null } {
  const email = /<([^<>\s]+@[^<>\s]+)>/.exec(text)?.[1] ?? null;
  const name = text
    .replace(/<[^>]*>/g, '')
    .replace(/"/g, '')
    .trim();
  return { name: name || null, email };
}

/** The first line at or after `from` (and before `limit`) that is the page footer, else `limit`. */
export function footerAt(lines: readonly string[], from: number, limit: number, footer: RegExp): number {
  let end = from;
  while (end < limit && !footer.test(lines[end] ?? '')) end++;
  return end;
}

/** One message's place on a page: its head, the page's lines, where the next head starts, its byte offset. */
export interface PageSpan<H> {
  readonly head: H;
  readonly lines: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

/**
 * The frame every header-block page reader shares: find the heads, hand each its span up to
 * the next head, and say so (offset 0) when the page holds none.
 */
export function readPages<H extends { readonly start: number }>(
  text: string,
  file: string,
  missing: string,
  findHeads: (lines: readonly string[]) => H[],
  build: (span: PageSpan<H>) => ParsedMessage,
): { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  const { lines, starts } = splitLines(text);
  const toByte = byteOffsets(text);
  const heads = findHeads(lines);
  const messages = heads.map((head, n) =>
    build({ head, lines, limit: heads[n + 1]?.start ?? lines.length, offset: toByte(starts[head.start] ?? 0) }),
  );
  const warnings: ImportWarning[] = heads.length === 0 ? [{ file, offset: 0, message: missing }] : [];
  return { messages, warnings };
}

/** Trims empty lines at both ends (lines are kept as they are: a diff's " " context line matters). */
export function tidy(lines: readonly string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && (lines[a] ?? '').trim() === '') a++;
  while (b > a && (lines[b - 1] ?? '') === '') b--;
  return lines.slice(a, b).join('\n');
}

/** Lines of a text without their "\r", with the character index where each starts. */
export function splitLines(text: string): { lines: string[]; starts: number[] } {
  const lines: string[] = [];
  const starts: number[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    starts.push(pos);
    lines.push(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    pos += raw.length + 1;
  }
  return { lines, starts };
}
