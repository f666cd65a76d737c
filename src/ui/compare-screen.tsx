import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import { footerOf } from './keymap.js';
import type { RunResult } from '../sim/index.js';
import type { Verdict } from './sim-types.js';

export interface CompareScreenProps {
  readonly workload: string;
  readonly runs: readonly RunResult[];
  /** The checker's verdict per policy (null while computed): what the workload alone cannot say. */
  readonly verdicts: ReadonlyMap<string, Verdict | null>;
  readonly columns: number;
}

const num = (n: number): string => n.toLocaleString('en-US');

/** "UNSAFE S1 in 4" / "none ≤ depth 6" / "safe" (fixpoint) / "…": the checker column, short enough for 80 columns. */
export function verdictCell(v: Verdict | null | undefined): { text: string; bad: boolean } {
  if (v === undefined) return { text: '—', bad: false };
  if (v === null) return { text: 'checking…', bad: false };
  if (v.result === 'unsafe')
    return { text: `UNSAFE ${v.property ?? ''} in ${v.counterexample?.length ?? 0}`, bad: true };
  // Safe only at the fixpoint; a bounded search names its bound, never reads as "safe".
  if (v.result === 'safe') return { text: 'safe', bad: false };
  const depth = /depth (\d+)/.exec(v.bound)?.[1];
  return { text: depth === undefined ? 'bounded' : `none ≤ depth ${depth}`, bad: false };
}

/**
 * Policies side by side on one workload, flushed pages drawn as bars, and the
 * checker's verdict beside the workload's own violations: a policy that is
 * cheapest and clean on this workload may still be refuted by the checker.
 * Below 100 columns the bar shortens and the IOTLB column goes.
 */
export function CompareScreen({ workload, runs, verdicts, columns }: CompareScreenProps): React.JSX.Element {
  const theme = useTheme();
  const narrow = columns < 100;
  const barWidth = narrow ? 6 : 16;
  const max = Math.max(1, ...runs.map((r) => r.metrics.flushedPages));
  const width = Math.max(...runs.map((r) => r.policy.length), 6);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {' '}
        Compare on {workload}
      </Text>
      <Text dimColor wrap="truncate-end">
        {' '}
        {'policy'.padEnd(width)} {'flushed pages'.padEnd(barWidth + 14)}
        {narrow ? '' : ` ${'IOTLB inv'.padStart(10)}`} {(narrow ? 'ms' : 'modelled ms').padStart(narrow ? 8 : 12)}{' '}
        {'here'.padEnd(6)} checker
      </Text>
      {runs.map((r) => {
        const bar = '█'.repeat(Math.round((r.metrics.flushedPages / max) * barWidth));
        const bad = r.violations.length > 0;
        const v = verdictCell(verdicts.get(r.policy));
        const here = bad ? `${r.violations.length} ${r.violations[0]?.property ?? ''}` : '0';
        return (
          <Text key={r.policy} wrap="truncate-end">
            {' '}
            {r.policy.padEnd(width)} <Text {...fg(theme, 'yellow')}>{bar.padEnd(barWidth)}</Text>{' '}
            {num(r.metrics.flushedPages).padStart(13)}
            {narrow ? '' : ` ${num(r.metrics.iotlbInvalidations).padStart(10)}`}{' '}
            {(r.metrics.modelledNs / 1e6).toFixed(1).padStart(narrow ? 8 : 12)}
            {'  '}
            <Text {...fg(theme, bad ? 'red' : 'green')}>{here.padEnd(6)}</Text>{' '}
            <Text {...fg(theme, v.bad ? 'red' : 'yellow')}>{v.text}</Text>
          </Text>
        );
      })}
      <Text dimColor wrap="truncate-end">
        {' '}
        here: violations on this workload · checker: every sequence of operations up to the bound
      </Text>
      <Text dimColor wrap="truncate-end">
        {' '}
        {footerOf('compare')}
      </Text>
    </Box>
  );
}
