/**
 * The series index of migration 9: each archived message with a series tag filed under its
 * series keys (sender name, sender address, Message-ID: seriesKeys in src/patch/series.ts),
 * so an incremental re-thread re-plans only the series of the components its patches are in.
 *
 *   patch ──key──▶ every tagged message filed under that key ──its keys──▶ ... (until none is new)
 */
import type { Db } from './db.js';

const UNFILED = 'series_keys_unfiled';

export class SeriesKeysWriter {
  private readonly insertKey;

  constructor(db: Db) {
    this.insertKey = db.prepare('INSERT INTO series_keys (key, message) VALUES (?, ?)');
  }

  insert(id: number, keys: readonly string[]): void {
    for (const k of keys) this.insertKey.run(k, id);
  }
}

/** Whether tagged messages stored before migration 9 wait to be filed (then series are planned whole once). */
export function seriesKeysUnfiled(db: Db): boolean {
  return db.prepare('SELECT 1 FROM meta WHERE key = ?').get(UNFILED) !== undefined;
}

/**
 * Up to `limit` tagged archived messages past row id `after` not filed yet (from before
 * migration 9), in id order: what seriesKeys reads.
 */
export function unfiledSeriesMessages(
  db: Db,
  after: number,
  limit: number,
): { id: number; key: string; messageId: string | null; name: string | null; email: string | null }[] {
  return db
    .prepare<
      [number, number],
      { id: number; key: string; message_id: string | null; from_name: string | null; from_email: string | null }
    >(
      `SELECT id, key, message_id, from_name, from_email FROM messages
       WHERE id > ? AND series IS NOT NULL AND reconstructed = 0 AND id NOT IN (SELECT message FROM series_keys)
       ORDER BY id LIMIT ?`,
    )
    .all(after, limit)
    .map((r) => ({ id: r.id, key: r.key, messageId: r.message_id, name: r.from_name, email: r.from_email }));
}

/** File a batch of them (one transaction; every message has at least its Message-ID key). */
export function fileSeriesKeys(
  db: Db,
  filed: readonly { readonly id: number; readonly keys: readonly string[] }[],
): void {
  const writer = new SeriesKeysWriter(db);
  db.transaction(() => {
    for (const f of filed) writer.insert(f.id, f.keys);
  })();
}

/** Once none is left unfiled: the index is whole, and series may be planned by component. */
export function seriesKeysFiled(db: Db): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(UNFILED);
}

/**
 * The components of the seeds: for each, the row ids of every tagged message sharing a series
 * key with it, directly or through others. Series planning can take each apart from the rest,
 * so a bulk import plans them one at a time and holds one component's rows, not all of them.
 */
export function* seriesComponents(db: Db, seeds: readonly number[]): Generator<number[]> {
  const keysOf = db.prepare<[number], { key: string }>('SELECT key FROM series_keys WHERE message = ?');
  const holders = db.prepare<[string], { message: number }>('SELECT message FROM series_keys WHERE key = ?');
  const seen = new Set<number>();
  const keys = new Set<string>();
  for (const seed of seeds) {
    if (seen.has(seed)) continue;
    seen.add(seed);
    const component = [seed];
    for (let i = 0; i < component.length; i++) {
      for (const { key } of keysOf.all(component[i] ?? 0)) {
        if (keys.has(key)) continue;
        keys.add(key);
        for (const { message } of holders.all(key))
          if (!seen.has(message)) {
            seen.add(message);
            component.push(message);
          }
      }
    }
    yield component;
  }
}
