/**
 * Subject tags: "[PATCH v3 2/5] ...", "[RFC PATCH net-next v2 0/7] ...", "[PATCHv2 1/3]",
 * "[RFC 00/20] ...", "[RFC][PATCH 1/2] ...", "[PATCH RESEND v1 2/4] ...".
 */
import type { SeriesTag } from './types.js';

/** "Re:", "RE:", "Aw:", "Fwd:", "答复:" ...: a reply is about a patch, it is not one. */
export const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|fwd?|答复|回复|转发)\s*(?:\[\d+\])?\s*[:：]/i;

const LEADING_TAGS = /^\s*((?:\[[^\]]*\]\s*)+)/;

/** A tag for a patch or RFC posting; null for replies and for subjects without one. */
export function parseSeriesTag(subject: string): SeriesTag | null {
  if (REPLY_PREFIX.test(subject)) return null;
  const m = LEADING_TAGS.exec(subject);
  if (!m) return null;
  const tokens = (m[1] ?? '')
    .replace(/(\d+) of (\d+)/gi, '$1/$2') // Mercurial's patchbomb: "[PATCH 1 of 2]"
    .split(/[[\]]/)
    .flatMap((group) => group.split(/[\s,]+/))
    .filter((t) => t !== '');

  let version: number | null = null;
  let index: number | null = null;
  let total: number | null = null;
  let isPatch = false;
  let rfc = false;
  const prefixes: string[] = [];
  for (const token of tokens) {
    let t: RegExpExecArray | null;
    if ((t = /^(\d+)\/(\d+)$/.exec(token))) {
      index = Number(t[1]);
      total = Number(t[2]);
    } else if ((t = /^v(\d+)$/i.exec(token))) {
      version = Number(t[1]);
    } else if ((t = /^(PATCH|RFC)[-_]?v(\d+)$/i.exec(token))) {
      // "PATCHv2", "RFC-v3": the keyword and the version glued together.
      version = Number(t[2]);
      const word = (t[1] ?? '').toUpperCase();
      prefixes.push(word);
      if (word === 'PATCH') isPatch = true;
      else rfc = true;
    } else {
      const upper = token.toUpperCase();
      if (upper === 'PATCH' || upper === 'PATCHES') isPatch = true;
      if (upper === 'RFC') rfc = true;
      prefixes.push(token);
    }
  }
  // A bracket that is neither a patch nor an RFC nor numbered ("[GIT PULL]", "[Bug 123]") is no series.
  if (!isPatch && !rfc && total === null) return null;
  // "[PATCH 3/2]" is an extra patch sent with a series (Patchwork keeps it); "x/0" is nonsense.
  if (total === 0) return null;
  return { version: version ?? 1, index, total, rfc, prefixes };
}

/**
 * The subject with tags, reply prefixes and b4's "cover-letter:" marker removed, lower-cased
 * and with spaces folded: the same series posted again keeps this (see vfio-type1 v5).
 */
export function normaliseTitle(subject: string): string {
  let s = subject;
  for (;;) {
    const next = s.replace(REPLY_PREFIX, '').replace(LEADING_TAGS, '');
    if (next === s) break;
    s = next;
  }
  return s
    .replace(/^\s*cover[- ]letter\s*:\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '')
    .toLowerCase();
}

/** The subject without its tags, for display ("Make the iommu driver no-snoop ..."). */
export function stripTags(subject: string): string {
  return subject
    .replace(LEADING_TAGS, '')
    .replace(/^\s*cover[- ]letter\s*:\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}
