/**
 * Text of lore.kernel.org (public-inbox) pages, as a browser saves or copies them.
 * Layouts from public-inbox's lib/PublicInbox/View.pm (_msg_page_prepare_obuf, eml_entry).
 *
 * A message page (/<list>/<message-id>/) shows the mail's own headers:
 *
 *   From: Jason Gunthorpe <jgg@nvidia.com>
 *   To: Yan Zhao <yan.y.zhao@intel.com>
 *   Cc: kvm@vger.kernel.org, ...
 *   Subject: Re: [PATCH 5/5] ...
 *   Date: Thu, 9 May 2024 11:13:32 -0300	[thread overview]      <- anchor
 *   Message-ID: <20240509141332.GP4650@nvidia.com> (raw)          <- anchor too
 *   In-Reply-To: <20240507062212.20535-1-yan.y.zhao@intel.com>
 *   (blank) body ...
 *   next prev parent reply other threads:[~2024-05-10  8:03 UTC|newest]   <- footer
 *
 * A thread page (/T/ flat, /t/ nested) shows names and UTC minutes only, no ids:
 *
 *   * Re: [PATCH 5/5] ...                                          <- subject
 *     2024-05-07  6:22 [PATCH 5/5] ... Yan Zhao                   <- tree (see lore-tree.ts)
 *   @ 2024-05-09 14:13 ` Jason Gunthorpe
 *     0 siblings, 1 reply; 64+ messages in thread
 *   From: Jason Gunthorpe @ 2024-05-09 14:13 UTC (permalink / raw)   <- anchor
 *     To: Yan Zhao; +Cc: kvm, linux-kernel
 *   (blank) body ...
 *   ^ permalink raw reply	[flat|nested] 64+ messages in thread     <- footer
 */
import type { ImportWarning } from '../../errors.js';
import { parseMailDate } from '../date.js';
import { parseMessageIds } from '../ids.js';
import { parseSimpleAddress } from '../parse/address.js';
import type { Address, ParsedMessage } from '../types.js';
import { buildMessage, byteOffsets, isoAt, splitLines, tidy } from './build.js';
import { isTreeChrome, parentInTree, type TreeLine } from './lore-tree.js';

