/**
 * What kind of mail a message is, for extraction: a patch (its commit
 * message), the text opening a thread (cover letter "[PATCH 0/N]", an RFC
 * or a discussion starter carrying a diff), or a reply. A patch or an
 * opening is one proposal as a whole; its sentences only add the
 * alternatives it names.
 */
import type { Passage } from '../body/index.js';
import type { StoredMessage } from '../store/types.js';

export type MessageRole = 'patch' | 'opening' | 'reply';

const REPLY_SUBJECT = /^\s*(?:re|aw|sv|antw)\s*:/i;
/** "[PATCH v2 0/5]", "[RFC PATCH 00/12]": the letter in front of a series. */
const COVER_TAG = /^\s*\[[^\]]*\b0+\/\d+\s*\]/;
/** "[PATCH ...]", "[RFC]", "[RFC v2]": mail that puts a change or a design up for review. */
const PROPOSAL_TAG = /^\s*\[[^\]]*\b(?:PATCH|RFC)\b[^\]]*\]/i;
/** Any bracketed tag ("[5/5]" in a Patchwork dump): a diff under it is a patch of a series. */
const ANY_TAG = /^\s*\[[^\]]+\]/;

export function roleOf(message: StoredMessage, passages: readonly Passage[]): MessageRole {
  const quotes = passages.some((p) => p.depth > 0);
  if (quotes || REPLY_SUBJECT.test(message.subject)) return 'reply';
  const hasDiff = message.patch !== null && message.patch.files.length > 0;
  if (COVER_TAG.test(message.subject)) return 'opening';
  if (hasDiff) return ANY_TAG.test(message.subject) ? 'patch' : 'opening';
  return PROPOSAL_TAG.test(message.subject) ? 'opening' : 'reply';
}

/**
 * In a thread whose opening mail was not archived, replies still quote it:
 * the deepest quote of a reply to a "[PATCH]"/"[RFC]" subject is that mail's
 * text, and reads as an opening (spec sentences describe, they do not propose).
 */
export function quotesLostOpening(
  message: StoredMessage,
  passages: readonly Passage[],
  openingArchived: boolean,
): number | null {
  if (openingArchived || !PROPOSAL_TAG.test(message.subject.replace(/^(?:\s*(?:re|aw|sv|antw)\s*:\s*)+/i, '')))
    return null;
  // (A voice recovered from quotes is not assumed to be the opening: most such voices are replies.)
  const deepest = Math.max(0, ...passages.map((p) => p.depth));
  return deepest > 0 ? deepest : null;
}
