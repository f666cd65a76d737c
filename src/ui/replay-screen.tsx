import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import { footerOf } from './keymap.js';

export interface ReplayStep {
  readonly label: string;
  /** What the step caused: flushes, invalidations, pins. */
  readonly effect: string;
  readonly violations: readonly string[];
}

export interface ReplayScreenProps {
  readonly policy: string;
  /** What is replayed: a workload id, or the checker's counterexample. */
  readonly subject: string;
  readonly steps: readonly ReplayStep[];
  readonly cursor: number;
  readonly height: number;
}

/** Step through a replay: the operations in order, what the current one caused, and any violation. */
export function ReplayScreen({ policy, subject, steps, cursor, height }: ReplayScreenProps): React.JSX.Element {
  const theme = useTheme();
  const current = steps[cursor];
  const listHeight = Math.max(3, height - 8);
  const start = Math.max(0, Math.min(cursor - Math.floor(listHeight / 2), steps.length - listHeight));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> Replay {policy}</Text> on {subject}
        <Text dimColor>
          {'  '}step {steps.length === 0 ? 0 : cursor + 1} of {steps.length}
        </Text>
      </Text>
      <Box flexDirection="column" borderStyle="single" paddingX={1}>
        {steps.slice(start, start + listHeight).map((s, i) => {
          const on = start + i === cursor;
          const bad = s.violations.length > 0;
          return (
            <Text key={start + i} {...(bad ? fg(theme, 'red') : on ? fg(theme, 'cyan') : {})} bold={on} wrap="truncate-end">
              {on ? '▶' : ' '}
              {String(start + i + 1).padStart(3)} {s.label}
              <Text dimColor> {s.effect}</Text>
            </Text>
          );
        })}
      </Box>
      {current === undefined ? (
        <Text dimColor> nothing to replay</Text>
      ) : (
        <Box flexDirection="column" paddingX={1}>
          <Text wrap="truncate-end">
            step {cursor + 1}: {current.label}
          </Text>
          <Text dimColor wrap="truncate-end">
            {'  '}→ {current.effect}
          </Text>
          {current.violations.map((v, i) => (
            <Text key={i} {...fg(theme, 'red')} wrap="wrap">
              ! {v}
            </Text>
          ))}
        </Box>
      )}
      <Text dimColor wrap="truncate-end"> {footerOf('replay')}</Text>
    </Box>
  );
}
