import type React from 'react';
import { Box, Text } from 'ink';
import { helpRows, type Context } from './keymap.js';

export interface HelpScreenProps {
  readonly context: Context;
  readonly height: number;
}

const TITLE: Record<Context, string> = {
  threads: 'the thread list',
  tree: 'a thread (tree has focus)',
  pager: 'a thread (pager has focus)',
  decisions: 'the design options',
  items: "an option's items",
  replay: 'the replay',
  compare: 'the comparison',
  search: 'the search prompt',
  jump: 'the jump prompt',
  filter: 'the filter prompt',
};

/** `?`: the keymap table of the screen it was pressed on, drawn from the same table the keys are read from. */
export function HelpScreen({ context, height }: HelpScreenProps): React.JSX.Element {
  const rows = helpRows(context);
  const width = Math.max(...rows.map((r) => r.keys.length), 4);
  const shown = rows.slice(0, Math.max(1, height - 2));
  return (
    <Box flexDirection="column">
      <Text bold> Keys on {TITLE[context]}</Text>
      {shown.map((r) => (
        <Text key={r.keys} wrap="truncate-end">
          {' '}
          <Text bold>{r.keys.padEnd(width)}</Text> {r.help}
        </Text>
      ))}
      <Text dimColor>
        {' '}
        {shown.length < rows.length ? `(${rows.length - shown.length} more: a taller terminal shows them)  ` : ''}any
        key closes this help
      </Text>
    </Box>
  );
}
