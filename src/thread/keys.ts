/**
 * What the store files a message under so that an incremental re-thread can ask the
 * database for the few messages text matching would weigh against the new ones, instead
 * of loading every message: the keys AuthorIndex files it under, the own lines
 * OwnTextIndex files it under (as 52-bit hashes), and the subject its discussion shares.
 * Each must be exactly what those indexes use, or the incremental answer would differ
 * from threading everything.
 */
import { layoutBody } from './layout.js';
import { baseSubject, lineHash, quotedLines } from './match.js';

export { lineHash };
import { nameTokens } from '../mail/names.js';
import type { Address } from '../mail/types.js';

export interface ContextKeys {
  /** AuthorIndex's keys: the name's tokens and the lower-case e-mail. */
  readonly authorKeys: readonly string[];
  /** Hashes of the normalised own lines (depth 0, no attribution, no diff lines): OwnTextIndex's keys. */
  readonly ownLines: readonly number[];
  /** The subject without "Re:"/"Fwd:", lower case (baseSubject). */
  readonly subjectKey: string;
}

export function authorKeys(from: Address): string[] {
  const keys = new Set(nameTokens(from.name));
  if (from.email) keys.add(from.email.toLowerCase());
  return [...keys];
}

/** Hashes of the lines of `body` at `depth` that quote matching can look up, each once. */
export function lineHashes(body: string, depth: number): number[] {
  return [...new Set(quotedLines(layoutBody(body), depth).map(lineHash))];
}

export function contextKeys(m: {
  readonly from: Address;
  readonly subject: string;
  readonly body: string;
}): ContextKeys {
  return { authorKeys: authorKeys(m.from), ownLines: lineHashes(m.body, 0), subjectKey: baseSubject(m.subject) };
}
