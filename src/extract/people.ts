/** Comparing people and days across headers and attribution lines. */
import { cleanName } from '../body/index.js';
import type { StoredMessage } from '../store/types.js';

/** "Tian, Kevin" == "Kevin Tian"; case and punctuation ignored. */
const keys = new Map<string, string | null>();
export function personKey(name: string | null): string | null {
  if (name === null) return null;
  const known = keys.get(name);
  if (known !== undefined) return known;
  const clean = cleanName(name).name;
  const key = clean === null ? null : clean.toLowerCase().replace(/[^\p{L}\p{N} ]/gu, '').split(/\s+/).filter(Boolean).sort().join(' ');
  // People are few; names are short. The table is bounded all the same.
  if (keys.size > 10000) keys.clear();
  keys.set(name, key);
  return key;
}

/** The name a message's words are credited to, as attribution lines would write it ("Russell King", not "Russell King (Oracle)"). */
export function authorName(m: StoredMessage): string | null {
  if (m.author.name !== null) return cleanName(m.author.name).name ?? m.author.email;
  return m.author.email;
}

/** The calendar day of an ISO date as written (the writer's local day). */
export function dayOf(date: string | null): string | null {
  return date === null ? null : /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? null;
}
