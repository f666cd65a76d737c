/** What the UI is given to show. It reads through these; it never touches SQL. */
import type { Extraction } from '../extract/types.js';
import type { StoredThread, ThreadSummary } from '../store/types.js';
import type { SimSource } from './sim-types.js';

export type { ThreadSummary };

export interface TuiSource {
  readonly threads: readonly ThreadSummary[];
  loadThread(id: string): StoredThread | null;
  extraction(id: string): Extraction;
  /** The simulator, for replaying and comparing the policies options are linked to. */
  readonly sim?: SimSource;
}
