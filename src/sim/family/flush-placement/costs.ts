/**
 * Costs of the seed-000 family (where the unmap-side flush lives). The flush
 * and unmap figures are the seed-002 calibration; the read-back is the core
 * model's estimate.
 */
import type { ParamSpec } from '../../costs.js';
import { PARAMS as CORE } from '../../costs.js';

export const PARAMS = {
  cpuGhz: CORE.cpuGhz,
  flushLineCycles: CORE.flushCleanLineCycles,
  unmapPageCycles: CORE.unmapPageCycles,
  readbackPageCycles: CORE.readbackPageCycles,
} as const satisfies Record<string, ParamSpec>;
