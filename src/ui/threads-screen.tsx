import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import type { ThreadSummary } from './types.js';
import { day } from './format.js';
import { footerOf } from './keymap.js';

export interface ThreadsScreenProps {
  readonly threads: readonly ThreadSummary[];
  readonly cursor: number;
  readonly height: number;
}

/** The thread list: subject, then messages, people and the span of activity. */
export function ThreadsScreen({ threads, cursor, height }: ThreadsScreenProps): React.JSX.Element {
  const perRow = 2;
  const visible = Math.max(1, Math.floor(height / perRow));
  const start = Math.max(0, Math.min(cursor - Math.floor(visible / 2), threads.length - visible));
  const theme = useTheme();
  const total = threads.reduce((n, t) => n + t.messages, 0);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold> Threadlab </Text>
        <Text dimColor>
          {' '}
          {threads.length} threads · {total} messages
        </Text>
      </Text>
      {threads.length === 0 ? <Text dimColor> no threads: run `threadlab import PATH` first</Text> : null}
      {threads.slice(start, start + visible).map((t, i) => {
        const selected = start + i === cursor;
        const voices = t.reconstructed > 0 ? ` (${t.reconstructed} recovered)` : '';
        return (
          <Box key={t.id} flexDirection="column">
            <Text {...(selected ? fg(theme, 'cyan') : {})} bold={selected} wrap="truncate-end">
              {selected ? '> ' : '  '}
              {t.subject || '(no subject)'}
            </Text>
            <Text dimColor wrap="truncate-end">
              {'    '}
              {t.messages} msgs{voices} · {t.people.slice(0, 3).join(', ')}
              {t.people.length > 3 ? ` +${t.people.length - 3}` : ''} · {day(t.first)} → {day(t.last)}
            </Text>
          </Box>
        );
      })}
      <Text dimColor wrap="truncate-end"> {footerOf('threads')}</Text>
    </Box>
  );
}
