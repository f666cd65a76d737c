/**
 * Splitting a body into the sender's own words and the words they quote, for
 * the two FTS columns. A quoted line starts with '>' (after optional blanks),
 * whatever the nesting.
 */
export interface SplitBody {
  readonly own: string;
  readonly quoted: string;
}

/**
 * Scanned by character codes rather than with a regex per line: this runs on the import's
 * main thread for every archived message. A body without '>' is all the sender's own.
 */
export function splitQuoted(body: string): SplitBody {
  if (!body.includes('>')) return { own: body, quoted: '' };
  const own: string[] = [];
  const quoted: string[] = [];
  let start = 0;
  for (;;) {
    const nl = body.indexOf('\n', start);
    const end = nl < 0 ? body.length : nl;
    // Blanks, then '>': a quoted line; drop its leading run of blanks and '>'.
    let i = start;
    while (i < end && (body.charCodeAt(i) === 32 || body.charCodeAt(i) === 9)) i++;
    if (i < end && body.charCodeAt(i) === 62) {
      while (i < end && (body.charCodeAt(i) === 32 || body.charCodeAt(i) === 9 || body.charCodeAt(i) === 62)) i++;
      quoted.push(body.slice(i, end));
    } else own.push(body.slice(start, end));
    if (nl < 0) break;
    start = nl + 1;
  }
  return { own: own.join('\n'), quoted: quoted.join('\n') };
}

/** Milliseconds since the epoch for an ISO date, or null when there is none or it does not parse. */
export function dateMs(date: string | null): number | null {
  if (date === null) return null;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : null;
}
