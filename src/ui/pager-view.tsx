import type React from 'react';
import { Text } from 'ink';
import type { LineKind, PagerLine } from './pager.js';
import { fg, useTheme, type Theme } from './theme.js';

export interface PagerViewProps {
  /** Already wrapped to the pane (see pagerLines). */
  readonly lines: readonly PagerLine[];
  readonly scroll: number;
  readonly height: number;
}

function style(kind: LineKind, theme: Theme): { color?: string; dimColor?: boolean; bold?: boolean } {
  switch (kind) {
    case 'quote':
    case 'attribution':
      return { dimColor: true };
    case 'fold':
      return { ...fg(theme, 'blue'), dimColor: true };
    case 'file':
      return { ...fg(theme, 'yellow'), bold: true };
    case 'hunk':
      return fg(theme, 'cyan');
    case 'add':
      return fg(theme, 'green');
    case 'del':
      return fg(theme, 'red');
    default:
      return {};
  }
}

/** One screenful of the message from line `scroll`. */
export function PagerView({ lines, scroll, height }: PagerViewProps): React.JSX.Element {
  const theme = useTheme();
  return (
    <>
      {lines.slice(scroll, scroll + height).map((l, i) => (
        <Text key={scroll + i} {...style(l.kind, theme)} wrap="truncate-end">
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </>
  );
}
