/** What the UI is given to show. It reads through these; it never touches SQL. */
import type { Extraction } from '../extract/types.js';
import type { StoredThread } from '../store/types.js';

export interface ThreadSummary {
  readonly id: string;
  readonly subject: string;
  readonly messages: number;
  readonly reconstructed: number;
  readonly people: readonly string[];
  readonly first: string | null;
  readonly last: string | null;
}

export interface TuiSource {
  readonly threads: readonly ThreadSummary[];
  loadThread(id: string): StoredThread | null;
  extraction(id: string): Extraction;
}
