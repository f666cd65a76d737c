/**
 * Plugin: find attribution lines ("On <date>, <name> wrote:", "<name> wrote:",
 * Outlook "From: / Sent:" blocks), mark them, and give every block the voice
 * it belongs to: the message author at depth 0, the attributed author deeper,
 * an unnamed voice (name null) where no attribution names the quote.
 */
import type { Plugin } from 'unified';
import type { VFile } from 'vfile';
import { cleanName } from '../mail/names.js';
import { localIso, parseWhen, type When } from '../mail/date.js';
import { HEADER_FROM, outlookHeaderAt } from './outlook.js';
import { mapProse } from './regroup.js';
import type { BlockRole, MailRoot, Voice } from './types.js';

// English, German, French and Spanish clients: "El 2019-11-18 19:34, Pablo Neira Ayuso escribió:".
// Zimbra writes "----- On Jan 21, 2020, at 12:20 PM, Jann Horn jannh@google.com wrote:".
const ON_WROTE =
  /^(?:-{2,}\s*)?(?:On|Am|Le|El)\s+(.{4,200}?)\s*(?:wrote|writes|said|schrieb|a écrit|escribió)\s*:\s*$/i;
const NAME_WROTE = /^([^:>]{2,100}?)\s+(?:wrote|writes)\s*:\s*$/i;
const QUOTING = /^Quoting\s+(.{2,100}?)\s*(?:\((.{4,60})\))?\s*:\s*$/i;
const OUTLOOK_SENT = /^(?:Sent|Date|Gesendet|Envoyé|Enviado|Inviato|发送时间)\s*:\s*(.{4,80})$/;

export interface Attribution {
  readonly name: string | null;
  readonly email: string | null;
  /** The date as read, zone known or not (threading matches it against candidates' dates). */
  readonly when: When | null;
  /** The same as the writer's wall clock (localIso). */
  readonly date: string | null;
}

/** Split "Sat, Jun 01, 2024 at 04:46:14PM -0300, Jason Gunthorpe" into date text and name. */
function splitOnLine(inner: string, dashedDays: boolean): { dateText: string; nameText: string } {
  // Read the date as a whole first: Gmail writes "Thu, Jun 3, 2021 at 2:00 PM Anup Patel <..>" with no
  // comma before the name, and "Tian, Kevin" has a comma inside it, so commas alone cannot tell where the
  // date ends (cutting at them named the speaker "at 2:00 PM Anup Patel", or "Kevin").
  // A time or date left after the date means it was not read whole ("2019/11/20 下午6:18, Auger Eric"), or
  // two attribution lines ran together: then the comma rule below, which takes the part after the last digit.
  const dateLength = parseWhen(inner, dashedDays)?.length ?? 0;
  const rest = inner.slice(dateLength).replace(/^[\s,]+/, '');
  const split = { dateText: inner.slice(0, dateLength), nameText: rest };
  if (dateLength > 0 && !/\d:\d\d|\d{4}|\d[/.]\d/.test(rest.replace(/<[^<>]*>|\S+@\S+/g, ''))) return split;
  const parts = inner.split(/,\s*/);
  let i = parts.length;
  // Names carry no digits; a "Last, First" name is two such parts.
  while (i > 0 && !/\d/.test(parts[i - 1] ?? '')) i--;
  if (i < parts.length && i > 0) return { dateText: parts.slice(0, i).join(', '), nameText: parts.slice(i).join(', ') };
  return dateLength > 0 ? split : { dateText: '', nameText: inner };
}

/**
 * Bound (time): the longest line read as an attribution. Real ones stay under 300 characters;
 * the patterns' lazy name groups between \s runs backtrack over a long run of blanks.
 */
const MAX_ATTRIBUTION_CHARS = 1000;

/**
 * Who and when from the inside of "On <date>, <name> wrote:" (without "On " and " wrote:").
 * The one reading of an attribution's date and speaker: the body reader's voices and threading's
 * reconstructed voices both come from it. `dashedDays`: see parseWhen.
 */
export function readOnWrote(inner: string, dashedDays = true): Attribution {
  const { dateText, nameText } = splitOnLine(inner, dashedDays);
  const { name, email } = cleanName(nameText);
  return { name, email, ...dated(dateText, dashedDays) };
}

