/**
 * Text of lists.openwall.net pages (blists): a nav line, then the mail's headers in a
 * fixed order ending with Subject, addresses cut to "user@...domain.com", then the body.
 * Seen in the wild, e.g. https://lists.openwall.net/linux-kernel/2015/03/18/835:
 *
 *   [<prev] [next>] [<thread-prev] [thread-next>] [day] [month] [year] [list]
 *   Message-ID: <5509DAA4.10901@message-id.googlemail.com>       <- anchor
 *   Date: Wed, 18 Mar 2015 21:05:56 +0100
 *   From: Stefan Seyfried <stefan.seyfried@...glemail.com>
 *   To: Andy Lutomirski <luto@...capital.net>,
 *   Linus Torvalds <torvalds@...ux-foundation.org>                <- a wrapped To, no indent
 *   Subject: Re: PANIC: double fault, ...                         <- last header
 *   body ...
 *   Powered by blists - more mailing lists                        <- footer
 */
import type { ImportWarning } from '../../errors.js';
import { parseMailDate } from '../date.js';
import { parseMessageIds } from '../ids.js';
import type { ParsedMessage } from '../types.js';
import { buildMessage, footerAt, readPages, nameAndAddress, tidy } from './build.js';

const NAV = /^\s*\[(?:&lt;|<)?(?:prev|next)/;
const NAV_TAIL = /\[day\]\s*\[month\]\s*\[year\]\s*\[list\]\s*$/;
const MID = /^Message-ID: <[^<>\s]+>\s*$/i;
const FOOTER = /^\s*(?:Powered by blists\b|\[(?:<|&lt;)?(?:prev|next).*\[list\]\s*$)/;

interface Head {
  start: number;
  bodyFrom: number;
  fields: Map<string, string>;
}

function findHeads(lines: readonly string[]): Head[] {
  const heads: Head[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!MID.test(lines[i] ?? '')) continue;
    let p = i - 1;
    while (p > 0 && (lines[p] ?? '').trim() === '') p--;
    const nav = lines[p] ?? '';
    if (!NAV.test(nav) || !NAV_TAIL.test(nav)) continue;
    const fields = new Map<string, string>();
    let last = '';
    let j = i;
    for (; j < lines.length && j < i + 40; j++) {
      const l = lines[j] ?? '';
      const f = /^(Message-ID|Date|From|To|CC|Subject|In-Reply-To|References):\s?(.*)$/i.exec(l);
      if (f) {
        last = (f[1] ?? '').toLowerCase();
        fields.set(last, (f[2] ?? '').trim());
        if (last === 'subject') {
          j++;
          break;
        }
      } else if (last && l.trim() !== '') fields.set(last, `${fields.get(last) ?? ''} ${l.trim()}`);
    }
    if (!fields.has('subject') || !fields.has('date')) continue;
    heads.push({ start: p, bodyFrom: j, fields });
  }
  return heads;
}

export function openwallStarts(lines: readonly string[]): number[] {
  return findHeads(lines).map((h) => h.start);
}

export function parseOpenwall(text: string, file: string): { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  const missing = 'openwall: no "Message-ID / Date / From / Subject" block found';
  return readPages(text, file, missing, findHeads, ({ head: h, lines, limit, offset }) => {
    const end = footerAt(lines, h.bodyFrom, limit, FOOTER);
    const who = nameAndAddress(h.fields.get('from') ?? '');
    return buildMessage({
      file,
      format: 'openwall',
      offset,
      messageId: parseMessageIds(h.fields.get('message-id') ?? '')[0] ?? null,
      inReplyTo: parseMessageIds(h.fields.get('in-reply-to') ?? ''),
      subject: h.fields.get('subject') ?? '',
      // blists cuts addresses ("user@...domain.com"): keep one only when it is whole.
      from: { name: who.name, email: who.email?.includes('@...') === true ? null : who.email },
      date: parseMailDate(h.fields.get('date') ?? ''),
      body: tidy(lines.slice(h.bodyFrom, end)),
    });
  });
}
