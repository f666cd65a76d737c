/**
 * Attribution lines: who wrote the text quoted below them, and when.
 *   "On Tue, May 21, 2024 at 01:00:16PM -0300, Jason Gunthorpe wrote:"   (mutt)
 *   "On 29/09/15 15:32, Russell King - ARM Linux wrote:"                  (Thunderbird)
 *   "Jason Gunthorpe <jgg@nvidia.com> writes:"                            (no date)
 *   "> From: Zhao, Yan Y <yan.y.zhao@intel.com>" / "> Sent: Thursday, May 16, 2024 10:33 AM" (Outlook)
 * An "On ... wrote:" line at quote depth d names the voice at depth d + 1; an Outlook
 * header block at depth d names the voice at depth d (it sits on top of that voice's text).
 */
import { readOnWrote } from '../body/attribution.js';
import { cleanName } from '../mail/names.js';
import { quoteDepth } from '../body/quote-depth.js';
import { parseWhen, type When } from '../mail/date.js';

export interface Attribution {
  /** Index of the first and last line the attribution occupies. */
  readonly start: number;
  readonly end: number;
  /** Quote depth of the voice it names. */
  readonly voiceDepth: number;
  readonly name: string | null;
  readonly email: string | null;
  readonly when: When | null;
}

/** A body line split into its quote depth and de-quoted text. */
export interface QuotedLine {
  readonly depth: number;
  readonly text: string;
}

/**
 * Threading does not read dashed day-month-year dates yet ("On Thu 16-05-19 11:42:29, Oleksandr
 * Natalenko wrote:", Michal Hocko's mutt; the body reader does): a dated voice gets another key,
 * which changes the units of the labelled corpus (api-2021-thp-collapse-process: two copies of
 * David Rientjes's voice become one, 10 units). To be turned on with the corpus relabelled.
 */
const DASHED_DAYS = false;

/** A body's lines with their quote depth, by the body reader's one rule (quoteDepth). */
export function splitQuoted(body: string): QuotedLine[] {
  // A plain split is several times cheaper than the regex one, and parsed bodies rarely keep a CR.
  const lines = body.includes('\r') ? body.replace(/\r\n?/g, '\n').split('\n') : body.split('\n');
  const out: QuotedLine[] = new Array<QuotedLine>(lines.length);
  for (let i = 0; i < lines.length; i++) out[i] = quoteDepth(lines[i] ?? '');
  return out;
}

const WROTE = /\s+(?:wrote|writes|said|a écrit|schrieb|escribió)\s*:?\s*$/i;
/**
 * Bound (time): the longest attribution looked at. Real ones ("On <date>, <name> <address>
 * wrote:", wrapped over up to three lines) stay under 300 characters; WROTE's leading \s+
 * backtracks over a long run of blanks, so a hostile line of 2 x 50,000 spaces took
 * seconds per line (reliability review H45).
 */
const MAX_ATTRIBUTION_CHARS = 1000;
const ON = /^(?:On|Le|Am|El)\s+/;
const WROTE_WORDS = ['wrote', 'writes', 'said', 'schrieb', 'crit'];

/** JavaScript's \s, by code unit. */
function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 5760 ||
    (c >= 8192 && c <= 8202) ||
    c === 8232 ||
    c === 8233 ||
    c === 8239 ||
    c === 8287 ||
    c === 12288 ||
    c === 65279
  );
}

