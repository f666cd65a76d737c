/** parseMailDate on its own: RFC 5322 section 3.3, its obsolete forms (4.3), and what mailers really write. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseMailDate } from '../../src/mail/date.js';
import { corpus } from '../patch/corpus.js';

/** Input, then the ISO 8601 reading that keeps the sender's offset (null: refused). */
const CASES: readonly (readonly [string, string | null])[] = [
  // RFC 5322 appendix A.1.1 and A.4
  ['Fri, 21 Nov 1997 09:55:06 -0600', '1997-11-21T09:55:06-06:00'],
  ['Thu, 13 Feb 1969 23:32:54 -0330', '1969-02-13T23:32:54-03:30'],
  ['Tue, 1 Jul 2003 10:52:37 +0200', '2003-07-01T10:52:37+02:00'],
  // A.5 (folding white space and comments): the header arrives unfolded but keeps its line breaks' blanks
  [
    'Thu,\n      13\n        Feb\n          1969\n      23:32\n               -0330 (Newfoundland Time)',
    '1969-02-13T23:32:00-03:30',
  ],
  // A.6.2 obsolete forms: two- and three-digit years, zone names, no seconds
  ['21 Nov 97 09:55:06 GMT', '1997-11-21T09:55:06+00:00'],
  ['Fri, 21 Nov 097 09:55:06 -0600', '1997-11-21T09:55:06-06:00'],
  ['Thu, 9 Mar 23 20:20 EST', '2023-03-09T20:20:00-05:00'],
  ['Thu, 9 Mar 49 20:20:03 PDT', '2049-03-09T20:20:03-07:00'], // 00-49 -> 20xx
  ['Thu, 9 Mar 50 20:20:03 CST', '1950-03-09T20:20:03-06:00'], // 50-99 -> 19xx
  ['9-Mar-2023 20:20:03 +0100', '2023-03-09T20:20:03+01:00'],
  ['Thursday, 9 March 2023 8:05 +0100', '2023-03-09T08:05:00+01:00'],
  // Military zones are unreliable (RFC 5322 4.3): "-0000", unknown; so is no zone at all
  ['Thu, 9 Mar 2023 20:20:03 A', '2023-03-09T20:20:03+00:00'],
  ['Thu, 9 Mar 2023 20:20:03', '2023-03-09T20:20:03+00:00'],
  ['Thu, 9 Mar 2023 20:20:03 -0000', '2023-03-09T20:20:03+00:00'],
  // A comment after the zone, and one inside the date (CFWS may stand between any two tokens)
  ['Thu, 09 Mar 2023 20:20:03 +0000 (UTC)', '2023-03-09T20:20:03+00:00'],
  ['Thu, 9 (a comment) Mar 2023 20:20:03 +0100', '2023-03-09T20:20:03+01:00'],
  // Zone names mailers write though RFC 5322 does not list them, and "GMT+0100", whose number is the offset
  ['Thu, 9 Mar 2023 20:20:03 CET', '2023-03-09T20:20:03+01:00'],
  ['Thu, 9 Jun 2023 20:20:03 CEST', '2023-06-09T20:20:03+02:00'],
  ['Thu, 9 Mar 2023 20:20:03 GMT+0100', '2023-03-09T20:20:03+01:00'],
  ['Thu, 9 Mar 2023 20:20:03 UTC-05:00', '2023-03-09T20:20:03-05:00'],
  // Fractions of a second, a leap second (the minute is kept), ISO 8601 from web archives
  ['9 Mar 2023 20:20:03.123 +0530', '2023-03-09T20:20:03+05:30'],
  ['Sat, 31 Dec 2016 23:59:60 +0000', '2016-12-31T23:59:59+00:00'],
  ['2023-03-09T20:20:03Z', '2023-03-09T20:20:03+00:00'],
  ['2023-03-09 20:20:03 +05:30', '2023-03-09T20:20:03+05:30'],
  // asctime() with a zone, as git log prints it and some tools put in the header
  ['Wed Mar 18 15:33:07 2009 +0800', '2009-03-18T15:33:07+08:00'],
  ['Wed Mar  8 15:33:07 2009', '2009-03-08T15:33:07+00:00'],
  // Refused: days that do not exist, hours past 23, offsets past 14 hours, no month, over-long values
  ['Wed, 29 Feb 2023 10:00:00 +0000', null],
  ['Mon, 31 Apr 2023 10:00:00 +0000', null],
  ['Thu, 9 Mar 2023 24:00:00 +0000', null],
  ['Thu, 9 Mar 2023 20:20:03 +1500', null],
  ['Thu, 9 Foo 2023 20:20:03 +0100', null],
  ['yesterday', null],
  [`Thu, 9 Mar 2023 20:20:03 +0100 ${'('.repeat(1000)}`, null], // past RFC 5322's 998: not read at all
];

describe('parseMailDate', () => {
  for (const [input, expected] of CASES) {
    it(`reads ${JSON.stringify(input.length > 60 ? `${input.slice(0, 57)}...` : input)} as ${expected ?? 'nothing'}`, () => {
      assert.equal(parseMailDate(input), expected);
    });
  }

  it("agrees with JavaScript's Date on the instant of every Date: header in the corpus", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (name.endsWith('.mbox')) files.push(p);
      }
    };
    walk(corpus());
    let seen = 0;
    const wrong: string[] = [];
    for (const file of files) {
      // The Date: line of each message's header block (bodies quote "Date:" lines of their own).
      const headers = readFileSync(file, 'latin1')
        .split(/^From /m)
        .map((m) => m.split(/\n\n/)[0] ?? '');
      for (const m of headers.flatMap((h) => [...h.matchAll(/^Date: (.+)$/gim)])) {
        const value = m[1] ?? '';
        const ours = parseMailDate(value);
        const js = Date.parse(value);
        // perceval's "Invalid date" fixture, which Date reads because it reads anything with a date inside
        if (Number.isNaN(js) || value.startsWith('RANDOM_')) continue;
        seen++;
        if (ours === null || Date.parse(ours) !== js - (js % 1000)) wrong.push(`${value} -> ${ours}`);
      }
    }
    assert.ok(seen > 1000, `${seen} dates read`);
    assert.deepEqual(wrong, []);
  });
});
