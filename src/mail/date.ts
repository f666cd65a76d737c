/**
 * RFC 5322 dates to ISO 8601 that keeps the sender's own offset, so that
 * "at 01:00:16PM -0300" in an attribution line can be matched to the mail.
 * Date objects would lose the offset, hence a small parser of our own.
 */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/**
 * Zone names in minutes east of UTC: the obsolete ones RFC 5322 section 4.3 still asks readers
 * to accept, then the ones mailers write though no RFC lists them (IST read as India's, the
 * commonest on kernel lists). The one table for Date: headers and attribution lines (thread/when).
 */
export const ZONE_NAMES: Readonly<Record<string, number>> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  cet: 60, cest: 120, bst: 60, ist: 330, jst: 540, kst: 540, aest: 600,
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
const ASCTIME = /^(?:[a-z]{3},?\s+)?([a-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})(?:\s*([+-]\d{4}|[a-z]{1,5}))?\s*$/i;
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

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string | undefined): string | null {
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
