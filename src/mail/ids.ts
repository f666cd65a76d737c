/**
 * Message-ID lists as they occur in Message-ID / In-Reply-To / References.
 *
 * The corpus holds every kind of bogus value a threader must survive:
 * `<yes>`, RFC 2047 encoded words, `<id> (Name's message of ...)` comments,
 * garbage after the last id, References cut off mid-id, ids thousands of
 * characters long (patchwork fuzz). Only ids that look like real ones pass.
 */

/**
 * The longest id kept, in characters. RFC 5322 allows 998 per line; real ids are far shorter
 * (the corpus's longest real one is under 100), and the patchwork fuzz ids run to thousands.
 * The one limit for ids: threading (thread/plan.ts) checks stored ids with isSaneMessageId too.
 */
export const MAX_ID_LENGTH = 250;

/** Printable ASCII without brackets or whitespace, with an "@" that is neither first nor last. */
const SANE_ID = /^[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+$/;

/** An id (without brackets) as threading may trust it. */
export function isSaneMessageId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && SANE_ID.test(id) && !id.includes('=?');
}

/**
 * The sane ids of one header value, in order, without angle brackets.
 * A value with no bracketed id at all may still be a bare `local@domain` id
 * (some old mailers wrote them that way).
 */
export function parseMessageIds(headerValue: string): string[] {
  const ids: string[] = [];
  let sawBracket = false;
  let pos = 0;
  for (;;) {
    const open = headerValue.indexOf('<', pos);
    if (open < 0) break;
    sawBracket = true;
    const close = headerValue.indexOf('>', open + 1);
    if (close < 0) break; // truncated: "<abc@de" with no end is not an id
    const nextOpen = headerValue.indexOf('<', open + 1);
    if (nextOpen >= 0 && nextOpen < close) {
      // "<a <b@c>": the first "<" never closed; restart at the inner one
      pos = nextOpen;
      continue;
    }
    const id = headerValue.slice(open + 1, close).trim();
    if (isSaneMessageId(id)) ids.push(id);
    pos = close + 1;
  }
  if (!sawBracket) {
    const bare = headerValue.trim();
    if (bare !== '' && !/\s/.test(bare) && isSaneMessageId(bare)) ids.push(bare);
  }
  return ids;
}
