/**
 * The one date module: dates as Date: headers write them (RFC 5322, to ISO 8601 that keeps
 * the sender's own offset) and as attribution lines write them ("On <date>, <name> wrote:",
 * where the zone is often missing), sharing one month table and one zone table. Date objects
 * would lose the offset, hence small parsers of our own.
 *
 *   parseMailDate("Thu, 9 Mar 2023 20:20:03 -0800")   -> "2023-03-09T20:20:03-08:00"   (headers)
 *   parseWhen("Sat, Jun 01, 2024 at 04:46:14PM -0300, Jason Gunthorpe")
 *     -> { when: wall clock + offset -180, length: 37 }                              (attribution lines)
 */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // Where attribution lines in Spanish and German differ in their first three letters ("14 de julio" reads as is).
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
  mai: 5,
  okt: 10,
  dez: 12,
};

/** 1 for "Jan", "january" or "JAN."; null when the first three letters name no month. */
export function monthNumber(name: string): number | null {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? null;
}

/**
 * Zone names in minutes east of UTC: the obsolete ones RFC 5322 section 4.3 still asks readers
 * to accept, then the ones mailers write though no RFC lists them (IST read as India's, the
 * commonest on kernel lists). The one table for Date: headers and attribution lines.
 */
export const ZONE_NAMES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  cet: 60,
  cest: 120,
  bst: 60,
  ist: 330,
  jst: 540,
  kst: 540,
  aest: 600,
  aedt: 660,
  hkt: 480,
  sgt: 480,
};

/** Minutes east of UTC of a zone name, any case; undefined when the name is not in ZONE_NAMES. */
export function zoneNameOffset(name: string): number | undefined {
  return ZONE_NAMES[name.toLowerCase()];
}

// The zone: a number, or a name, or "GMT+0100" (a name and the number that is the offset).
const RFC5322 =
  /^(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:(?:gmt|utc|ut)\s*(?=[+-]))?([+-]\d{4}|[+-]\d{2}:?\d{2}|[a-z]{1,5})?/i;
/** RFC 5322 comments ("(Newfoundland Time)"), which may stand between any two tokens; not nested. */
const COMMENT = /\([^()]*\)/g;
/** asctime() with a zone: "Wed Mar 18 15:33:07 2009 +0800" (git log's default format). */
const ASCTIME =
  /^(?:[a-z]{3},?\s+)?([a-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})(?:\s*([+-]\d{4}|[a-z]{1,5}))?\s*$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[t\s](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(z|[+-]\d{2}:?\d{2})?/i;

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function zoneMinutes(zone: string | undefined): number | null {
  if (zone === undefined) return 0; // no zone: RFC 5322 reads that as -0000, "unknown"
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) {
    const hours = Number(m[2]);
    const minutes = Number(m[3]);
    if (hours > 14 || minutes > 59) return null;
    return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return zoneNameOffset(zone) ?? 0; // military and unknown letters: -0000 by the RFC
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  zone: string | undefined,
): string | null {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 60) return null;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null; // Feb 30 and friends
  const offset = zoneMinutes(zone);
  if (offset === null) return null;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const sec = Math.min(s, 59); // leap second: keep the minute
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(sec)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** ISO 8601 with the sender's offset, e.g. 2024-05-09T14:13:00-03:00; null when the value does not parse. */
export function parseMailDate(value: string): string | null {
  if (value.length > 998) return null; // RFC 5322's line limit; bounds the regexes below
  const v = value.replace(COMMENT, ' ').trim().replace(/\s+/g, ' ');
  if (v.length > 200) return null;
  let m = RFC5322.exec(v);
  if (m) {
    const month = MONTHS[(m[2] ?? '').toLowerCase()];
    if (month === undefined) return null;
    let year = Number(m[3]);
    if ((m[3] ?? '').length <= 2) year += year < 50 ? 2000 : 1900;
    else if ((m[3] ?? '').length === 3) year += 1900; // RFC 5322 obs-year
    return build(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7]);
  }
  m = ASCTIME.exec(v);
  if (m) {
    const month = MONTHS[(m[1] ?? '').toLowerCase()];
    if (month === undefined) return null;
    return build(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5] ?? 0), m[7]);
  }
  m = ISO.exec(v);
  if (m) {
    return build(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7]);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Attribution lines: "On 29/09/15 15:32, ...", Outlook's "Sent: Thursday, May 16, 2024 10:33 AM".
// A `When` keeps the wall-clock reading apart from what we know of its zone, so threading can
// allow for any whole zone offset when the zone is unknown, and the body reader can show the
// day the person wrote in their own time.