const PAGE_DATE = /^Date: (.*?)\s*\[thread overview\]\s*$/;
const PAGE_MID = /^Message-ID: <([^<>\s]+)>\s*\(raw\)\s*$/i;
const ENTRY = /^From: (.*?) @ (\d{4})-(\d{2})-(\d{2}) +(\d{1,2}):(\d{2}) UTC \(permalink \/ raw\)\s*$/;
const PAGE_FIELD = /^(From|To|Cc|Subject|Date|Message-ID|In-Reply-To|References): ?(.*)$/i;
/** Where a message's text ends: the permalink line, the page's nav line, the tree or reply help below it. */
const FOOTER =
  /^(?:\^ permalink raw reply\b|\s*(?:next|prev|parent)(?:\s+(?:next|prev|parent))*\s+reply\b|.*\bother threads:\[~|Thread overview:|Reply instructions:|This is a public inbox, see )/;

interface Found {
  kind: 'page' | 'entry';
  /** First line of the block (headers, or subject and tree for an entry). */
  start: number;
  /** The anchor line. */
  anchor: number;
}

/** Line indexes of every message block, in page order. */
function findBlocks(lines: readonly string[]): Found[] {
  const out: Found[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (ENTRY.test(l)) {
      let s = i;
      while (s > 0 && isTreeChrome(lines[s - 1] ?? '')) s--;
      if (s > 0 && /^\* \S/.test(lines[s - 1] ?? '')) s--;
      out.push({ kind: 'entry', start: s, anchor: i });
    } else if (PAGE_DATE.test(l) || (PAGE_MID.test(l) && !PAGE_DATE.test(lines[i - 1] ?? ''))) {
      let s = i;
      while (s > 0 && i - s < 80 && /^(?:(?:From|To|Cc|Subject|Date):|[ \t]+\S)/i.test(lines[s - 1] ?? '')) s--;
      out.push({ kind: 'page', start: s, anchor: i });
    }
  }
  return out;
}

/** lore's message blocks start at these lines (for splitting files that hold several kinds of page). */
export function loreStarts(lines: readonly string[]): number[] {
  return findBlocks(lines).map((b) => b.start);
}

export function looksLikeLore(lines: readonly string[]): boolean {
  return findBlocks(lines).length > 0;
}

function address(value: string): Address {
  const a = parseSimpleAddress(value);
  if (a) return a;
  const name = value
    .replace(/<[^>]*>/g, '')
    .replace(/"/g, '')
    .trim();
  return { name: name || null, email: null };
}

/** Header fields of a message page, continuation lines joined; `end` is the first body line. */
function pageFields(lines: readonly string[], start: number): { fields: Map<string, string>; end: number } {
  const fields = new Map<string, string>();
  let last = '';
  let i = start;
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const f = PAGE_FIELD.exec(l);
    if (f) {
      last = (f[1] ?? '').toLowerCase();
      if (!fields.has(last)) fields.set(last, f[2] ?? '');
    } else if (/^[ \t]+\S/.test(l) && last) {
      fields.set(last, `${fields.get(last) ?? ''} ${l.trim()}`);
    } else break;
  }
  if ((lines[i] ?? '').trim() === '') i++;
  return { fields, end: i };
}

/** First body line of a thread entry: after the "  To: / Cc:" lines that follow the anchor. */
function entryBodyStart(lines: readonly string[], anchor: number): number {
  let i = anchor + 1;
  while (i < lines.length && /^[ \t]+\S/.test(lines[i] ?? '')) i++;
  if ((lines[i] ?? '').trim() === '') i++;
  return i;
}

interface Pending {
  offset: number;
  messageId: string | null;
  inReplyTo: string[];
  subject: string;
  from: Address;
  date: string | null;
  body: string;
  /** A dated tree line naming the parent, resolved once every message of the page is known. */
  parentLine: Extract<TreeLine, { kind: 'message' }> | null;
  minute: string | null;
  warnings: ImportWarning[];
}

export function parseLore(text: string, file: string): { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  const { lines, starts } = splitLines(text);
  const toByte = byteOffsets(text);
  const blocks = findBlocks(lines);
  const warnings: ImportWarning[] = [];
  const pending: Pending[] = [];
  let lastSubject = '';
  blocks.forEach((b, n) => {
    const limit = blocks[n + 1]?.start ?? lines.length;
    const offset = toByte(starts[b.start] ?? 0);
    const msgWarnings: ImportWarning[] = [];
    let p: Pending;
    if (b.kind === 'page') {
      const { fields, end } = pageFields(lines, b.start);
      const dateText = (fields.get('date') ?? '').replace(/\s*\[thread overview\]\s*$/, '');
      const date = parseMailDate(dateText);
      if (!date) msgWarnings.push({ file, offset, message: `lore: unparseable date "${dateText.slice(0, 80)}"` });
      const ids = parseMessageIds(fields.get('message-id') ?? '');
      const irt = parseMessageIds(fields.get('in-reply-to') ?? '');
      const refs = parseMessageIds(fields.get('references') ?? '');
      p = {
        offset,
        messageId: ids[0] ?? null,
        inReplyTo: irt.length > 0 ? irt : refs.slice(-1),
        subject: (fields.get('subject') ?? lastSubject).trim(),
        from: address(fields.get('from') ?? ''),
        date,
        body: body(lines, end, limit),
        parentLine: null,
        minute: date ? utcMinute(date) : null,
        warnings: msgWarnings,
      };
    } else {
      const m = ENTRY.exec(lines[b.anchor] ?? '') ?? [];
      const subjectLine = lines[b.start] ?? '';
      const subject = subjectLine.startsWith('* ') ? subjectLine.slice(2).trim() : lastSubject;
      const parent = parentInTree(lines.slice(b.start, b.anchor));
      const wall = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4]), Number(m[5]), Number(m[6]));
      p = {
        offset,
        messageId: null,
        inReplyTo: parent?.kind === 'ghost' ? [parent.messageId] : [],
        subject,
        from: address(m[1] ?? ''),
        date: isoAt(wall, 0),
        body: body(lines, entryBodyStart(lines, b.anchor), limit),
        parentLine: parent?.kind === 'message' ? parent : null,
        minute: `${m[2] ?? ''}-${m[3] ?? ''}-${m[4] ?? ''}T${(m[5] ?? '').padStart(2, '0')}:${m[6] ?? ''}`,
        warnings: msgWarnings,
      };
    }
    lastSubject = p.subject || lastSubject;
    warnings.push(...msgWarnings);
    pending.push(p);
  });
  if (blocks.length === 0) warnings.push({ file, offset: 0, message: 'lore: no message header found' });

  const built: ParsedMessage[] = [];
  for (const p of pending) {
    built.push(
      buildMessage({
        file,
        format: 'lore',
        offset: p.offset,
        messageId: p.messageId,
        inReplyTo: p.inReplyTo,
        subject: p.subject,
        from: p.from,
        date: p.date,
        body: p.body,
        warnings: p.warnings,
      }),
    );
  }
  // Tree lines name the parent by minute and author ("subject author", or the author alone).
  return {
    messages: built.map((m, i) => {
      const line = pending[i]?.parentLine;
      if (!line || m.inReplyTo.length > 0) return m;
      let best = -1;
      let bestScore = -1;
      pending.forEach((q, j) => {
        if (j === i || q.minute !== line.minute || !endsWithName(line.text, q.from.name)) return;
        const s = subjectScore(line.text.slice(0, line.text.length - (q.from.name ?? '').length), q.subject);
        if (s > bestScore) [best, bestScore] = [j, s];
      });
      return best >= 0 ? { ...m, parentHint: built[best]?.key ?? null, parentHintFirm: true } : m;
    }),
    warnings,
  };
}

/** lore's subject_normalized: no "Re:"-style prefixes, blanks squeezed. */
const normal = (s: string): string =>
  s
    .replace(/^(?:\s*(?:re|fwd?|aw|sv)\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/**
 * How well the subject part of a tree line fits a message: 2 the same subject, 1 a part of
 * it (lore shortens a subject its previous line already showed, marking the cut with "),
 * 0 none shown. Tells apart a series' patches sent within one minute.
 */
function subjectScore(shown: string, subject: string): number {
  const s = normal(shown.replace(/^"\s*/, ''));
  if (s === '') return 0;
  const full = normal(subject);
  return s === full ? 2 : full.includes(s) ? 1 : 0;
}

function endsWithName(text: string, name: string | null): boolean {
  return name !== null && name !== '' && (text === name || text.endsWith(` ${name}`));
}

/** "2024-05-09T11:13:32-03:00" -> "2024-05-09T14:13", the minute lore's trees print. */
function utcMinute(iso: string): string | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 16);
}

/** The body from `from` up to the footer or the next block, tidied. */
function body(lines: readonly string[], from: number, limit: number): string {
  let end = from;
  while (end < limit && !FOOTER.test(lines[end] ?? '')) end++;
  return tidy(lines.slice(from, end));
}
