import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import { footerOf } from './keymap.js';
import type { RunResult } from '../sim/index.js';

export interface CompareScreenProps {
  readonly workload: string;
  readonly runs: readonly RunResult[];
}

const num = (n: number): string => n.toLocaleString('en-US');

/** Policies side by side on one workload, flushed pages drawn as bars. */
export function CompareScreen({ workload, runs }: CompareScreenProps): React.JSX.Element {
  const theme = useTheme();
  const max = Math.max(1, ...runs.map((r) => r.metrics.flushedPages));
  const width = Math.max(...runs.map((r) => r.policy.length), 6);
  return (
    <Box flexDirection="column">
      <Text bold> Compare on {workload}</Text>
      <Text dimColor>
        {' '}
        {'policy'.padEnd(width)}  {'flushed pages'.padEnd(30)} {'IOTLB inv'.padStart(10)} {'modelled ms'.padStart(12)}  violations
      </Text>
      {runs.map((r) => {
        const bar = '█'.repeat(Math.round((r.metrics.flushedPages / max) * 16));
        const bad = r.violations.length > 0;
        return (
          <Text key={r.policy} wrap="truncate-end">
            {' '}
            {r.policy.padEnd(width)}  <Text {...fg(theme, 'yellow')}>{bar.padEnd(16)}</Text> {num(r.metrics.flushedPages).padStart(13)}{' '}
            {num(r.metrics.iotlbInvalidations).padStart(10)} {(r.metrics.modelledNs / 1e6).toFixed(1).padStart(12)}{'  '}
            <Text {...fg(theme, bad ? 'red' : 'green')}>{bad ? `${r.violations.length} (${r.violations[0]?.property ?? ''})` : '0'}</Text>
          </Text>
        );
      })}
      <Text dimColor wrap="truncate-end"> {footerOf('compare')}</Text>
    </Box>
  );
}
