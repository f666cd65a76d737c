import { useMemo } from 'react';
import type { SearchHit, SearchScope, TuiSource } from './types.js';

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  readonly error: string | null;
}

/**
 * The query as typed so far, searched as the user means it: the word being
 * typed is a prefix ("iomm" finds iommu), a finished word (followed by a space)
 * is whole. One or two letters are taken as words, not prefixes: "i*" matches
 * nearly every message of an archive and ranking them all took seconds (bench:tui).
 */
const MIN_PREFIX = 3;

export function asYouType(query: string): string {
  const m = /(\S+)$/.exec(query);
  const last = m?.[1];
  if (
    last === undefined ||
    [...last].length < MIN_PREFIX ||
    /["*]/.test(last) ||
    last === 'AND' ||
    last === 'OR' ||
    last === 'NOT'
  )
    return query;
  return `${query}*`;
}

/**
 * Searches through the source, each (query, scope) once: the reducer asks for
 * the matches of the state it is in and the screen draws them, so both must see
 * the same list, and a key must not run the query twice.
 */
export function useSearch(source: TuiSource): (query: string, scope: SearchScope) => SearchResult {
  return useMemo(() => {
    const cache = new Map<string, SearchResult>();
    return (query, scope) => {
      const key = `${scope}\u0000${query}`;
      let r = cache.get(key);
      if (r === undefined) {
        if (query.trim() === '') r = { hits: [], error: null };
        else {
          try {
            r = { hits: source.search(asYouType(query), scope), error: null };
          } catch (err) {
            // A half-typed query (a lone OR, an open quote) is not yet a query: no matches, and why.
            r = { hits: [], error: err instanceof Error ? err.message : String(err) };
          }
        }
        // Typing makes a new query per key; keep the cache to the recent ones.
        if (cache.size > 200) cache.clear();
        cache.set(key, r);
      }
      return r;
    };
  }, [source]);
}
