/**
 * The per-thread extraction cache. Extraction runs on first use of a thread,
 * not during import (it would drag the import rate down); the importer drops
 * the entries of every thread it touched (see threading.ts).
 */
import type { Db } from './db.js';
import type { Extraction } from '../extract/types.js';

export function cachedExtraction(db: Db, threadId: string, compute: () => Extraction): Extraction {
  const row = db.prepare<[string], { json: string }>('SELECT json FROM extraction_cache WHERE thread_id = ?').get(threadId);
  // Written by the line below from a value of this very type.
  if (row !== undefined) return JSON.parse(row.json) as Extraction;
  const value = compute();
  if (!db.readonly) {
    db.prepare('INSERT OR REPLACE INTO extraction_cache (thread_id, json) VALUES (?, ?)').run(threadId, JSON.stringify(value));
  }
  return value;
}
