/** The store: all SQL of Threadlab lives under src/store/. */
export { openStore, removeStoreFiles, type Db, type OpenOptions } from './db.js';
export { StoreWriter } from './writer.js';
export {
  bodyById,
  bodyReader,
  loadThreadingRows,
  loadIncrementalRows,
  loadSeriesRows,
  matchingUnknown,
  rowsRead,
  withBodies,
  applyThreading,
  type IncrementalRow,
} from './threading.js';
export { importedBytes, importedFile, recordImportedFiles, type ImportedFile } from './files.js';
export { ContextLookups, fileMessages, unfiledCount, unfiledMessages } from './context.js';
export {
  fileSeriesKeys,
  seriesComponents,
  seriesKeysFiled,
  seriesKeysUnfiled,
  unfiledSeriesMessages,
} from './series-keys.js';
export {
  affectedMessages,
  affectedWalk,
  applyIncrementalThreading,
  messageCount,
  pendingMessages,
  type Affected,
} from './incremental.js';
export {
  fragmentCount,
  listThreads,
  threadsWithPatches,
  loadThread,
  resolveRef,
  threadIds,
  threadsOf,
  withoutFragments,
  type ThreadListing,
} from './read.js';
export { readPlacements, type Placement, type Placements } from './placements.js';
export { MAX_QUERY_WORDS, search, toFtsQuery } from './search.js';
export { cachedExtraction } from './cache.js';
export { splitQuoted } from './text.js';
export { SCHEMA_VERSION } from './schema.js';
export { storeFault } from './faults.js';
export { takeImportLock } from './lock.js';
export type * from './types.js';
export {
  contractMessage,
  contractPatch,
  contractThread,
  type ContractMessage,
  type ContractPatch,
  type ContractThread,
} from './contract.js';
export { loadThreadSeries, type SeriesChain, type SeriesVersionView, type SeriesPatchView } from './series-read.js';
