/**
 * Text of lkml.org message pages. The page is a table: the thread's names on the left
 * ("Messages in this thread"), and the mail as label / value cells, which a browser
 * copies as "Label<TAB>value" lines, the address stripped to "<>":
 *
 *   Messages in this thread ...              <- names only: not enough to thread by
 *   Date	Thu, 9 May 2024 11:13:32 -0300     <- the mail's own Date header, offset kept
 *   From	Jason Gunthorpe <>
 *   Subject	Re: [PATCH 5/5] iommufd: ...
 *   share                                    <- optional
 *   body ...
 *   Last update: 2024-05-09 16:15    [W:0.1 / U:0.4 seconds]   <- footer
 *   ©2003-2020 Jasper Spaans|hosted at Digital Ocean ...
 */
import type { ImportWarning } from '../../errors.js';
import { parseMailDate } from '../date.js';
import type { ParsedMessage } from '../types.js';
import { buildMessage, footerAt, readPages, nameAndAddress, tidy } from './build.js';

const FIELD = /^(Date|From|Subject)(?:\t+| {2,}|:\t)\s*(.*)$/;
const FOOTER =
  /^\s*(?:Last update: \d{4}-\d{2}-\d{2}|©\d{4}-\d{4} Jasper Spaans|\[lkml\]\s+\[\d{4}\]|Messages in this thread\s*$)/;

interface Head {
  start: number;
  end: number;
  date: string;
  from: string;
  subject: string;
}

/** Every "Date / From / Subject" triple (any order, consecutive lines). */
function findHeads(lines: readonly string[]): Head[] {
  const heads: Head[] = [];
  for (let i = 0; i + 2 < lines.length; i++) {
    const got = new Map<string, string>();
    for (let k = 0; k < 3; k++) {
      const f = FIELD.exec(lines[i + k] ?? '');
      if (f) got.set(f[1] ?? '', (f[2] ?? '').trim());
    }
    if (got.size !== 3) continue;
    // lkml.org prints an address-free "Name <>"; requiring a parseable date keeps prose out.
    const date = got.get('Date') ?? '';
    if (!parseMailDate(date)) continue;
    heads.push({ start: i, end: i + 3, date, from: got.get('From') ?? '', subject: got.get('Subject') ?? '' });
    i += 2;
  }
  return heads;
}

export function lkmlOrgStarts(lines: readonly string[]): number[] {
  return findHeads(lines).map((h) => h.start);
}

export function parseLkmlOrg(text: string, file: string): { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  return readPages(
    text,
    file,
    'lkml.org: no "Date / From / Subject" block found',
    findHeads,
    ({ head: h, lines, limit, offset }) => {
      let from = h.end;
      while (from < limit && /^\s*(?:share(?:\s+\d+)?|\u00a0)?\s*$/.test(lines[from] ?? '')) from++;
      let end = footerAt(lines, from, limit, FOOTER);
      // the blank table cells above the footer copy as lines holding a no-break space
      while (end > from && /^[\s\u00a0]*$/.test(lines[end - 1] ?? '')) end--;
      return buildMessage({
        file,
        format: 'lkml-org',
        offset,
        messageId: null,
        subject: h.subject,
        from: nameAndAddress(h.from),
        date: parseMailDate(h.date),
        body: tidy(lines.slice(from, end)),
      });
    },
  );
}
