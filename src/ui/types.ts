/** What the UI is given to show. It reads through these; it never touches SQL. */
import type { Extraction } from '../extract/types.js';
import type { SearchHit, SearchScope, StoredThread, ThreadSummary } from '../store/types.js';
import type { SeriesChain } from '../store/series-read.js';
import type { SimSource } from './sim-types.js';

export type { SearchHit, SearchScope, SeriesChain, ThreadSummary };

export interface TuiSource {
  readonly threads: readonly ThreadSummary[];
  loadThread(id: string): StoredThread | null;
  extraction(id: string): Extraction;
  /** Full-text matches, best first; throws a UserError for a query FTS5 cannot read. */
  search(query: string, scope: SearchScope): readonly SearchHit[];
  /** What a thread id, message key or Message-ID (brackets optional) names, or null. */
  /** The version chains (v1 -> v2 -> v3) the thread's patches belong to, with each patch's review trailers. */
  series(threadId: string): readonly SeriesChain[];
  resolve(ref: string): { readonly threadId: string; readonly messageKey: string | null } | null;
  /** The ids of the threads that hold a patch (asked for by the has:patch filter only). */
  patchThreads?(): ReadonlySet<string>;
  /** The simulator, for replaying and comparing the policies options are linked to. */
  readonly sim?: SimSource;
}
