/**
 * The part of parsing both paths share: ids, date, author recovery, key and
 * content hash. The fast path and mailparser only differ in how they decode
 * subject, From and body, which is what the differential test compares.
 */
import libmime from 'libmime';
import crypto from 'node:crypto';
import type { ImportWarning } from '../../errors.js';
import { parseMessageIds } from '../ids.js';
import type { Address, ParsedMessage, RawMail, TextAttachment } from '../types.js';
import { recoverAuthor } from './address.js';
import { parseMailDate } from '../date.js';
import type { HeaderBlock } from './headers.js';
import { allHeaders, firstHeader, MAX_HEADER_BYTES } from './headers.js';

/** What a decoder (fast path or mailparser) found in the message. */
export interface DecodedContent {
  readonly subject: string;
  readonly from: Address;
  readonly body: string;
  readonly attachments: readonly TextAttachment[];
  /** Problems the decoder saw, as plain messages; finish() adds the place. */
  readonly problems: readonly string[];
}

/** Header problems every path reports the same way. */
function headerProblems(headers: HeaderBlock): string[] {
  const out: string[] = [];
  if (headers.unterminated) out.push('no blank line after the headers (truncated message?)');
  for (const line of headers.badLines.slice(0, 5)) out.push(`header line without colon: ${JSON.stringify(line)}`);
  if (headers.badLines.length > 5) out.push(`${headers.badLines.length - 5} more header lines without colon`);
  for (const name of headers.cut) out.push(`header ${name} cut at ${MAX_HEADER_BYTES} bytes`);
  return out;
}

/** SHA-256 in hex; the one-shot crypto.hash (Node >= 20.12) is ~30% faster on mail-sized strings than a Hash object. */
const sha256Hex: (s: string) => string =
  typeof crypto.hash === 'function'
    ? (s) => crypto.hash('sha256', s, 'hex')
    : (s) => crypto.createHash('sha256').update(s).digest('hex');

function hashContent(parts: readonly unknown[]): string {
  return sha256Hex(JSON.stringify(parts));
}

export function finish(raw: RawMail, headers: HeaderBlock, content: DecodedContent): ParsedMessage {
  const problems = [...headerProblems(headers), ...content.problems];

  const midHeader = firstHeader(headers, 'message-id');
  const messageId = midHeader === null ? null : (parseMessageIds(midHeader)[0] ?? null);
  if (midHeader === null) problems.push('no Message-ID; key derived from the content');
  else if (messageId === null)
    problems.push(`unusable Message-ID ${JSON.stringify(midHeader.slice(0, 80))}; key derived from the content`);

  const inReplyTo = allHeaders(headers, 'in-reply-to').flatMap(parseMessageIds);
  const references = allHeaders(headers, 'references').flatMap(parseMessageIds);

  const dateHeader = firstHeader(headers, 'date');
  const date = dateHeader === null ? null : parseMailDate(dateHeader);
  if (dateHeader === null) problems.push('no Date header');
  else if (date === null) problems.push(`unparseable Date ${JSON.stringify(dateHeader.slice(0, 80))}`);

  const from = recoverAuthor(content.from, headers);
  // Received, DKIM, list footers' headers and the archive's position stay out:
  // the same mail archived twice must hash equal.
  const contentHash = hashContent([
    messageId,
    inReplyTo,
    references,
    content.subject,
    from.name,
    from.email,
    date,
    content.body,
    content.attachments.map((a) => [a.filename, a.contentType, a.text]),
  ]);
  const warnings: ImportWarning[] = problems.map((message) => ({
    file: raw.source.file,
    offset: raw.source.offset,
    message,
  }));
  return {
    key: messageId ?? `sha256:${contentHash}`,
    messageId,
    inReplyTo,
    references,
    subject: content.subject,
    from,
    date,
    body: content.body,
    attachments: content.attachments,
    source: raw.source,
    format: raw.format,
    contentHash,
    reconstructed: false,
    warnings,
    // Recipients stay out of the content hash: adding them did not make old imports' mail different.
    ...recipients(headers),
  };
}

/** To and Cc, all headers of each joined, whitespace of folded lines collapsed. */
function recipients(headers: HeaderBlock): { to?: string; cc?: string } {
  const out: { to?: string; cc?: string } = {};
  for (const name of ['to', 'cc'] as const) {
    const value = allHeaders(headers, name)
      .map((v) => libmime.decodeWords(v).replace(/\s+/g, ' ').trim())
      .filter((v) => v !== '')
      .join(', ');
    if (value !== '') out[name] = value.slice(0, MAX_RECIPIENTS);
  }
  return out;
}

/** Characters of To or Cc kept: a header is bounded, and a pager line of thousands of addresses helps nobody. */
const MAX_RECIPIENTS = 4000;
