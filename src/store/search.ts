/**
 * Full-text search over subject, author and body, where the body is indexed as
 * two columns: the sender's own words and the words they quote.
 */
import { UserError } from '../errors.js';
import type { Db } from './db.js';
import type { SearchHit, SearchScope } from './types.js';
import { splitQuoted } from './text.js';
import { isCorruptFault } from './faults.js';

const COLUMNS: Record<SearchScope, string> = {
  all: '{subject author own quoted}',
  own: '{subject author own}',
  quoted: '{quoted}',
};

/**
 * A user's words as an FTS5 query: every word a quoted term (so '-', ':' and
 * '.' in kernel identifiers are not operators), all required; AND/OR/NOT in
 * capitals and a trailing '*' (prefix) keep their meaning; "..." is a phrase.
 */
export function toFtsQuery(input: string): string {
  const terms: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(input); m !== null; m = re.exec(input)) {
    const phrase = m[1];
    const word = m[2];
    if (phrase !== undefined) {
      if (phrase.trim() !== '') terms.push(`"${phrase}"`);
    } else if (word !== undefined) {
      if (word === 'AND' || word === 'OR' || word === 'NOT') terms.push(word);
      else if (word.endsWith('*') && word.length > 1) terms.push(`"${word.slice(0, -1).replace(/"/g, '""')}"*`);
      else terms.push(`"${word.replace(/"/g, '""')}"`);
    }
  }
  return withoutRepeats(terms).join(' ');
}

/**
 * Bound (time, memory): the words a query may hold, phrases counted word by word. A few
 * dozen words find anything worth finding; FTS5's cost grows with each term (a 30,000-word
 * phrase took 6.7 s and 708 MB). Past it the query is refused in one line.
 */
export const MAX_QUERY_WORDS = 256;

/**
 * The same terms without repeats, where that cannot change the answer: a word repeated 500
 * times made FTS5 take 61 s (1,000 times: minutes), though "a a" finds what "a" finds. AND
 * (implicit) binds tighter than OR, so within each OR-separated group a repeated term goes,
 * and so does a repeated group. A query with NOT is left as written.
 */
function withoutRepeats(terms: readonly string[]): string[] {
  if (terms.includes('NOT')) return [...terms];
  const groups: string[][] = [[]];
  for (const t of terms) {
    if (t === 'OR') groups.push([]);
    else if (t !== 'AND') groups[groups.length - 1]?.push(t);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const g of groups) {
    const unique = [...new Set(g)];
    const id = [...unique].sort().join('\u0000');
    if (unique.length === 0 || seen.has(id)) continue;
    seen.add(id);
    if (out.length > 0) out.push('OR');
    out.push(...unique);
  }
  return out;
}

interface HitRow {
  key: string;
  thread_id: string | null;
  subject: string;
  from_name: string | null;
  from_email: string | null;
  date: string | null;
  body: string;
  merged_into: string | null;
}

export function search(db: Db, query: string, scope: SearchScope = 'all', limit = 50): SearchHit[] {
  const fts = toFtsQuery(query);
  if (fts === '') return [];
  const wordCount = fts.split(/\s+/).filter((w) => w !== 'AND' && w !== 'OR' && w !== 'NOT').length;
  if (wordCount > MAX_QUERY_WORDS)
    throw new UserError(`search: the query has ${wordCount} words; at most ${MAX_QUERY_WORDS} are searched`, 2);
  let rows: HitRow[];
  try {
    rows = db
      .prepare<[string, number], HitRow>(
        `SELECT m.key, m.thread_id, m.subject, m.from_name, m.from_email, m.date, b.body, m.merged_into
       FROM messages_fts f JOIN messages m ON m.id = f.rowid JOIN bodies b ON b.message = m.id
       WHERE messages_fts MATCH ? ORDER BY bm25(messages_fts, 4.0, 2.0, 1.0, 0.5) LIMIT ?`,
      )
      .all(`${COLUMNS[scope]} : (${fts})`, limit);
  } catch (err) {
    // A damaged database is not the query's fault: cli/main.ts names the database instead.
    if (
      isCorruptFault(err) ||
      !(err instanceof Error) ||
      err.name !== 'SqliteError' ||
      (err as { code?: unknown }).code !== 'SQLITE_ERROR'
    )
      throw err;
    // Otherwise only the query can be wrong here (e.g. a lone OR): say so in one line.
    throw new UserError(`search: cannot read query '${query}': ${err instanceof Error ? err.message : String(err)}`, 2);
  }
  const words = [
    ...new Set(
      query
        .replace(/"/g, ' ')
        .split(/\s+/)
        .filter((w) => w !== '' && w !== 'AND' && w !== 'OR' && w !== 'NOT')
        .map((w) => w.replace(/\*$/, '').toLowerCase()),
    ),
  ];
  return rows
    .filter((r) => r.merged_into === null)
    .map((r) => ({
      key: r.key,
      threadId: r.thread_id,
      subject: r.subject,
      author: { name: r.from_name, email: r.from_email },
      date: r.date,
      snippet: snippet(r.body, scope, words),
    }));
}

/** The first line holding a query word, from the part of the body the scope searched. */
function snippet(body: string, scope: SearchScope, words: readonly string[]): string {
  const parts = splitQuoted(body);
  const text = scope === 'quoted' ? parts.quoted : scope === 'own' ? parts.own : `${parts.own}\n${parts.quoted}`;
  for (const line of text.split('\n')) {
    const lower = line.toLowerCase();
    const at = words.map((w) => lower.indexOf(w)).find((i) => i >= 0);
    if (at !== undefined) {
      const start = Math.max(0, at - 60);
      return (start > 0 ? '…' : '') + line.slice(start, start + 160).trim();
    }
  }
  return '';
}
