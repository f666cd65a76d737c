import { useEffect, useState } from 'react';
import type { SimSource } from './sim-types.js';

/**
 * A number that changes whenever the checker delivers a verdict: screens that
 * show verdicts depend on it, so a verdict computed off the input path appears
 * as soon as it exists, without a key.
 */
export function useVerdictTick(sim: SimSource | undefined): number {
  const [tick, setTick] = useState(0);
  useEffect(() => (sim === undefined ? undefined : sim.onVerdict(() => setTick((t) => t + 1))), [sim]);
  return tick;
}
