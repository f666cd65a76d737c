/**
 * Splitting a body into the sender's own words and the words they quote, for
 * the two FTS columns. A quoted line starts with '>' (after optional blanks),
 * whatever the nesting.
 */
export interface SplitBody {
  readonly own: string;
  readonly quoted: string;
}

const QUOTED = /^[ \t]*>/;

export function splitQuoted(body: string): SplitBody {
  const own: string[] = [];
  const quoted: string[] = [];
  for (const line of body.split('\n')) {
    if (QUOTED.test(line)) quoted.push(line.replace(/^[ \t>]+/, ''));
    else own.push(line);
  }
  return { own: own.join('\n'), quoted: quoted.join('\n') };
}

/** Milliseconds since the epoch for an ISO date, or null when there is none or it does not parse. */
export function dateMs(date: string | null): number | null {
  if (date === null) return null;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : null;
}
