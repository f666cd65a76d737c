/** The import pipeline: `runImport` does a whole import; `rethread` re-threads a database. */
export { runImport, rethread, type ImportOptions } from './run.js';
export { formatSummary, type ImportSummary } from './summary.js';
export { planMessage, placeMessages, planThreadingWrite, seriesInputs } from './plan.js';
export type { ImportProgress } from './progress.js';
