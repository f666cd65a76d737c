/**
 * Dates as mail clients write them inside attribution lines, where the time zone is
 * often missing ("On 29/09/15 15:32, ...", Outlook's "Sent: Thursday, May 16, 2024 10:33 AM").
 * A `When` keeps the wall-clock reading apart from what we know of its zone, so a
 * matcher can allow for any whole zone offset when the zone is unknown.
 */
import { zoneNameOffset } from '../mail/date.js';

export interface When {
  /** Wall clock read as if it were UTC, in ms. */
  readonly wall: number;
  /** Minutes east of UTC, null when the text did not say. */
  readonly offset: number | null;
  /** True when only a day was given (no time of day). */
  readonly dayOnly: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};


export function monthIndex(name: string): number | null {
  return MONTHS[name.slice(0, 3).toLowerCase()] ?? null;
}

function zoneOffset(z: string | undefined): number | null {
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

function make(y: number, mo: number, d: number, h: number, mi: number, s: number,
  offset: number | null, dayOnly = false): When | null {
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  if (new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return null; // "30/02": Date.UTC would make it 1 March
  return { wall: Date.UTC(y, mo, d, h, mi, s), offset, dayOnly };
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp]\.?[Mm]\.?))?`;
// What joins the day to the time: English "at", German "um", French "à", Spanish "a las".
const AT = String.raw`(?:at|um|à|a las)`;
// "-0300", "(PDT)", and Palmer Dabbelt's "PDT (-0700)", whose number was left over and taken for the name.
const ZONE = String.raw`(?:\s*\(?([+-]\d{2}:?\d{2}|[A-Z]{1,4}(?![A-Za-z]))\)?(?:\s*\(([+-]\d{2}:?\d{2}|[A-Z]{1,4})\))?)?`;
// "Tue, May 21, 2024 at 01:00:16PM -0300" (mutt), "Thursday, May 16, 2024 10:33 AM" (Outlook)
const MDY = new RegExp(String.raw`^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s+(?:${AT}\s+)?${TIME}${ZONE})?`);
// "Thu, 9 Mar 2023 20:20:03 -0800" (RFC 5322), "Tue, 21 May 2024 at 13:00" (Gmail)
const DMY = new RegExp(String.raw`^(?:[A-Za-z]+,?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})(?:,?\s+(?:${AT}\s+)?${TIME}${ZONE})?`);
// "29/09/15 15:32" (Thunderbird), "5/21/2024, 1:00 PM"
const NUMERIC = new RegExp(String.raw`^(?:[A-Za-z]+,?\s+)?(\d{1,2})[/.](\d{1,2})[/.](\d{2,4}),?\s+(?:${AT}\s+)?(?:${TIME}${ZONE})?`);
// "2024-05-21 13:00:16 -0300", "2024-05-21T13:00Z", Evolution's "Thu, 2022-06-23 at 19:44 -0700",
// Thunderbird in Chinese locales "2021/9/27 17:42" (year first)
const ISO = new RegExp(String.raw`^(?:[A-Za-z]+,?\s+)?(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:[ T]|,?\s+${AT}\s+)${TIME}${ZONE})?`);

/**
 * Thunderbird in Chinese locales writes "2019/11/20 下午6:18" (下午 = PM, 上午 = AM): rewritten to
 * "2019/11/20 6:18PM", the same length, so the characters a date takes stay countable in the original.
 */
function chineseClock(t: string): string {
  return t.includes('午') ? t.replace(/([上下])午(\d{1,2}:\d{2}(?::\d{2})?)/, (_, half: string, time: string) => `${time}${half === '下' ? 'PM' : 'AM'}`) : t;
}

/** Parses a date at the start of `text`; returns it and the number of characters it used. */
export function parseWhen(text: string): { when: When; length: number } | null {
  const t = chineseClock(text.trimStart());
  const lead = text.length - t.length;
  let m = MDY.exec(t);
  if (m) {
    const mo = monthIndex(m[1] ?? '');
    if (mo !== null) {
      const w = fromParts(Number(m[3]), mo, Number(m[2]), m.slice(4));
      if (w) return { when: w, length: lead + m[0].length };
    }
  }
  m = DMY.exec(t);
  if (m) {
    const mo = monthIndex(m[2] ?? '');
    if (mo !== null) {
      const w = fromParts(Number(m[3]), mo, Number(m[1]), m.slice(4));
      if (w) return { when: w, length: lead + m[0].length };
    }
  }
  m = ISO.exec(t);
  if (m) {
    const w = fromParts(Number(m[1]), Number(m[3]) - 1, Number(m[4]), m.slice(5));
    if (w) return { when: w, length: lead + m[0].length };
  }
  m = NUMERIC.exec(t);
  if (m) {
    let a = Number(m[1]);
    let b = Number(m[2]);
    // Day first unless that cannot be (the second field is over 12): Europe writes 29/09/15, the US 9/29/15.
    if (b > 12 && a <= 12) [a, b] = [b, a];
    const w = fromParts(year4(Number(m[3])), b - 1, a, m.slice(4));
    if (w) return { when: w, length: lead + m[0].length };
  }
  return null;
}

function fromParts(y: number, mo: number, d: number, rest: (string | undefined)[]): When | null {
  const [h, mi, s, ampm, zone, zone2] = rest;
  if (h === undefined || mi === undefined) return make(y, mo, d, 0, 0, 0, null, true);
  // "+0000 (UTC)", "PDT (-0700)": the number says more than the name.
  const offset = /\d/.test(zone2 ?? '') ? zoneOffset(zone2) : zoneOffset(zone) ?? zoneOffset(zone2);
  return make(y, mo, d, hour12(Number(h), ampm), Number(mi), Number(s ?? 0), offset);
}

/** The instant in UTC ms when the zone is known, else null. */
export function instant(w: When): number | null {
  return w.offset === null ? null : w.wall - w.offset * 60_000;
}

/** ISO 8601 with offset; an unknown zone is written with `fallbackOffset` minutes (the quoting mail's own zone). */
export function isoOf(w: When, fallbackOffset: number | null): string {
  const off = w.offset ?? fallbackOffset ?? 0;
  const d = new Date(w.wall);
  const pad = (n: number, l = 2): string => String(n).padStart(l, '0');
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:` +
    `${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
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
  const r = Math.abs(diff - Math.round(diff / q) * q);
  return r;
}