function dated(text: string, dashedDays: boolean): { when: When | null; date: string | null } {
  const when = parseWhen(text, dashedDays)?.when ?? null;
  return { when, date: when === null ? null : localIso(when) };
}

export function parseAttributionLine(line: string, dashedDays = true): Attribution | null {
  if (line.length > MAX_ATTRIBUTION_CHARS) return null;
  const on = ON_WROTE.exec(line);
  if (on !== null) return readOnWrote(on[1] ?? '', dashedDays);
  const q = QUOTING.exec(line);
  if (q !== null) {
    const { name, email } = cleanName(q[1] ?? '');
    return { name, email, ...(q[2] !== undefined ? dated(q[2], dashedDays) : { when: null, date: null }) };
  }
  const nw = NAME_WROTE.exec(line);
  if (nw !== null && !/^(?:you|he|she|they|i|we|someone)$/i.test((nw[1] ?? '').trim())) {
    const { name, email } = cleanName(nw[1] ?? '');
    if (name !== null && name.split(' ').length > 5) return null;
    return { name, email, when: null, date: null };
  }
  return null;
}

function voiceOf(a: Attribution): Voice {
  return { name: a.name, email: a.email, date: a.date, attributed: true };
}

const UNNAMED: Voice = { name: null, email: null, date: null, attributed: true };

const mailAttribution: Plugin<[], MailRoot> = function () {
  return (tree: MailRoot, file: VFile): void => {
    // Which depth each attribution names: "On .. wrote:" at depth d names depth d+1,
    // an Outlook header block at depth d names what follows it at depth d.
    const named = new Map<number, Voice>();
    mapProse(tree, (block) => {
      const roles: BlockRole[] = block.lines.map(() => 'prose');
      const lines = block.lines;
      const texts = lines.map((l) => l.text);
      for (let i = 0; i < lines.length; i++) {
        const text = (lines[i]?.text ?? '').trim();
        if (text === '') continue;
        const next = (lines[i + 1]?.text ?? '').trim();
        // "On Thu, May 09, 2024 at 11:13:32AM -0300, Jason Gunthorpe\nwrote:" wraps.
        // Every attribution form ends in ':' (cheap to test on each line; the patterns are not).
        const colon = text.endsWith(':');
        const joined =
          !colon &&
          next.endsWith(':') &&
          /^(?:-{2,}\s*)?(?:On|Am|Le|El)\s/.test(text) &&
          /(?:wrote|writes|schrieb|écrit|escribió)\s*:$/i.test(next)
            ? `${text} ${next}`
            : null;
        const a = colon || joined !== null ? parseAttributionLine(joined ?? text) : null;
        if (a !== null) {
          roles[i] = 'attribution';
          if (joined !== null) roles[++i] = 'attribution';
          continue;
        }
        // An Outlook header block, wrapped Cc: and Subject: lines and the separator above it included.
        const header = outlookHeaderAt(texts, i, true);
        if (header !== null) {
          for (let j = header.start; j <= header.end; j++) roles[j] = 'attribution';
          i = header.end;
        }
      }
      return roles;
    });
    const author = file.data.mailContext?.author ?? { name: null, email: null, date: null, attributed: false };
    for (const block of tree.children) {
      if (block.role === 'attribution') {
        const first = block.lines.map((l) => l.text.trim()).join(' ');
        const on = parseAttributionLine(first);
        if (on !== null) {
          named.set(block.depth + 1, voiceOf(on));
          for (const d of [...named.keys()]) if (d > block.depth + 1) named.delete(d);
        } else {
          const fromLine = block.lines.find((l) => HEADER_FROM.test(l.text.trim()));
          const sentLine = block.lines.find((l) => OUTLOOK_SENT.test(l.text.trim()));
          const who = cleanName(HEADER_FROM.exec(fromLine?.text.trim() ?? '')?.[1] ?? '');
          const when = OUTLOOK_SENT.exec(sentLine?.text.trim() ?? '')?.[1] ?? '';
          named.set(block.depth, { name: who.name, email: who.email, date: dated(when, true).date, attributed: true });
        }
      }
      block.voice = block.depth === 0 ? author : (named.get(block.depth) ?? UNNAMED);
    }
  };
};
export default mailAttribution;
