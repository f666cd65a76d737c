/**
 * Outlook/Exchange-style quoting: the reply's own text on top, then the whole original mail
 * without '>' markers under a separator line and a header block.
 *
 *   I am not sure we can start tracking it on the fly.     depth 0  (the replier)
 *   -----Original Message-----                             ┐ header block: depth 1, an attribution
 *   From: Martin K. Petersen <martin.petersen@oracle.com>  │
 *   Sent: Thursday, January 23, 2020 6:59 PM               │
 *   Cc: linux-scsi@vger.kernel.org; Martin K. Petersen     │ (wrapped header lines belong to it)
 *   <martin.petersen@oracle.com>                           ┘
 *
 *   Please read what I proposed.                           depth 1  (Martin)
 *   > The high-end controllers might expose ...            depth 2
 *
 * Threading reads the same mail one level deeper below the block (src/thread/layout.ts); the body
 * reader does too, so the original is a quote for extraction as it is for voice recovery.
 */

/** The line Outlook (and its translations, Thunderbird's "-------- Original Message --------") puts above the original. */
const SEPARATOR =
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Messaggio originale|原始邮件|邮件原件)\s*-{2,}$/i;
/** Outlook on the web and mobile draw a rule instead: also a list footer's rule, so only with a header block under it. */
const RULE = /^_{10,}$/;
export const HEADER_FROM = /^(?:From|Von|De|Da|发件人)\s*:\s*(.{2,120})$/;
/** Outlook's date line; "Date:" also opens git's pasted patches ("From: / Date: / Subject:"), so it needs the separator. */
const HEADER_SENT = /^(?:Sent|Gesendet|Envoyé|Enviado|Inviato|发送时间)\s*:\s*\S/;
const HEADER_FIELD =
  /^(?:Sent|Date|To|Cc|Subject|Gesendet|An|Betreff|Envoyé|À|Objet|Enviado|Para|Asunto|发送时间|收件人|抄送|主题)\s*:/i;
/** Lines looked at below a From: line for its Sent: line (To: and Cc: may come first, each wrapped). */
const SENT_WITHIN = 8;

export interface OutlookHeader {
  /** First line of the block (the separator, or the From: line). */
  readonly start: number;
  /** The From: line. */
  readonly from: number;
  /** Last line of the block: the header ends at the first blank line (Cc: and Subject: wrap). */
  readonly end: number;
}

/**
 * The Outlook header block that starts at line `i` of `texts` (lines of one quote depth, markers cut),
 * or null. A From: line opens one when a Sent: line follows it, or when a separator sits right above it.
 * `dateCounts`: a "Date:" line stands for "Sent:" (inside a quote, where no pasted patch is read as code).
 */
export function outlookHeaderAt(texts: readonly string[], i: number, dateCounts = false): OutlookHeader | null {
  const t = (texts[i] ?? '').trim();
  let from = -1;
  let separated = false;
  if (SEPARATOR.test(t) || RULE.test(t)) {
    separated = SEPARATOR.test(t);
    // The separator, perhaps a blank line, then From:.
    for (let j = i + 1; j <= i + 2 && j < texts.length; j++) {
      const n = (texts[j] ?? '').trim();
      if (HEADER_FROM.test(n)) {
        from = j;
        break;
      }
      if (n !== '') break;
    }
    if (from < 0) return null;
  } else if (HEADER_FROM.test(t)) from = i;
  else return null;
  let end = from;
  let sent = false;
  for (let j = from + 1; j < texts.length; j++) {
    const n = (texts[j] ?? '').trim();
    if (n === '') break;
    if ((HEADER_SENT.test(n) || (dateCounts && /^Date\s*:\s*\S/.test(n))) && j <= from + SENT_WITHIN) sent = true;
    else if (!HEADER_FIELD.test(n) && !sent && !separated && j > from + SENT_WITHIN) break;
    end = j;
  }
  if (!sent && !separated) return null;
  // A separator's header still has to look like one: at least one more field under From:.
  if (!sent && !texts.slice(from + 1, end + 1).some((l) => HEADER_FIELD.test(l.trim()))) return null;
  return { start: i, from, end };
}

/** The first line of a top-posted original among the unquoted lines (depth 0), or -1 when there is none. */
export function outlookQuoteStart(lines: readonly { readonly depth: number; readonly text: string }[]): number {
  const texts = lines.map((l) => (l.depth === 0 ? l.text : ''));
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === undefined || l.depth !== 0) continue;
    const c = l.text.charCodeAt(0);
    // '-', '_' and the first letters of From/Von/De/Da/发: the cheap test on every line.
    if (c !== 45 && c !== 95 && c !== 70 && c !== 86 && c !== 68 && c !== 0x53d1) continue;
    if (outlookHeaderAt(texts, i) !== null) return i;
  }
  return -1;
}