/** Whether text[0, end) ends, ignoring ASCII case, with `word` (lower-case ASCII). */
function endsWithWord(text: string, end: number, word: string): boolean {
  if (end < word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(end - word.length + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * WROTE without running it on every line of every body (it was the single most expensive
 * regex of an import): a line can only match if, past trailing blanks and one colon, it
 * ends in one of the words. That test, on character codes (this runs on every line, so it
 * must not allocate), gates the real one; non-ASCII endings go straight to the regex.
 */
function endsWrote(text: string): boolean {
  if (text.length > MAX_ATTRIBUTION_CHARS) return false;
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (text.charCodeAt(end - 1) === 58) end--;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (end < 5) return false;
  const last = text.charCodeAt(end - 1);
  if (last > 127) return WROTE.test(text);
  for (const w of WROTE_WORDS) if (endsWithWord(text, end, w)) return WROTE.test(text);
  return false;
}

/** Who and when from the inside of "On <date>, <name> wrote:": the body reader's reading of it. */
function parseOnWrote(inner: string): { name: string | null; email: string | null; when: When | null } {
  const { name, email, when } = readOnWrote(inner, DASHED_DAYS);
  return { name, email, when };
}

function nextNonBlank(lines: readonly QuotedLine[], from: number): QuotedLine | undefined {
  for (let i = from; i < lines.length && i < from + 4; i++) {
    const l = lines[i];
    if (l && l.text.trim() !== '') return l;
  }
  return undefined;
}

/**
 * Finds the attribution lines of a body. `loose` accepts an "On ... wrote:" line even
 * when no deeper quote follows it (dumps that lost their quote markers).
 */
export function findAttributions(lines: readonly QuotedLine[], loose = false): Attribution[] {
  const out: Attribution[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l) continue;
    // Zimbra's "----- On <date>, <name> <address> wrote:" is an "On ... wrote:" line (the body reader's ON_WROTE).
    const text = l.text.trim().replace(/^-{2,}\s*(?=(?:On|Le|Am|El)\s)/, '');
    if (text.length === 0 || text.length > 300) continue;
    // "On ..." possibly wrapped over up to three lines at the same depth.
    if (ON.test(text)) {
      let joined = text;
      let end = i;
      while (!endsWrote(joined) && end < i + 2) {
        const n = lines[end + 1];
        if (!n || n.depth !== l.depth || n.text.trim() === '') break;
        joined += ` ${n.text.trim()}`;
        end++;
      }
      if (endsWrote(joined)) {
        const inner = joined.replace(ON, '').replace(WROTE, '');
        const a = parseOnWrote(inner);
        out.push({ start: i, end, voiceDepth: l.depth + 1, ...a });
        i = end;
        continue;
      }
    }
    // "<name> wrote:" with no date: only when deeper quoted text follows, so prose is not taken for it.
    if (text.length <= 120 && endsWrote(text) && !/[.?!]\s/.test(text)) {
      const next = nextNonBlank(lines, i + 1);
      if ((next && next.depth > l.depth) || loose) {
        const who = text.replace(WROTE, '').replace(/^(?:Quoting|Hi|Hello)\s+/i, '');
        const when = /\(([^)]*\d{4}[^)]*)\)\s*$/.exec(who);
        const parsed = when ? parseWhen(when[1] ?? '', DASHED_DAYS) : null;
        const nameEmail = cleanName(when ? who.slice(0, when.index) : who);
        if (nameEmail.name || nameEmail.email) {
          out.push({ start: i, end: i, voiceDepth: l.depth + 1, ...nameEmail, when: parsed?.when ?? null });
          continue;
        }
      }
    }
    // Outlook header block: From: then Sent:/Date: within the next lines at the same depth.
    const from = /^From:\s*(.+)$/i.exec(text);
    if (from) {
      let end = i;
      let when: When | null = null;
      let sawSent = false;
      for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
        const n = lines[j];
        if (!n || n.depth !== l.depth) break;
        const t = n.text.trim();
        const sent = /^(?:Sent|Date):\s*(.+)$/i.exec(t);
        if (sent) {
          sawSent = true;
          when = parseWhen(sent[1] ?? '', DASHED_DAYS)?.when ?? null;
          end = j;
        } else if (/^(?:To|Cc|Subject):/i.test(t)) {
          end = j;
        } else break;
      }
      if (sawSent) {
        out.push({ start: i, end, voiceDepth: l.depth, ...cleanName(from[1] ?? ''), when });
        i = end;
      }
    }
  }
  return out;
}
