/**
 * Text of marc.info message pages: a block of padded labels, addresses obfuscated
 * ("@" as " () ", dots of the domain as " ! "), the date without a zone:
 *
 *   [prev in list] [next in list] [prev in thread] [next in thread]
 *   List:       linux-kernel                        <- anchor
 *   Subject:    Re: [PATCH 5/5] iommufd: ...
 *   From:       Jason Gunthorpe <jgg () nvidia ! com>
 *   Date:       2024-05-09 14:13:32                 <- read as UTC
 *   Message-ID: 20240509141332.GP4650 () nvidia ! com
 *   [Download RAW message or body]
 *   body ...
 *   [prev in list] [next in list] [prev in thread] [next in thread]   <- footer
 *   Configure | About | News | Add a list | Sponsored by KoreLogic
 *
 * A copy that lost the line breaks puts the block on one line ("List: linux-kernel
 * Subject: ... From: ... Date: ..."); that form is read too.
 */
import type { ImportWarning } from '../../errors.js';
import { parseSimpleAddress } from '../parse/address.js';
import type { Address, ParsedMessage } from '../types.js';
import { buildMessage, footerAt, readPages, isoAt, nameAndAddress, tidy } from './build.js';

const LIST = /^List:\s+\S+\s*$/;
const FIELD = /^(Subject|From|Date|Message-ID):\s+(.*)$/;
const ONE_LINE =
  /^List:\s+\S+\s+Subject:\s+(.*?)\s+From:\s+(.*?)\s+Date:\s+(\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?)(?:\s+Message-ID:\s+(.+?))?\s*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const FOOTER = /^\s*(?:\[prev in list\] \[next in list\]|Configure \| About \| News)/;

interface Head {
  start: number;
  bodyFrom: number;
  fields: Map<string, string>;
}

function findHeads(lines: readonly string[]): Head[] {
  const heads: Head[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    const one = ONE_LINE.exec(l);
    if (one) {
      const fields = new Map([
        ['Subject', one[1] ?? ''],
        ['From', one[2] ?? ''],
        ['Date', one[3] ?? ''],
      ]);
      if (one[4]) fields.set('Message-ID', one[4]);
      heads.push({ start: i, bodyFrom: i + 1, fields });
      continue;
    }
    if (!LIST.test(l)) continue;
    const fields = new Map<string, string>();
    let j = i + 1;
    for (; j < lines.length && j <= i + 5; j++) {
      const f = FIELD.exec(lines[j] ?? '');
      if (!f) break;
      fields.set(f[1] ?? '', (f[2] ?? '').trim());
    }
    if (!fields.has('From') || !DATE.test(fields.get('Date') ?? '')) continue;
    heads.push({ start: i, bodyFrom: j, fields });
    i = j - 1;
  }
  return heads;
}

export function marcStarts(lines: readonly string[]): number[] {
  return findHeads(lines).map((h) => h.start);
}

/** "jgg () nvidia ! com" -> "jgg@nvidia.com". */
function unobfuscate(s: string): string {
  return s.replace(/ \(\) /g, '@').replace(/ ! /g, '.');
}

function address(value: string): Address {
  const v = unobfuscate(value);
  const a = parseSimpleAddress(v);
  if (a) return a;
  return { name: nameAndAddress(v).name, email: null };
}

export function parseMarc(text: string, file: string): { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  return readPages(
    text,
    file,
    'marc: no "List: / Subject: / From: / Date:" block found',
    findHeads,
    ({ head: h, lines, limit, offset }) => {
      let from = h.bodyFrom;
      while (from < limit && /^\s*(?:\[Download (?:RAW )?message or body\])?\s*$/.test(lines[from] ?? '')) from++;
      const end = footerAt(lines, from, limit, FOOTER);
      const d = DATE.exec(h.fields.get('Date') ?? '');
      const date = d
        ? isoAt(
            Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(d[4]), Number(d[5]), Number(d[6] ?? 0)),
            0,
          )
        : null;
      const rawId = unobfuscate(h.fields.get('Message-ID') ?? '')
        .replace(/^<|>$/g, '')
        .trim();
      return buildMessage({
        file,
        format: 'marc',
        offset,
        messageId: /^[^\s<>@]+@[^\s<>@]+$/.test(rawId) ? rawId : null,
        subject: h.fields.get('Subject') ?? '',
        from: address(h.fields.get('From') ?? ''),
        date,
        body: tidy(lines.slice(from, end)),
      });
    },
  );
}
