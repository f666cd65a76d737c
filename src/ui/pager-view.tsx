import type React from 'react';
import { Text } from 'ink';
import type { LineKind, PagerLine } from './pager.js';
import { fg, useTheme, type Theme } from './theme.js';

export interface PagerViewProps {
  /** Already wrapped to the pane (see pagerLines). */
  readonly lines: readonly PagerLine[];
  readonly scroll: number;
  readonly height: number;
  /** Words of the last search, shown inverse where they occur. */
  readonly marks?: readonly string[];
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
export function PagerView({ lines, scroll, height, marks = [] }: PagerViewProps): React.JSX.Element {
  const theme = useTheme();
  return (
    <>
      {lines.slice(scroll, scroll + height).map((l, i) => (
        <Text key={scroll + i} {...style(l.kind, theme)} wrap="truncate-end">
          {l.text === '' ? ' ' : marked(l.text, marks)}
        </Text>
      ))}
    </>
  );
}

/** The text with every occurrence of a mark (any case) drawn inverse: visible with and without colours. */
function marked(text: string, marks: readonly string[]): React.ReactNode {
  const words = marks.filter((m) => m !== '');
  if (words.length === 0) return text;
  const lower = text.toLowerCase();
  const out: React.ReactNode[] = [];
  let at = 0;
  while (at < text.length) {
    let next = -1;
    let len = 0;
    for (const w of words) {
      const i = lower.indexOf(w, at);
      if (i >= 0 && (next < 0 || i < next)) [next, len] = [i, w.length];
    }
    if (next < 0) break;
    if (next > at) out.push(text.slice(at, next));
    out.push(
      <Text key={next} inverse>
        {text.slice(next, next + len)}
      </Text>,
    );
    at = next + len;
  }
  if (out.length === 0) return text;
  if (at < text.length) out.push(text.slice(at));
  return out;
}
