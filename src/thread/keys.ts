/**
 * What the store files a message under so that an incremental re-thread can ask the
 * database for the few messages text matching would weigh against the new ones, instead
 * of loading every message: the keys AuthorIndex files it under, the own lines
 * OwnTextIndex files it under (as 52-bit hashes), and the subject its discussion shares.
 * Each must be exactly what those indexes use, or the incremental answer would differ
 * from threading everything.
 */
import { layoutBody } from './layout.js';
import { baseSubject, quotedLines } from './match.js';
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

/** FNV-1a over UTF-16 code units, twice with different offsets: a 52-bit hash exact in a double. */
export function lineHash(line: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
  }
  return (a >>> 6) * 0x4000000 + (b >>> 6);
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
