/**
 * Full MIME decoding through mailparser, bounded: hostile nesting and
 * mailparser failures fall back to reading the body as plain text, with a
 * warning, so that one bad mail never stops an import.
 */
import { simpleParser } from 'mailparser';
import type { Attachment, ParsedMail } from 'mailparser';
import type { Address, RawMail, TextAttachment } from '../types.js';
import { parseSimpleAddress } from './address.js';
import { decodeBytes, knownCharset } from './charset.js';
import type { DecodedContent } from './finish.js';
import type { HeaderBlock } from './headers.js';

/** Kernel mail nests 3 deep at most (signed > mixed > alternative); past this it is an attack or a bug. */
const MAX_MULTIPARTS = 32;
/** HTML bigger than this is not converted to text (html-to-text is slow on megabytes). */
const MAX_HTML = 2 * 1024 * 1024;

const OPTIONS = {
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  maxHtmlLengthToParse: MAX_HTML,
} as const;

const PATCH_TYPE = /^text\/x-(?:patch|diff)$|^text\/x-diff$|^application\/x-patch$/i;
const PATCH_NAME = /\.(?:patch|diff)$/i;
const LOOKS_LIKE_DIFF = /^(?:diff --git |Index: |--- \S.*\n\+\+\+ \S)/m;

function countMultiparts(text: string): number {
  let n = 0;
  const re = /^content-type:\s*multipart\//gim;
  while (re.exec(text) !== null) if (++n > MAX_MULTIPARTS) break;
  return n;
}

function charsetOf(a: Attachment): string | null {
  const ct = a.headers.get('content-type');
  if (ct && typeof ct === 'object' && 'params' in ct) {
    const cs = (ct as { params: Record<string, string> }).params['charset'];
    return cs ?? null;
  }
  return null;
}

function patchAttachments(parsed: ParsedMail, problems: string[]): TextAttachment[] {
  const out: TextAttachment[] = [];
  for (const a of parsed.attachments) {
    const type = a.contentType.toLowerCase();
    const name = a.filename ?? null;
    const textual = type.startsWith('text/') || PATCH_TYPE.test(type);
    if (!textual || type === 'text/html') continue;
    const decoded = decodeBytes(a.content, charsetOf(a));
    const isPatch =
      PATCH_TYPE.test(type) || (name !== null && PATCH_NAME.test(name)) || LOOKS_LIKE_DIFF.test(decoded.text);
    if (!isPatch) continue;
    if (decoded.replaced > 0)
      problems.push(`${decoded.replaced} undecodable bytes replaced in attachment ${name ?? type}`);
    out.push({ filename: name, contentType: type, text: decoded.text.replace(/\r\n/g, '\n') });
  }
  return out;
}

function firstAddress(parsed: ParsedMail): Address {
  const v = parsed.from?.value[0];
  if (!v) return { name: null, email: null };
  return { name: v.name === '' ? null : v.name, email: v.address === undefined || v.address === '' ? null : v.address };
}

/** Charset labels of every part, to report the ones no decoder knows. */
function unknownCharsets(text: string): string[] {
  const out = new Set<string>();
  // only Content-Type fields (with their continuation lines), not charset= inside bodies
  const fields = /^content-type:[^\n]*(?:\n[ \t][^\n]*)*/gim;
  let f: RegExpExecArray | null;
  while ((f = fields.exec(text)) !== null && out.size <= 5) {
    const m = /charset\s*=\s*"?([^";\s]+)/i.exec(f[0]);
    if (!m) continue;
    const label = (m[1] ?? '').toLowerCase();
    if (!knownCharset(label) && !/^(?:utf-?7|unicode-1-1-utf-7)$/.test(label)) out.add(label);
  }
  return [...out];
}

function countReplacements(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/** Plain-text reading of a message mailparser must not or could not handle. */
function plainFallback(raw: RawMail, headers: HeaderBlock, problems: string[]): DecodedContent {
  const decoded = decodeBytes(raw.raw.subarray(headers.bodyStart), 'utf-8');
  if (decoded.replaced > 0) problems.push(`${decoded.replaced} undecodable bytes replaced in body`);
  const subject = headers.fields.find((f) => f.name === 'subject')?.value ?? '';
  // The author is in the header block even when mailparser gave up on it.
  const fromHeader = headers.fields.find((f) => f.name === 'from')?.value;
  return {
    subject,
    from: (fromHeader === undefined ? null : parseSimpleAddress(fromHeader)) ?? { name: null, email: null },
    body: decoded.text.replace(/\r\n/g, '\n'),
    attachments: [],
    problems,
  };
}

export async function decodeMime(raw: RawMail, headers: HeaderBlock): Promise<DecodedContent> {
  const problems: string[] = [];
  const latin1 = raw.raw.toString('latin1'); // one byte-exact string for the scans below
  const multiparts = countMultiparts(latin1);
  if (multiparts > MAX_MULTIPARTS) {
    problems.push(`MIME nested past ${MAX_MULTIPARTS} multipart parts; body kept as raw text`);
    return plainFallback(raw, headers, problems);
  }
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw.raw, OPTIONS);
  } catch (err) {
    problems.push(`MIME decoding failed (${err instanceof Error ? err.message : String(err)}); body kept as raw text`);
    return plainFallback(raw, headers, problems);
  }
  for (const label of unknownCharsets(latin1)) problems.push(`unknown charset ${JSON.stringify(label)}; read as UTF-8`);
  let body = parsed.text ?? '';
  if (body === '' && typeof parsed.html === 'string' && parsed.html.length > MAX_HTML) {
    problems.push('HTML body too large to convert to text');
  }
  body = body.replace(/\r\n/g, '\n');
  const sentFffd = latin1.split('\xef\xbf\xbd').length - 1;
  const replaced = countReplacements(body) - sentFffd;
  if (replaced > 0) problems.push(`${replaced} undecodable bytes replaced in body`);
  return {
    subject: parsed.subject ?? '',
    from: firstAddress(parsed),
    body,
    attachments: patchAttachments(parsed, problems),
    problems,
  };
}
