import type React from 'react';
import { Box, Text } from 'ink';
import type { StateTable } from './state-table.js';

export interface StateGridProps {
  readonly table: StateTable;
  /** The state before the step, to mark what it changed. */
  readonly before: StateTable;
  readonly columns: number;
  /** Lines the grid may use, the fields included. */
  readonly rows: number;
}

const cut = (text: string, width: number): string =>
  [...text].length <= width ? text.padEnd(width) : `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;

/**
 * A seed family's state after a step: one row per index of its arrays (the
 * pages or IOVA pages of its universe, the commands of a batch), a column per
 * array or field, then its other fields packed into lines. `*` and bold mark
 * what the step changed (a changed cell underlined); a changed field says what
 * it was ("*cache D→C").
 */
export function StateGrid({ table, before, columns, rows }: StateGridProps): React.JSX.Element {
  const width = table.heads.map((h, c) =>
    Math.min(24, Math.max(h.length, ...table.rows.map((r) => [...(r.cells[c] ?? '')].length))),
  );
  const label = Math.max(2, ...table.rows.map((r) => r.label.length));
  const was = new Map(before.fields.map((f) => [f.name, f.value]));
  // The fields packed into lines of the width, each "name value", a changed one "*name old→new".
  const tokens = table.fields.map((f) => {
    const old = was.get(f.name);
    const changed = old !== undefined && old !== f.value;
    return { key: f.name, changed, text: changed ? `*${f.name} ${old}→${f.value}` : `${f.name} ${f.value}` };
  });
  const lines: (typeof tokens)[] = [];
  let used = Number.POSITIVE_INFINITY;
  for (const t of tokens) {
    const w = [...t.text].length + 2;
    if (used + w > columns - 3) {
      lines.push([]);
      used = 0;
    }
    lines.at(-1)?.push(t);
    used += w;
  }
  const shownRows = table.rows.slice(
    0,
    Math.max(1, rows - (table.heads.length === 0 ? 0 : 1) - Math.min(lines.length, 3)),
  );
  const fieldLines = lines.slice(0, Math.max(1, rows - shownRows.length - (table.heads.length === 0 ? 0 : 1)));
  return (
    <Box flexDirection="column" width={columns}>
      {table.heads.length === 0 ? null : (
        <Text dimColor wrap="truncate-end">
          {'   '}
          {cut('', label)} {table.heads.map((h, c) => cut(h, width[c] ?? h.length)).join(' ')}
        </Text>
      )}
      {shownRows.map((r, i) => {
        const prior = before.rows[i];
        const changed = r.cells.map((cell, c) => prior === undefined || prior.cells[c] !== cell);
        const any = changed.some((x) => x);
        return (
          <Text key={r.label} bold={any} wrap="truncate-end">
            {any ? ' * ' : '   '}
            {cut(r.label, label)}{' '}
            {r.cells.map((cell, c) => (
              <Text key={table.heads[c] ?? c} underline={changed[c] === true}>
                {cut(cell, width[c] ?? cell.length)}
                {c < r.cells.length - 1 ? ' ' : ''}
              </Text>
            ))}
          </Text>
        );
      })}
      {table.rows.length > shownRows.length ? (
        <Text dimColor>
          {'   '}… {table.rows.length - shownRows.length} more rows
        </Text>
      ) : null}
      {fieldLines.map((line, k) => (
        <Text key={line[0]?.key ?? k} wrap="truncate-end">
          {'   '}
          {line.map((t, n) => (
            <Text key={t.key} bold={t.changed} dimColor={!t.changed}>
              {n === 0 ? '' : '  '}
              {t.text}
            </Text>
          ))}
        </Text>
      ))}
      {lines.length > fieldLines.length ? (
        <Text dimColor>
          {'   '}… {lines.length - fieldLines.length} more lines of fields
        </Text>
      ) : null}
    </Box>
  );
}
