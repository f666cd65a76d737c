/** parseWhen on its own (src/mail/date.ts): the dates mail clients write inside attribution lines, zone or no zone. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAttributions, splitQuoted } from '../../src/thread/attribution.js';
import { isoOf, parseWhen } from '../../src/mail/date.js';

/**
 * Input, then what parseWhen reads at its start: the wall clock (ISO, written with +00:00 when
 * the zone is unknown), the offset in minutes (null: the text did not say), whether only a day
 * was given, and the characters the date took. null: no date there.
 */
type Reading = readonly [iso: string, offset: number | null, dayOnly: boolean, used: string];
const CASES: readonly (readonly [string, Reading | null])[] = [
  // mutt; Outlook (no zone); Gmail's "at"; Evolution's ISO day
  [
    'Tue, May 21, 2024 at 01:00:16PM -0300',
    ['2024-05-21T13:00:16-03:00', -180, false, 'Tue, May 21, 2024 at 01:00:16PM -0300'],
  ],
  ['Thursday, May 16, 2024 10:33 AM', ['2024-05-16T10:33:00+00:00', null, false, 'Thursday, May 16, 2024 10:33 AM']],
  ['Tue, 21 May 2024 at 13:00, Ann wrote', ['2024-05-21T13:00:00+00:00', null, false, 'Tue, 21 May 2024 at 13:00']],
  ['Thu, 2022-06-23 at 19:44 -0700', ['2022-06-23T19:44:00-07:00', -420, false, 'Thu, 2022-06-23 at 19:44 -0700']],
  ['2024-05-21T13:00Z', ['2024-05-21T13:00:00+00:00', 0, false, '2024-05-21T13:00Z']],
  // Midnight and noon on a 12-hour clock
  ['May 16, 2024 at 12:05 AM', ['2024-05-16T00:05:00+00:00', null, false, 'May 16, 2024 at 12:05 AM']],
  ['May 16, 2024 at 12:05 p.m.', ['2024-05-16T12:05:00+00:00', null, false, 'May 16, 2024 at 12:05 p.m.']],
  // Zone names (the table Date: headers use) and the number that says more than the name
  [
    'Thu, May 16, 2024 at 10:32 CET, Juan Perez',
    ['2024-05-16T10:32:00+01:00', 60, false, 'Thu, May 16, 2024 at 10:32 CET'],
  ],
  [
    'Sat, 29 May 2021 17:30:18 PDT (-0700), Palmer',
    ['2021-05-29T17:30:18-07:00', -420, false, 'Sat, 29 May 2021 17:30:18 PDT (-0700)'],
  ],
  ['Tue, 21 May 2024 13:00 +0000 (UTC)', ['2024-05-21T13:00:00+00:00', 0, false, 'Tue, 21 May 2024 13:00 +0000 (UTC)']],
  // An offset no zone has is no zone
  ['Tue, 21 May 2024 13:00 +9999', ['2024-05-21T13:00:00+00:00', null, false, 'Tue, 21 May 2024 13:00 +9999']],
  // Numeric days: day first unless it cannot be; two-digit years; Thunderbird in Chinese locales
  ['29/09/15 15:32', ['2015-09-29T15:32:00+00:00', null, false, '29/09/15 15:32']],
  ['5/21/2024, 1:00 PM', ['2024-05-21T13:00:00+00:00', null, false, '5/21/2024, 1:00 PM']],
  ['2019/11/20 下午6:18', ['2019-11-20T18:18:00+00:00', null, false, '2019/11/20 下午6:18']],
  // Michal Hocko's and Vinod Koul's mutt: day-month-year with dashes
  ['Thu 16-05-19 11:42:29, Oleksandr Natalenko', ['2019-05-16T11:42:29+00:00', null, false, 'Thu 16-05-19 11:42:29']],
  ['19-06-20, 16:31, Dave Jiang', ['2020-06-19T16:31:00+00:00', null, false, '19-06-20, 16:31']],
  // A capitalised name after the time is no zone (only the zone table's names are)
  ['Thu, May 16, 2024 at 10:32 KP Singh', ['2024-05-16T10:32:00+00:00', null, false, 'Thu, May 16, 2024 at 10:32']],
  // The day only
  ['Mon, 1 Jan 2024, Ann wrote', ['2024-01-01T00:00:00+00:00', null, true, 'Mon, 1 Jan 2024']],
  // Other languages' "at": German "Am 21.05.24 um 13:00 schrieb", Spanish "a las"
  ['21.05.24 um 13:00 schrieb', ['2024-05-21T13:00:00+00:00', null, false, '21.05.24 um 13:00']],
  ['jue, 16 may 2024 a las 10:32, Juan', ['2024-05-16T10:32:00+00:00', null, false, 'jue, 16 may 2024 a las 10:32']],
  // Days that do not exist are no dates (Date.UTC would roll them into the next month)
  ['30/02/2024 10:00', null],
  ['31.04.2024 10:00', null],
  ['Wed, Feb 29, 2023 at 1:00 PM', null],
  ['13/13/2024 10:00', null],
  ['12:30 AM', null],
];

describe('parseWhen', () => {
  for (const [input, expected] of CASES) {
    it(`reads ${JSON.stringify(input)} as ${expected === null ? 'no date' : expected[0]}`, () => {
      const p = parseWhen(input);
      const got = p === null ? null : [isoOf(p.when, null), p.when.offset, p.when.dayOnly, input.slice(0, p.length)];
      assert.deepEqual(got, expected);
    });
  }

  it('names the voice of a Spanish attribution line, not "a las 10:32, Juan Pérez"', () => {
    const [a] = findAttributions(splitQuoted('El jue, 16 may 2024 a las 10:32, Juan Pérez escribió:\n> hola\n'));
    assert.equal(a?.name, 'Juan Pérez');
    assert.ok(a?.when);
    assert.equal(isoOf(a.when, 120), '2024-05-16T10:32:00+02:00');
  });
});
