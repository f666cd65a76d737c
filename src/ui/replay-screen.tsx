import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import { footerOf } from './keymap.js';
import type { WorldSnapshot } from './sim-types.js';
import { ReplayGrid, type Place } from './replay-grid.js';
import { StateGrid } from './state-grid.js';
import type { StateTable } from './state-table.js';

export interface ReplayStep {
  readonly label: string;
  /** What the step caused: flushes, invalidations, pins. */
  readonly effect: string;
  /** The step flushed pages or invalidated IOTLB entries (drawn highlighted). */
  readonly flushed: boolean;
  readonly violations: readonly string[];
  /** The pages the violations happened on. */
  readonly at: readonly Place[];
  /** The world after the step, or null where the model has none to show. */
  readonly world: WorldSnapshot | null;
  /** A seed family's step: its model's state before and after, as a table. */
  readonly table?: { readonly before: StateTable; readonly after: StateTable };
}

export interface ReplayScreenProps {
  readonly policy: string;
  /** What is replayed: a workload id, or the checker's counterexample. */
  readonly subject: string;
  readonly steps: readonly ReplayStep[];
  readonly cursor: number;
  readonly height: number;
  readonly columns: number;
}

/** Lines the screen spends around the grid: title, three operations, domains, IOTLB, grid head, footer. */
const CHROME = 8;

/**
 * Step through a replay: the operation before, this one and the next with what
 * each caused (flushes and invalidations highlighted), the state of the world
 * after this step as a grid, and any violation, explained, on its page's row.
 */
export function ReplayScreen({
  policy,
  subject,
  steps,
  cursor,
  height,
  columns,
}: ReplayScreenProps): React.JSX.Element {
  const theme = useTheme();
  const current = steps[cursor];
  const near = [cursor - 1, cursor, cursor + 1].filter((i) => i >= 0 && i < steps.length);
  const words = current?.violations ?? [];
  // The violation's words are what the step is about: they keep their lines, the grid gives up rows.
  const gridRows = Math.max(2, height - CHROME - 2 * words.length);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> Replay {policy}</Text> on {subject}
        <Text dimColor>
          {'  '}step {steps.length === 0 ? 0 : cursor + 1} of {steps.length}
        </Text>
      </Text>
      {current === undefined ? <Text dimColor> nothing to replay</Text> : null}
      {near.map((i) => {
        const s = steps[i];
        if (s === undefined) return null;
        const on = i === cursor;
        const bad = s.violations.length > 0;
        // A family's step says what it flushes in its label alone: the label is what is highlighted.
        const flushLabel = s.flushed && s.effect === '';
        return (
          <Text
            key={i}
            {...(bad ? fg(theme, 'red') : flushLabel ? fg(theme, 'yellow') : on ? fg(theme, 'cyan') : {})}
            bold={on}
            dimColor={!on && !bad && !flushLabel}
            wrap="truncate-end"
          >
            {on ? ' ▶' : '  '}
            {String(i + 1).padStart(3)} {s.label}
            {s.effect === '' ? null : (
              <Text {...(s.flushed ? fg(theme, 'yellow') : {})} dimColor={!s.flushed}>
                {'  '}→ {s.effect}
              </Text>
            )}
          </Text>
        );
      })}
      {current?.table !== undefined ? (
        <StateGrid table={current.table.after} before={current.table.before} columns={columns} rows={gridRows + 2} />
      ) : current?.world == null ? (
        current === undefined ? null : (
          <Text dimColor> (no page state to show for this model)</Text>
        )
      ) : (
        <ReplayGrid
          world={current.world}
          before={steps[cursor - 1]?.world ?? null}
          at={current.at}
          columns={columns}
          rows={gridRows}
        />
      )}
      {words.map((v, i) => (
        <Text key={i} {...fg(theme, 'red')} bold wrap="wrap">
          {' '}
          ! {v}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {' '}
        {footerOf('replay')}
      </Text>
    </Box>
  );
}
