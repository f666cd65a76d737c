import type React from 'react';
import { Box, Text } from 'ink';
import type { StoredThread } from '../store/types.js';
import { authorName } from './format.js';
import { treeEntries } from './tree.js';
import { TreeView } from './tree-view.js';
import type { Focus } from './nav-state.js';
import { headerDate, type PagerLine } from './pager.js';
import { PagerView } from './pager-view.js';
import { footerOf } from './keymap.js';
import type { ThreadLayout } from './thread-layout.js';

export interface ThreadScreenProps {
  readonly thread: StoredThread;
  readonly cursor: number;
  readonly layout: ThreadLayout;
  /** The selected message as the pager shows it, and the first line shown. */
  readonly lines: readonly PagerLine[];
  readonly scroll: number;
  readonly focus: Focus;
  readonly marks?: readonly string[];
  /** The series version chain with the reader's version marked ("v1 → [v2] → v3"), when there is more than one. */
  readonly versions?: string | null;
}

/** Tree of the thread on the left, the selected message in a pager on the right. */
export function ThreadScreen({
  thread,
  cursor,
  layout,
  lines,
  scroll,
  focus,
  marks = [],
  versions = null,
}: ThreadScreenProps): React.JSX.Element {
  const entries = treeEntries(thread);
  const selected = entries[cursor]?.message;
  const end = Math.min(lines.length, scroll + layout.pagerHeight);
  const position = lines.length <= layout.pagerHeight ? 'all' : `${scroll + 1}-${end}/${lines.length}`;
  return (
    <Box flexDirection="column">
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <Text bold wrap="truncate-end">
            {' '}
            {thread.subject}
          </Text>
        </Box>
        <Box flexShrink={0}>
          <Text dimColor>
            {versions === null ? '' : `  ${versions}`}
            {'  '}message {cursor + 1}/{entries.length}
          </Text>
        </Box>
      </Box>
      <Box>
        <Box
          flexDirection="column"
          width={layout.treeWidth}
          borderStyle={focus === 'tree' ? 'bold' : 'single'}
          paddingX={1}
        >
          <TreeView entries={entries} cursor={cursor} height={layout.treeHeight} width={layout.treeWidth - 4} />
        </Box>
        <Box
          flexDirection="column"
          width={layout.pagerWidth}
          borderStyle={focus === 'pager' ? 'bold' : 'single'}
          paddingX={1}
        >
          {selected === undefined ? (
            <Text dimColor>empty thread</Text>
          ) : (
            <>
              <Box>
                <Box flexGrow={1} flexShrink={1}>
                  <Text bold wrap="truncate-end">
                    {authorName(selected)} ·{' '}
                    {selected.date === null ? 'date unknown' : headerDate(selected.date).replace(/:\d\d /, ' ')}
                    {selected.reconstructed ? ' · recovered from quotes' : ''}
                    {selected.ghost ? ' · missing (referenced only)' : ''}
                  </Text>
                </Box>
                <Box flexShrink={0}>
                  <Text dimColor> {position}</Text>
                </Box>
              </Box>
              <PagerView lines={lines} scroll={scroll} height={layout.pagerHeight} marks={marks} />
            </>
          )}
        </Box>
      </Box>
      <Text dimColor wrap="truncate-end">
        {' '}
        {footerOf(focus)}
      </Text>
    </Box>
  );
}