export interface When {
  /** Wall clock read as if it were UTC, in ms. */
  readonly wall: number;
  /** Minutes east of UTC, null when the text did not say. */
  readonly offset: number | null;
  /** True when only a day was given (no time of day). */
  readonly dayOnly: boolean;
}

function whenOffset(z: string | undefined): number | null {
  if (!z) return null;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (m) {
    const hours = Number(m[2]);
    const minutes = Number(m[3]);
    if (hours > 14 || minutes > 59) return null; // "+9999" says nothing of a zone
    return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return zoneNameOffset(z) ?? null;
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = /^p/i.test(ampm);
  if (h === 12) return pm ? 12 : 0;
  return pm ? h + 12 : h;
}

function year4(y: number): number {
  return y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function make(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offset: number | null,
  dayOnly = false,
): When | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null; // "30/02": Date.UTC would make it 1 March
  return { wall: Date.UTC(y, mo - 1, d, h, mi, s), offset, dayOnly };
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp]\.?[Mm]\.?))?`;
// What joins the day to the time: English "at", German "um", French "à", Spanish "a las".
const AT = String.raw`(?:at|um|à|a las)`;
/**
 * Zone names as clients write them: the names of ZONE_NAMES, upper case, and no other, so a
 * capitalised name after the time ("... 10:32 KP Singh wrote:") is not read as a zone.
 */
const ZONE_NAME = String.raw`(?:${Object.keys(ZONE_NAMES)
  .map((z) => z.toUpperCase())
  .sort((a, b) => b.length - a.length)
  .join('|')})(?![A-Za-z])`;
// "-0300", "(PDT)", and Palmer Dabbelt's "PDT (-0700)", whose number was left over and taken for the name.
const ZONE = String.raw`(?:\s*\(?([+-]\d{2}:?\d{2}|${ZONE_NAME})\)?(?:\s*\(([+-]\d{2}:?\d{2}|${ZONE_NAME})\))?)?`;
// "Tue, May 21, 2024 at 01:00:16PM -0300" (mutt), "Thursday, May 16, 2024 10:33 AM" (Outlook)
const MDY = new RegExp(
  String.raw`^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:${AT}\s+)?${TIME}${ZONE})?`,
);
// "Thu, 9 Mar 2023 20:20:03 -0800" (RFC 5322), "Tue, 21 May 2024 at 13:00" (Gmail), K-9 Mail in
// Spanish "14 de julio de 2019 0:26:24 CEST"
const DMY = new RegExp(
  String.raw`^(?:[A-Za-z]+,?\s+)?(\d{1,2})\s+(?:de\s+)?([A-Za-z]{3,9})\.?,?\s+(?:de\s+)?(\d{4})(?:,?\s+(?:${AT}\s+)?${TIME}${ZONE})?`,
);
// "29/09/15 15:32" (Thunderbird), "5/21/2024, 1:00 PM", Michal Hocko's mutt "Thu 16-05-19 11:42:29",
// Vinod Koul's "19-06-20, 16:31"
const numeric = (separators: string): RegExp =>
  new RegExp(
    String.raw`^(?:[A-Za-z]+,?\s+)?(\d{1,2})([${separators}])(\d{1,2})\2(\d{2,4}),?\s+(?:${AT}\s+)?(?:${TIME}${ZONE})?`,
  );
const NUMERIC = numeric('/.-');
const NUMERIC_NO_DASH = numeric('/.');
// "2024-05-21 13:00:16 -0300", "2024-05-21T13:00Z", Evolution's "Thu, 2022-06-23 at 19:44 -0700",
// Thunderbird in Chinese locales "2021/9/27 17:42" (year first)
const YEAR_FIRST = new RegExp(
  String.raw`^(?:[A-Za-z]+,?\s+)?(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:[ T]|,?\s+${AT}\s+)${TIME}${ZONE})?`,
);

/**
 * Thunderbird in Chinese locales writes "2019/11/20 下午6:18" (下午 = PM, 上午 = AM): rewritten to
 * "2019/11/20 6:18PM", the same length, so the characters a date takes stay countable in the original.
 */
function chineseClock(t: string): string {
  return t.includes('午')
    ? t.replace(
        /([上下])午(\d{1,2}:\d{2}(?::\d{2})?)/,
        (_, half: string, time: string) => `${time}${half === '下' ? 'PM' : 'AM'}`,
      )
    : t;
}

/**
 * Parses a date at the start of `text`; returns it and the number of characters it used.
 * `dashedDays: false` does not read "16-05-19" (day-month-year with dashes): threading reads
 * attribution dates that way until the labelled corpus is re-keyed (see thread/attribution.ts).
 */
export function parseWhen(text: string, dashedDays = true): { when: When; length: number } | null {
  const t = chineseClock(text.trimStart());
  const lead = text.length - t.length;
  // Month names: "Jan 2, 2024" (month, day, year), then "2 Jan 2024" (day, month, year).
  for (const [re, month, day] of [
    [MDY, 1, 2],
    [DMY, 2, 1],
  ] as const) {
    const named = re.exec(t);
    const mo = named === null ? null : monthNumber(named[month] ?? '');
    if (named === null || mo === null) continue;
    const w = fromParts(Number(named[3]), mo, Number(named[day]), named.slice(4));
    if (w) return { when: w, length: lead + named[0].length };
  }
  let m = YEAR_FIRST.exec(t);
  if (m) {
    const w = fromParts(Number(m[1]), Number(m[3]), Number(m[4]), m.slice(5));
    if (w) return { when: w, length: lead + m[0].length };
  }
  m = (dashedDays ? NUMERIC : NUMERIC_NO_DASH).exec(t);
  if (m) {
    let a = Number(m[1]);
    let b = Number(m[3]);
    // Day first unless that cannot be (the second field is over 12): Europe writes 29/09/15, the US 9/29/15.
    if (b > 12 && a <= 12) [a, b] = [b, a];
    const w = fromParts(year4(Number(m[4])), b, a, m.slice(5));
    if (w) return { when: w, length: lead + m[0].length };
  }
  return null;
}

function fromParts(y: number, mo: number, d: number, rest: (string | undefined)[]): When | null {
  const [h, mi, s, ampm, zone, zone2] = rest;
  if (h === undefined || mi === undefined) return make(y, mo, d, 0, 0, 0, null, true);
  // "+0000 (UTC)", "PDT (-0700)": the number says more than the name.
  const offset = /\d/.test(zone2 ?? '') ? whenOffset(zone2) : (whenOffset(zone) ?? whenOffset(zone2));
  return make(y, mo, d, hour12(Number(h), ampm), Number(mi), Number(s ?? 0), offset);
}

/**
 * The date of an attribution as the writer's own wall clock, ISO 8601: with the offset when the
 * line gave one, without when it did not, the day alone when it gave no time.
 *   "Sat, Jun 01, 2024 at 04:46:14PM -0300" -> 2024-06-01T16:46:14-03:00; "29/09/15 15:32" -> 2015-09-29T15:32:00
 */
export function localIso(w: When): string {
  const d = new Date(w.wall);
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (w.dayOnly) return day;
  const time = `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return w.offset === null ? time : `${time}${offsetText(w.offset)}`;
}

