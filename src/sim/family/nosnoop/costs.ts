/**
 * Costs of the seed-003 family: only the flush is priced (the question is
 * whether to flush at all). Figures from the core model's calibration.
 */
import type { ParamSpec } from '../../costs.js';
import { PARAMS as CORE } from '../../costs.js';

export const PARAMS = {
  cpuGhz: CORE.cpuGhz,
  flushLineCycles: {
    ...CORE.flushDirtyLineCycles,
    source: `${CORE.flushDirtyLineCycles.source} (the seed-002 calibration: about 590 cycles per 4 KiB page)`,
  },
} as const satisfies Record<string, ParamSpec>;
