import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import type { ThreadSummary } from './types.js';
import { day } from './format.js';
import { footerOf } from './keymap.js';
import { SORT_WORDS, type ThreadSort } from './sort-filter.js';

export interface ThreadsScreenProps {
  /** The threads as listed: sorted and filtered. */
  readonly threads: readonly ThreadSummary[];
  /** Threads in the database, filtered or not. */
  readonly total?: number;
  readonly sort?: ThreadSort;
  readonly filter?: string;
  readonly cursor: number;
  readonly height: number;
  /** Drawn in the footer's line instead of the keys: the filter prompt while it is typed. */
  readonly prompt?: React.JSX.Element | null;
}

/** The thread list: subject, then messages, people and the span of activity. */
export function ThreadsScreen({
  threads,
  total: all = threads.length,
  sort = 'activity',
  filter = '',
  cursor,
  height,
  prompt = null,
}: ThreadsScreenProps): React.JSX.Element {
  const perRow = 2;
  // A sorted or filtered list says so on a line of its own, under the title.
  const view = [sort === 'activity' ? '' : `by ${SORT_WORDS[sort]}`, filter === '' ? '' : `filter: ${filter}`]
    .filter((x) => x !== '')
    .join(' · ');
  const visible = Math.max(1, Math.floor((height - (view === '' ? 0 : 1)) / perRow));
  const start = Math.max(0, Math.min(cursor - Math.floor(visible / 2), threads.length - visible));
  const theme = useTheme();
  const total = threads.reduce((n, t) => n + t.messages, 0);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold> Threadlab </Text>
        <Text dimColor>
          {' '}
          {filter === '' ? `${threads.length} threads` : `${threads.length} of ${all} threads`} · {total} messages
        </Text>
      </Text>
      {view === '' ? null : (
        <Text dimColor wrap="truncate-end">
          {' '}
          {view}
        </Text>
      )}
      {all === 0 ? <Text dimColor> no threads: run `threadlab import PATH` first</Text> : null}
      {all > 0 && threads.length === 0 ? <Text dimColor> no thread matches the filter (f to change it)</Text> : null}
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
      {prompt ?? (
        <Text dimColor wrap="truncate-end">
          {' '}
          {footerOf('threads')}
        </Text>
      )}
    </Box>
  );
}
