/** The import pipeline: `runImport` does a whole import; `rethread` re-threads a database. */
export { runImport, type ImportOptions } from './run.js';
export { rethread } from './rethread.js';
export { formatSummary, type ImportSummary } from './summary.js';
export { planMessage, placeMessages, planThreadingWrite, seriesInputs } from './plan.js';
export type { ImportProgress } from './progress.js';
