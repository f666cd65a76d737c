/** Wires the store and extraction into the read-only source the TUI draws from. */
import { cachedExtraction, listThreads, loadThread, resolveRef, type Db } from '../src/store/index.js';
import { extractThread } from '../src/extract/index.js';
import type { TuiSource } from '../src/ui/types.js';

export function storeSource(db: Db): TuiSource {
  return {
    threads: listThreads(db),
    loadThread: (id) => (resolveRef(db, id) === null ? null : loadThread(db, id)),
    extraction: (id) => cachedExtraction(db, id, () => extractThread(loadThread(db, id))),
  };
}
