/**
 * The per-thread extraction cache. Extraction runs on first use of a thread,
 * not during import (it would drag the import rate down); the importer drops
 * the entries of every thread it touched (see threading.ts). Each entry carries
 * the extractor's version: an entry made by other code is recomputed.
 */
import type { Db } from './db.js';
import { isReadOnlyFault } from './faults.js';
import type { Extraction } from '../extract/types.js';

interface Entry {
  readonly version: string;
  readonly value: Extraction;
}

export function cachedExtraction(db: Db, threadId: string, version: string, compute: () => Extraction): Extraction {
  const row = db
    .prepare<[string], { json: string }>('SELECT json FROM extraction_cache WHERE thread_id = ?')
    .get(threadId);
  // Written below from a value of this very type (entries of older releases lack `version` and are recomputed).
  const entry = row === undefined ? undefined : (JSON.parse(row.json) as Partial<Entry>);
  if (entry?.version === version && entry.value !== undefined) return entry.value;
  const value = compute();
  if (!db.readonly) {
    const fresh: Entry = { version, value };
    try {
      db.prepare('INSERT OR REPLACE INTO extraction_cache (thread_id, json) VALUES (?, ?)').run(
        threadId,
        JSON.stringify(fresh),
      );
    } catch (err) {
      // The cache only saves time: a database this process may read but not write
      // (a read-only file or file system) still answers, just without keeping the result.
      if (!isReadOnlyFault(err)) throw err;
    }
  }
  return value;
}
