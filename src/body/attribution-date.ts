/**
 * Dates as attribution lines write them, to ISO 8601. The local wall-clock
 * time is kept (with its offset when the line gives one), because the day a
 * person wrote something is the day in their own time zone.
 *
 *   "Sat, Jun 01, 2024 at 04:46:14PM -0300"  (mutt)      -> 2024-06-01T16:46:14-03:00
 *   "Thu, 23 May 2024 16:47:53 -0600"        (RFC 2822)  -> 2024-05-23T16:47:53-06:00
 *   "29/09/15 15:32"                         (Thunderbird, day first)
 *   "2024/5/16 10:32", "5/16/2024 10:32 AM", "Thursday, May 16, 2024 4:38 PM" (Outlook)
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function month(name: string): number | null {
  const i = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return i < 0 ? null : i + 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function iso(y: number, mo: number, d: number, time: string | null, offset: string | null): string | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const year = y < 100 ? 2000 + y : y;
  let out = `${year}-${pad(mo)}-${pad(d)}`;
  if (time !== null) {
    out += `T${time}`;
    if (offset !== null) out += `${offset.slice(0, 3)}:${offset.slice(3)}`;
  }
  return out;
}

function clock(h: string, m: string, s: string | undefined, ampm: string | undefined): string {
  let hour = Number(h);
  const pm = ampm?.toUpperCase() === 'PM';
  if (ampm !== undefined && hour === 12) hour = pm ? 12 : 0;
  else if (pm) hour += 12;
  return `${pad(hour)}:${m}:${s ?? '00'}`;
}

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?`;
/** Zone names as clients write them; a list, so a capitalised name ("KP Singh") is not read as a zone. */
const ZONE_NAME = String.raw`(?:UTC|GMT|UT|[ECMP][SD]T|CES?T|CEDT|BST|IST|JST|KST|AE[SD]T|HKT|SGT)(?![A-Za-z])`;
// "-0300", and Palmer Dabbelt's "PDT (-0700)": the number is the offset, the name only decorates it.
const OFFSET = String.raw`(?:\s*(?:${ZONE_NAME}\s*)?\(?([+-]\d{4})\)?)?`;
// ",? at": Apple Mail writes "Mar 16, 2021, at 8:16 PM", Evolution "2022-06-23 at 19:44".
const MONTH_DAY_YEAR = new RegExp(String.raw`([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})(?:,?\s*(?:at\s*)?${TIME})?${OFFSET}`);
const DAY_MONTH_YEAR = new RegExp(String.raw`(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{4})(?:,?\s*(?:at\s*)?${TIME})?${OFFSET}`);
const NUMERIC = new RegExp(String.raw`(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:,?\s*(?:at\s*)?${TIME})?${OFFSET}`);

// The same three shapes anchored at the start of an attribution line's inner text, with the
// weekday before them and a zone name after, to find where the date ends and the name begins.
const WEEKDAY = String.raw`^(?:[A-Za-z]{3,9}\.?,?\s+)?`;
const AT_TIME = String.raw`(?:,?\s*(?:at\s+)?${TIME})?${OFFSET}(?:\s*\(?${ZONE_NAME}\)?)?`;
const DATE_PREFIXES = [
  String.raw`([A-Za-z]{3,9})\.?\s+\d{1,2},?\s+\d{4}`,
  String.raw`\d{1,2}\s+([A-Za-z]{3,9})\.?,?\s+\d{4}`,
  String.raw`\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}()`,
].map((d) => new RegExp(`${WEEKDAY}${d}${AT_TIME}`));

/**
 * How many characters of `text` a leading date takes, 0 when it does not start with one:
 *
 *   "Thu, Jun 3, 2021 at 2:00 PM Anup Patel <Anup.Patel@wdc.com>"   (Gmail: no comma before the name)
 *    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ 28
 *   "Sat, 29 May 2021 17:30:18 PDT (-0700), Palmer Dabbelt"
 *    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ 37
 */
export function attributionDateLength(text: string): number {
  const t = chineseClock(text);
  for (const re of DATE_PREFIXES) {
    const m = re.exec(t);
    // A month name has to be one ("Re 3, 2021" is no date); the numeric shape captures nothing there.
    if (m !== null && (m[1] === undefined || m[1] === '' || month(m[1]) !== null)) return m[0].length;
  }
  return 0;
}

/**
 * Thunderbird in Chinese locales writes "2019/11/20 下午6:18" (下午 = PM, 上午 = AM): rewritten to
 * "2019/11/20 6:18PM", the same length, so the characters a date takes stay countable in the original.
 */
function chineseClock(t: string): string {
  return t.includes('午') ? t.replace(/([上下])午(\d{1,2}:\d{2}(?::\d{2})?)/, (_, half: string, time: string) => `${time}${half === '下' ? 'PM' : 'AM'}`) : t;
}

export function parseAttributionDate(text: string): string | null {
  const t = chineseClock(text.trim());
  if (t === '') return null;
  let m = MONTH_DAY_YEAR.exec(t);
  if (m !== null && month(m[1] ?? '') !== null) {
    const time = m[4] !== undefined ? clock(m[4], m[5] ?? '00', m[6], m[7]) : null;
    return iso(Number(m[3]), month(m[1] ?? '') ?? 0, Number(m[2]), time, m[8] ?? null);
  }
  m = DAY_MONTH_YEAR.exec(t);
  if (m !== null && month(m[2] ?? '') !== null) {
    const time = m[4] !== undefined ? clock(m[4], m[5] ?? '00', m[6], m[7]) : null;
    return iso(Number(m[3]), month(m[2] ?? '') ?? 0, Number(m[1]), time, m[8] ?? null);
  }
  m = NUMERIC.exec(t);
  if (m !== null) {
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const time = m[4] !== undefined ? clock(m[4], m[5] ?? '00', m[6], m[7]) : null;
    const offset = m[8] ?? null;
    if ((m[1] ?? '').length === 4) return iso(a, b, c, time, offset); // 2024/5/16
    // Day first unless that cannot be (5/16/2024): Thunderbird and most of Europe write 29/09/15.
    if (b > 12 && a <= 12) return iso(c, a, b, time, offset);
    return iso(c, b, a, time, offset);
  }
  return null;
}
