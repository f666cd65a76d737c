/**
 * Text of hypermail pages (lkml.iu.edu): per message a subject line, then "From: Name"
 * and "Date: Wed Jun 05 2024 - 22:49:28 EST", then the body, then the list footer.
 *
 *   Re: [PATCH 3/5] x86/mm: ...        <- subject
 *   (blank)?
 *   From: Yan Zhao                      <- name only; hypermail hides addresses
 *   Date: Wed Jun 05 2024 - 22:49:28 EST
 *   body ...
 *   --
 *   To unsubscribe from this list: ...  <- footer, dropped
 *
 * A whole saved page also carries hypermail's navigation above and below the body:
 *
 *   Next message: Alex Williamson: "Re: [PATCH 4/5] ..."
 *   In reply to: Alex Williamson: "Re: [PATCH 4/5] ..."   <- names the parent, if it is in the file
 *   Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]
 */
import type { ImportWarning } from '../../errors.js';
import { stripNameQuotes } from '../names.js';
import type { ParsedMessage } from '../types.js';
import { monthNumber } from '../date.js';
import { buildMessage, byteOffsets, isoAt, tidy } from './build.js';

const DATE =
  /^Date:\s+(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{4})\s+-\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s+([A-Z]{2,5}|[+-]\d{4}))?\s*$/;
const FROM = /^From:\s*(.*)$/;

/** Header of one message: the line indexes of its subject, From: and Date: lines. */
interface Head {
  subject: number;
  from: number;
  date: number;
}

/** Finds every "subject / From: / Date:" triple (the subject may be followed by one blank line). */
function findHeads(lines: readonly string[]): Head[] {
  const heads: Head[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!DATE.test(lines[i] ?? '') || !FROM.test(lines[i - 1] ?? '')) continue;
    let s = i - 2;
    if (s >= 0 && (lines[s] ?? '').trim() === '') s--;
    if (s < 0 || (lines[s] ?? '').trim() === '') continue;
    heads.push({ subject: s, from: i - 1, date: i });
  }
  return heads;
}

export function hypermailStarts(lines: readonly string[]): number[] {
  return findHeads(lines).map((h) => h.subject);
}

const NAV =
  /^\s*(?:[\u2022*-]\s*)?(?:Next message|Previous message|In reply to|Also in reply to|Next in thread|Reply|Maybe reply|Messages sorted by):\s/;
const IN_REPLY_TO = /^\s*(?:[\u2022*-]\s*)?In reply to:\s+(.+?):\s+"(.*)"\s*$/;

/** Removes hypermail's navigation lines at both ends of a body; returns the "In reply to" target. */
function dropNav(lines: string[]): { lines: string[]; replyTo: { name: string; subject: string } | null } {
  let a = 0;
  let b = lines.length;
  let replyTo: { name: string; subject: string } | null = null;
  let seen = false;
  const skip = (l: string): boolean => {
    const r = IN_REPLY_TO.exec(l);
    if (r && !replyTo) replyTo = { name: (r[1] ?? '').trim(), subject: (r[2] ?? '').trim() };
    if (NAV.test(l)) seen = true;
    return NAV.test(l) || l.trim() === '';
  };
  while (a < b && skip(lines[a] ?? '')) a++;
  while (b > a && skip(lines[b - 1] ?? '')) b--;
  // Bodies of pages without navigation (the seeds) stay exactly as they were.
  return { lines: seen ? lines.slice(a, b) : lines, replyTo };
}

export function looksLikeHypermail(text: string): boolean {
  const head = text.slice(0, 4000).split(/\r?\n/, 12);
  return findHeads(head).length > 0;
}

/**
 * lkml.iu.edu labels every date "EST" but prints US Eastern wall-clock time, daylight
 * saving included (a +0800 mail sent 10:49 on Jun 6 shows as "Jun 05 2024 - 22:49:28 EST").
 */
function easternOffset(wall: number): number {
  // The zone's offset at (about) that instant; DST changes at 02:00 local are close enough here.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(wall + 5 * 3600_000));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT-05:00';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : -300;
}

