import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import type { Extraction, Item } from '../extract/types.js';
import type { Verdict } from './sim-types.js';
import { footerOf } from './keymap.js';
import { stance, type Stance } from '../extract/stance.js';
import { SORT_WORDS, type OptionSort } from './sort-filter.js';

export interface DecisionsScreenProps {
  readonly subject: string;
  /** The options as listed (sorted and filtered), with every item of the thread. */
  readonly extraction: Extraction;
  /** Options of the thread, filtered or not. */
  readonly total?: number;
  readonly sort?: OptionSort;
  readonly filter?: string;
  readonly cursor: number;
  /** The item of the selected option with the cursor, or null while the cursor is on the options. */
  readonly item: number | null;
  readonly height: number;
  /** The checker's verdict on the selected option's policy: undefined without a policy, null while it is computed. */
  readonly verdict: Verdict | null | undefined;
  /** Drawn in the footer's line instead of the keys: the filter prompt while it is typed. */
  readonly prompt?: React.JSX.Element | null;
}

const statusMark: Record<string, string> = {
  supported: '✓ supported',
  opposed: '✗ opposed',
  superseded: '→ superseded',
  open: '~ open',
};
const kindMark: Record<Item['kind'], string> = {
  proposal: '▶',
  concern: '!',
  question: '?',
  support: '✓',
  oppose: '✗',
  review: '✎',
};

/** The design options of a thread, each with the items that argue about it. */
export function DecisionsScreen({
  subject,
  extraction,
  total,
  sort = 'thread',
  filter = '',
  cursor,
  item,
  height,
  verdict,
  prompt = null,
}: DecisionsScreenProps): React.JSX.Element {
  const items = new Map(extraction.items.map((i) => [i.id, i]));
  const options = extraction.options;
  const start = Math.max(0, cursor - 2);
  // A sorted or filtered list says so on a line of its own, under the title.
  // The title is cut at the width with a long subject: how many the filter kept is said here too.
  const view = [
    filter === '' ? '' : `${options.length} of ${total ?? options.length} options`,
    sort === 'thread' ? '' : `by ${SORT_WORDS[sort]}`,
    filter === '' ? '' : `filter: ${filter}`,
  ]
    .filter((x) => x !== '')
    .join(' · ');
  let budget = Math.max(4, height - 3 - (view === '' ? 0 : 1));
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> Decisions · {subject}</Text>
        <Text dimColor>
          {'  '}
          {filter === '' ? `${options.length} options` : `${options.length} of ${total ?? options.length} options`} ·{' '}
          {extraction.items.length} items
        </Text>
      </Text>
      {view === '' ? null : (
        <Text dimColor wrap="truncate-end">
          {' '}
          {view}
        </Text>
      )}
      {options.length === 0 ? (
        <Text dimColor>
          {' '}
          {filter === '' ? 'no design options found in this thread' : 'no option matches the filter (f to change it)'}
        </Text>
      ) : null}
      {options.slice(start).map((o, i) => {
        if (budget <= 0) return null;
        const on = start + i === cursor;
        const all = o.items.map((id) => items.get(id)).filter((x): x is Item => x !== undefined);
        // The selected option shows six items, scrolled so the item cursor stays among them.
        const first = on && item !== null ? Math.max(0, Math.min(item - 2, all.length - 6)) : 0;
        const lines = all.slice(first, first + (on ? 6 : 2));
        budget -= 1 + lines.length + (on ? 2 : 0);
        return (
          <Box key={o.id} flexDirection="column">
            <Text {...(on ? fg(theme, 'cyan') : {})} bold={on} wrap="truncate-end">
              {on ? '> ' : '  '}
              {o.title} <Text dimColor>{statusMark[o.status] ?? o.status}</Text>
              <Text dimColor>{counts(stance(all))}</Text>
              {o.policy !== null ? <Text {...fg(theme, 'magenta')}> ▶ policy {o.policy}</Text> : null}
            </Text>
            {on ? <StanceLine items={all} /> : null}
            {on && o.policy !== null && verdict !== undefined ? <VerdictLine verdict={verdict} /> : null}
            {lines.map((it, k) => (
              <Text key={it.id} dimColor={!on} bold={on && item === first + k} wrap="truncate-end">
                {on && item === first + k ? '  > ' : '    '}
                {kindMark[it.kind]} {it.author ?? 'unnamed'} {it.date?.slice(5, 10) ?? ''} “
                {it.text.replace(/\s+/g, ' ')}”
              </Text>
            ))}
          </Box>
        );
      })}
      {prompt ?? (
        <Text dimColor wrap="truncate-end">
          {' '}
          {footerOf(item === null ? 'decisions' : 'items')}
        </Text>
      )}
    </Box>
  );
}

const counts = (s: Stance): string =>
  (s.support.length > 0 ? ` ✓${s.support.length}` : '') + (s.oppose.length > 0 ? ` ✗${s.oppose.length}` : '');

/** "✓ 3 backed: Kevin Tian, ... · ✗ 1 objected: ... · trailers: Reviewed-by Kevin Tian, ..." */
function StanceLine({ items }: { readonly items: readonly Item[] }): React.JSX.Element {
  const s = stance(items);
  const parts = [
    `✓ ${s.support.length} backed${s.support.length === 0 ? '' : `: ${s.support.join(', ')}`}`,
    `✗ ${s.oppose.length} objected${s.oppose.length === 0 ? '' : `: ${s.oppose.join(', ')}`}`,
    ...(s.trailers.length === 0 ? [] : [`trailers: ${s.trailers.join(', ')}`]),
  ];
  return (
    <Text wrap="truncate-end">
      {'    '}
      {parts.join(' · ')}
    </Text>
  );
}

function VerdictLine({ verdict }: { readonly verdict: Verdict | null }): React.JSX.Element {
  const theme = useTheme();
  if (verdict === null)
    return (
      <Text dimColor wrap="truncate-end">
        {'    '}checker: searching at the CLI's default bound (keys keep working)…
      </Text>
    );
  if (verdict.result === 'unsafe') {
    return (
      <Text {...fg(theme, 'red')} wrap="truncate-end">
        {'    '}checker: UNSAFE, {verdict.property} in {verdict.counterexample?.length ?? 0} steps (r to replay)
      </Text>
    );
  }
  return (
    // A bounded search is no proof: never drawn greener than the CLI states it.
    <Text {...fg(theme, 'yellow')} wrap="truncate-end">
      {'    '}checker: {verdict.bound}
    </Text>
  );
}