/** The ISO date of the attribution date at the start of `text`, as localIso writes it; null when there is none. */
export function parseAttributionDate(text: string): string | null {
  const p = parseWhen(text);
  return p === null ? null : localIso(p.when);
}

function offsetText(off: number): string {
  const a = Math.abs(off);
  return `${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

/** The instant in UTC ms when the zone is known, else null. */
export function instant(w: When): number | null {
  return w.offset === null ? null : w.wall - w.offset * 60_000;
}

/** ISO 8601 with offset; an unknown zone is written with `fallbackOffset` minutes (the quoting mail's own zone). */
export function isoOf(w: When, fallbackOffset: number | null): string {
  const d = new Date(w.wall);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:` +
    `${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${offsetText(w.offset ?? fallbackOffset ?? 0)}`
  );
}

/** Offset in minutes of an ISO 8601 string ("...+08:00"), null when absent. */
export function isoOffset(iso: string | null): number | null {
  if (!iso) return null;
  const m = /([+-])(\d{2}):?(\d{2})$|Z$/.exec(iso);
  if (!m) return null;
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const MINUTE = 60_000;

/**
 * How far `w` is from the instant `utc`, allowing for an unknown zone: with a zone, the
 * plain distance; without one, the distance to the nearest quarter-hour zone offset within ±14 h.
 * Day-only dates match anything on that day (±14 h). Returns ms, or Infinity when impossible.
 */
export function distance(w: When, utc: number): number {
  if (w.dayOnly) {
    const dayStart = w.wall - 14 * 60 * MINUTE;
    const dayEnd = w.wall + 38 * 60 * MINUTE;
    return utc >= dayStart && utc <= dayEnd ? 30 * MINUTE : Infinity;
  }
  const at = instant(w);
  if (at !== null) return Math.abs(at - utc);
  const diff = w.wall - utc; // = the sender's offset, if this is the same moment
  if (Math.abs(diff) > 14 * 60 * MINUTE + 5 * MINUTE) return Infinity;
  const q = 15 * MINUTE;
  return Math.abs(diff - Math.round(diff / q) * q);
}