function parseDate(line: string): string | null {
  const m = DATE.exec(line);
  if (!m) return null;
  const month = monthNumber(m[1] ?? '');
  if (month === null) return null;
  const mo = month - 1;
  const wall = Date.UTC(Number(m[3]), mo, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]));
  const zone = m[7] ?? 'EST';
  const num = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  let offset: number;
  if (num) offset = (num[1] === '-' ? -1 : 1) * (Number(num[2]) * 60 + Number(num[3]));
  else if (zone === 'EST' || zone === 'EDT') offset = easternOffset(wall);
  else if (zone === 'UTC' || zone === 'GMT') offset = 0;
  else return null;
  return isoAt(wall, offset);
}

/** Drops the vger footer ("--" / "To unsubscribe from this list: ..." / FAQ link) at the end of a body. */
function dropFooter(lines: string[]): string[] {
  for (let i = lines.length - 1; i >= 0 && i >= lines.length - 12; i--) {
    if (/^To unsubscribe from this list/i.test(lines[i] ?? '')) {
      let cut = i;
      while (cut > 0 && /^(--\s*|\s*)$/.test(lines[cut - 1] ?? '')) {
        cut--;
        if (/^--\s*$/.test(lines[cut] ?? '')) break;
      }
      return lines.slice(0, cut);
    }
  }
  return lines;
}

export function parseHypermail(text: string, file: string): { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  // Split keeping exact character positions, so offsets are true byte offsets.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const starts: number[] = [];
  let pos = 0;
  for (const raw of text.split('\n')) {
    starts.push(pos);
    pos += raw.length + 1;
  }
  const toByte = byteOffsets(text);
  const heads = findHeads(lines);
  const messages: ParsedMessage[] = [];
  const replyTos: ({ name: string; subject: string } | null)[] = [];
  const warnings: ImportWarning[] = [];
  heads.forEach((h, n) => {
    const next = heads[n + 1];
    const end = next ? next.subject : lines.length;
    const offset = toByte(starts[h.subject] ?? 0);
    const dateLine = lines[h.date] ?? '';
    const date = parseDate(dateLine);
    const msgWarnings: ImportWarning[] = [];
    if (!date) msgWarnings.push({ file, offset, message: `hypermail: unparseable date "${dateLine.slice(6, 80)}"` });
    // Hypermail hides addresses ("<yan.y.zhao@xxxxxxxxx>"): keep one only when it is whole.
    const fromText = (FROM.exec(lines[h.from] ?? '')?.[1] ?? '').trim();
    const addr = /<([^<>\s]+@[^<>\s]+)>/.exec(fromText)?.[1] ?? null;
    const email = addr && !/x{4,}/i.test(addr) ? addr : null;
    const name = stripNameQuotes(fromText.replace(/<[^>]*>/g, '')).trim();
    const nav = dropNav(lines.slice(h.date + 1, end));
    replyTos.push(nav.replyTo);
    const body = tidy(dropFooter(nav.lines));
    warnings.push(...msgWarnings);
    messages.push(
      buildMessage({
        file,
        format: 'hypermail',
        offset,
        messageId: null,
        subject: (lines[h.subject] ?? '').trim(),
        from: { name: name || null, email },
        date,
        body,
        warnings: msgWarnings,
      }),
    );
  });
  if (heads.length === 0)
    warnings.push({ file, offset: 0, message: 'hypermail: no "From:/Date:" message header found' });
  // Several pages saved into one file: "In reply to" names the parent by author and subject.
  // Several replies can share author and subject: take the latest one sent before the reply.
  const at = (m: ParsedMessage): number => (m.date ? Date.parse(m.date) : 0);
  const linked = messages.map((m, i) => {
    const r = replyTos[i];
    if (!r) return m;
    const named = messages.filter((q) => q !== m && q.from.name === r.name && q.subject === r.subject);
    const before = named.filter((q) => at(q) <= at(m)).sort((a, b) => at(b) - at(a));
    // the link behind "In reply to" is lost in text: among namesakes, the one whose words it quotes
    const quoted = m.body
      .split('\n')
      .filter((l) => /^>\s?[^>]/.test(l))
      .map((l) => l.replace(/^>\s?/, '').trim())
      .filter((l) => l.length > 20);
    const score = (q: ParsedMessage): number => quoted.filter((l) => q.body.includes(l)).length;
    const p = (before.length > 1 ? before.slice().sort((a, b) => score(b) - score(a))[0] : before[0]) ?? named[0];
    return p ? { ...m, parentHint: p.key, parentHintFirm: true } : m;
  });
  return { messages: linked, warnings };
}
