/**
 * The series index of migration 9: each archived message with a series tag filed under its
 * series keys (sender name, sender address, Message-ID: seriesKeys in src/patch/series.ts),
 * so an incremental re-thread re-plans only the series of the components its patches are in.
 *
 *   patch ──key──▶ every tagged message filed under that key ──its keys──▶ ... (until none is new)
 */
import type { Db } from './db.js';
import type { SeriesTag } from '../patch/types.js';

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
 * migration 12), in id order: what seriesKeys reads.
 */
export function unfiledSeriesMessages(
  db: Db,
  after: number,
  limit: number,
): {
  id: number;
  key: string;
  messageId: string | null;
  name: string | null;
  email: string | null;
  subject: string;
  series: SeriesTag | null;
  changeId: string | null;
  date: string | null;
  hasPatch: boolean;
}[] {
  return db
    .prepare<
      [number, number],
      {
        id: number;
        key: string;
        message_id: string | null;
        from_name: string | null;
        from_email: string | null;
        subject: string;
        series: string;
        change_id: string | null;
        date: string | null;
        has_patch: number;
      }
    >(
      `SELECT id, key, message_id, from_name, from_email, subject, series, change_id, date,
              EXISTS (SELECT 1 FROM patches p WHERE p.message = messages.id) AS has_patch FROM messages
       WHERE id > ? AND series IS NOT NULL AND reconstructed = 0 AND id NOT IN (SELECT message FROM series_keys)
       ORDER BY id LIMIT ?`,
    )
    .all(after, limit)
    .map((r) => ({
      id: r.id,
      key: r.key,
      messageId: r.message_id,
      name: r.from_name,
      email: r.from_email,
      subject: r.subject,
      series: JSON.parse(r.series) as SeriesTag,
      changeId: r.change_id,
      date: r.date,
      hasPatch: r.has_patch === 1,
    }));
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
 * The components of the seeds: for each, the row ids of every tagged message related to it,
 * directly or through others, by what series planning weighs together (seriesKeys in
 * src/patch/series.ts): a shared key (as `walkKeys` says to follow a member's keys), a
 * Message-ID one of them cites (message_refs, both ways), or a thread. Thread mates of a
 * message being re-threaded are `mates(id)` (its old and new thread's, which the caller
 * knows); of any other, those of its stored thread. Series planning can take each
 * component apart from the rest, so an import plans them one at a time.
 */
export function* seriesComponents(
  db: Db,
  seeds: readonly number[],
  walkKeys: (keys: readonly string[]) => readonly string[],
  mates: (id: number) => readonly number[] | undefined = () => undefined,
): Generator<number[]> {
  const keysOf = db.prepare<[number], { key: string }>('SELECT key FROM series_keys WHERE message = ?');
  const holders = db.prepare<[string], { message: number }>('SELECT message FROM series_keys WHERE key = ?');
  const node = db.prepare<[number], { message_id: string | null; thread_id: string | null }>(
    'SELECT message_id, thread_id FROM messages WHERE id = ?',
  );
  const cited = db.prepare<[number], { ref: string }>('SELECT ref FROM message_refs WHERE message = ?');
  const citing = db.prepare<[string], { message: number }>(
    'SELECT DISTINCT r.message FROM message_refs r JOIN series_keys k ON k.message = r.message WHERE r.ref = ?',
  );
  const inThread = db.prepare<[string], { id: number }>(
    'SELECT id FROM messages WHERE thread_id = ? AND series IS NOT NULL AND reconstructed = 0',
  );
  const seen = new Set<number>();
  const keys = new Set<string>();
  const threads = new Set<string>();
  for (const seed of seeds) {
    if (seen.has(seed)) continue;
    seen.add(seed);
    const component = [seed];
    const add = (id: number): void => {
      if (seen.has(id)) return;
      seen.add(id);
      component.push(id);
    };
    const follow = (key: string): void => {
      if (keys.has(key)) return;
      keys.add(key);
      for (const { message } of holders.all(key)) add(message);
    };
    for (let i = 0; i < component.length; i++) {
      const id = component[i] ?? 0;
      const own = keysOf.all(id).map((r) => r.key);
      for (const key of walkKeys(own)) follow(key);
      // A tagged message planSeries drops files only its id: nothing to walk from it.
      if (own.every((k) => k.startsWith('i:'))) continue;
      const n = node.get(id);
      for (const { ref } of cited.all(id)) follow(`i:${ref}`);
      if (n?.message_id) for (const { message } of citing.all(n.message_id)) add(message);
      const known = mates(id);
      if (known !== undefined) for (const m of known) add(m);
      else if (n?.thread_id && !threads.has(n.thread_id)) {
        threads.add(n.thread_id);
        for (const m of inThread.all(n.thread_id)) add(m.id);
      }
    }
    yield component;
  }
}
