import type React from 'react';
import { Box, Text } from 'ink';
import { entryHeight, treeTop, type TreeEntry } from './tree.js';
import { fg, useTheme } from './theme.js';

export interface TreeViewProps {
  readonly entries: readonly TreeEntry[];
  readonly cursor: number;
  readonly height: number;
  /** Columns inside the box: indentation takes at most a third of them, so deep replies keep their names. */
  readonly width: number;
}

/** The reply tree: one row per message, a second for its subject where that changes. */
export function TreeView({ entries, cursor, height, width }: TreeViewProps): React.JSX.Element {
  const theme = useTheme();
  const top = treeTop(entries, cursor, height);
  const shown: TreeEntry[] = [];
  let used = 0;
  for (const e of entries.slice(top)) {
    if (used + entryHeight(e) > height) break;
    shown.push(e);
    used += entryHeight(e);
  }
  return (
    <>
      {shown.map((e) => {
        const on = e === entries[cursor];
        const indent = ' '.repeat(Math.min(e.depth * 2, Math.floor(width / 3)));
        return (
          <Box key={e.message.key} flexDirection="column">
            <Text
              {...(on ? fg(theme, 'cyan') : {})}
              bold={on}
              inverse={on && !theme.color}
              dimColor={e.tag === 'missing'}
              wrap="truncate-end"
            >
              {indent}
              {e.mark} {e.label}
              {e.tag === 'patch' ? <Text {...fg(theme, 'green')}> patch</Text> : null}
              {e.tag === 'recovered' ? <Text dimColor> recovered</Text> : null}
            </Text>
            {e.subject === null ? null : (
              <Text dimColor wrap="truncate-end">
                {indent}
                {'  '}
                {e.subject}
              </Text>
            )}
          </Box>
        );
      })}
    </>
  );
}
