/** Extraction's view of people and days: the name words are credited to, the writer's day (identity: mail/names.ts). */
import { cleanName } from '../mail/names.js';
import type { StoredMessage } from '../store/types.js';

/** The name a message's words are credited to, as attribution lines would write it ("Russell King", not "Russell King (Oracle)"). */
export function authorName(m: StoredMessage): string | null {
  if (m.author.name !== null) return cleanName(m.author.name).name ?? m.author.email;
  return m.author.email;
}

/** The calendar day of an ISO date as written (the writer's local day). */
export function dayOf(date: string | null): string | null {
  return date === null ? null : (/^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? null);
}
