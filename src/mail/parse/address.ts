/**
 * Author addresses, including the DMARC rewrite mailman lists apply:
 * "Jason Gunthorpe via iommu <iommu@lists.linux-foundation.org>" with the
 * real address moved to Reply-To (or X-Original-From).
 */
import libmime from 'libmime';
import type { Address } from '../types.js';
import type { HeaderBlock } from './headers.js';
import { firstHeader } from './headers.js';

const ANGLE = /^(.*?)\s*<([^<>\s]*)>\s*$/s;
const BARE = /^[^\s<>@",;:()]+@[^\s<>@",;:()]+$/;

function unquote(name: string): string {
  const t = name.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\(.)/g, '$1');
  return t;
}

/**
 * One address in the simple forms `Name <a@b>`, `"Name" <a@b>`, `a@b` and
 * `a@b (Name)`; null for anything else (groups, lists, broken quoting). Encoded
 * words in the name are decoded by libmime, as mailparser decodes them.
 */
export function parseSimpleAddress(value: string): Address | null {
  const v = value.trim();
  if (v === '') return null;
  const angle = ANGLE.exec(v);
  if (angle) {
    const rawName = angle[1] ?? '';
    if (/[<>]/.test(rawName) || (rawName.includes(',') && !rawName.trim().startsWith('"'))) return null;
    const name = libmime.decodeWords(unquote(rawName)).trim();
    const email = (angle[2] ?? '').trim();
    return { name: name === '' ? null : name, email: email === '' ? null : email };
  }
  const comment = /^(\S+@\S+)\s+\((.*)\)$/.exec(v);
  if (comment && BARE.test(comment[1] ?? '')) {
    const name = libmime.decodeWords(comment[2] ?? '').trim();
    return { name: name === '' ? null : name, email: comment[1] ?? null };
  }
  if (BARE.test(v)) return { name: null, email: v };
  return null;
}

const VIA = /^(.+?)\s+via\s+\S+$/i;

const sameName = (a: string | null, b: string): boolean =>
  a !== null && a.toLowerCase().replace(/\s+/g, ' ') === b.toLowerCase().replace(/\s+/g, ' ');

/** Undo the "X via list" From rewrite, using the headers that kept the real sender. */
export function recoverAuthor(from: Address, headers: HeaderBlock): Address {
  const via = from.name === null ? null : VIA.exec(from.name);
  if (!via) return from;
  const realName = (via[1] ?? '').trim();
  const original = firstHeader(headers, 'x-original-from');
  const fromOriginal = original === null ? null : parseSimpleAddress(original);
  if (fromOriginal?.email) return { name: fromOriginal.name ?? realName, email: fromOriginal.email };
  const replyTo = firstHeader(headers, 'reply-to');
  const fromReply = replyTo === null ? null : parseSimpleAddress(replyTo);
  // Reply-To is only the author when it names the same person (it may point at the list)
  if (fromReply?.email && (fromReply.name === null || sameName(fromReply.name, realName))) {
    return { name: realName, email: fromReply.email };
  }
  return { name: realName, email: null };
}
