import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import type { PageRun, WorldSnapshot } from './sim-types.js';

/** A page a violation happened on (buffer handle, first page, how many). */
export interface Place {
  readonly buf: string;
  readonly page: number;
  readonly pages: number;
}

export interface ReplayGridProps {
  readonly world: WorldSnapshot;
  /** The world one step before, to mark what this step changed; null on the first step. */
  readonly before: WorldSnapshot | null;
  readonly at: readonly Place[];
  readonly columns: number;
  readonly rows: number;
}

const cut = (text: string, width: number): string =>
  [...text].length <= width ? text.padEnd(width) : `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;
const list = (names: readonly string[]): string => (names.length === 0 ? '-' : names.join(','));
const pagesOf = (r: PageRun): string =>
  r.count === 1 ? `${r.buf}[${r.first}]` : `${r.buf}[${r.first}..${r.first + r.count - 1}]`;
const stateKey = (r: PageRun): string =>
  JSON.stringify([r.buf, r.first, r.count, r.cache, r.memory, r.pins, r.mapped, r.iotlb, r.areas, r.accesses]);
const holds = (r: PageRun, p: Place): boolean =>
  r.buf === p.buf && r.first < p.page + Math.max(1, p.pages) && p.page < r.first + r.count;

/** Column widths: the pages column as wide as its labels need (within bounds), the names columns share the rest. */
function widths(columns: number, labels: readonly string[]): { pages: number; names: number } {
  const fixed = 3 + 7 + 7 + 5; // marks, cache, memory, pins with their gaps
  const free = Math.max(36, columns - fixed - 1);
  const pages = Math.min(Math.floor(free * 0.4), Math.max(8, ...labels.map((l) => l.length)));
  return { pages, names: Math.max(6, Math.floor((free - pages - 4) / 3)) };
}

/** An IOTLB entry a run's row shows: a domain's, live (the domain maps the pages) or stale (unmapped, not yet invalidated). */
interface Entry {
  readonly domain: string;
  readonly state: 'live' | 'stale' | 'freed';
}

/** The snapshot names a stale entry "nc1", or "nc1 (released)" once its pages went back to the host. */
function entriesOf(r: PageRun): Entry[] {
  return [
    ...r.mapped.map((domain): Entry => ({ domain, state: 'live' })),
    ...r.iotlb.map((name): Entry => {
      const freed = name.endsWith(' (released)');
      return { domain: freed ? name.slice(0, -' (released)'.length) : name, state: freed ? 'freed' : 'stale' };
    }),
  ];
}

const entryText = (e: Entry): string => (e.state === 'live' ? e.domain : `${e.domain}(${e.state})`);

/** Per domain, the pages its IOTLB can translate after the step: "nc1 4 live, 2 stale (2 freed)". */
export function iotlbCounts(world: WorldSnapshot): string[] {
  return world.domains.map((d) => {
    let live = 0;
    let stale = 0;
    let freed = 0;
    for (const r of world.pages)
      for (const e of entriesOf(r)) {
        if (e.domain !== d.name) continue;
        if (e.state === 'live') live += r.count;
        else stale += r.count;
        if (e.state === 'freed') freed += r.count;
      }
    return `${d.name} ${live} live${stale === 0 ? '' : `, ${stale} stale${freed === 0 ? '' : ` (${freed} freed)`}`}`;
  });
}

/**
 * The state of the world after a step, one row per run of pages in the same
 * state: cache (none, clean, DIRTY), memory (cur, OLD: an earlier owner's data,
 * stale: older than the clean cached copy), pins, the domains that map the pages,
 * the IOTLB entries for them (a mapping domain's live one; `nc1(stale)` for one
 * the unmap has not invalidated yet, `nc1(freed)` once the pages went back to the
 * host), the areas and accesses over them; above the rows, each domain's IOTLB
 * in pages. `*` marks a row this step changed, `!` the page a violation happened
 * on (in red, with the words below the grid).
 */
export function ReplayGrid({ world, before, at, columns, rows }: ReplayGridProps): React.JSX.Element {
  const theme = useTheme();
  const prior = new Set((before?.pages ?? []).map(stateKey));
  const shown = world.pages.slice(0, Math.max(1, rows));
  const w = widths(columns, shown.map(pagesOf));
  const hidden = world.pages.length - shown.length + world.more;
  const domains = world.domains.map(
    (d) => `${d.name} (${d.ioas}, ${d.coherent ? 'coherent' : 'non-coherent'}${d.noSnoop ? ', No-Snoop' : ''})`,
  );
  const anyStale = world.pages.some((r) => r.iotlb.length > 0);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> domains </Text>
        {domains.length === 0 ? <Text dimColor>none attached</Text> : domains.join('  ')}
      </Text>
      <Text wrap="truncate-end">
        <Text bold> IOTLB {'  '}</Text>
        {domains.length === 0 ? (
          <Text dimColor>no domain, no entries</Text>
        ) : (
          <Text {...(anyStale ? fg(theme, 'yellow') : {})}>{iotlbCounts(world).join('  ·  ')}</Text>
        )}
      </Text>
      <Text dimColor wrap="truncate-end">
        {'   '}
        {cut('pages', w.pages)} {cut('cache', 6)} {cut('memory', 6)} {cut('pins', 4)} {cut('mapped in', w.names)}{' '}
        {cut('IOTLB', w.names)} {cut('areas', w.names)}
      </Text>
      {shown.map((r) => {
        const bad = at.some((p) => holds(r, p));
        const changed = before !== null && !prior.has(stateKey(r));
        const cache = r.cache === 'dirty' ? 'DIRTY' : r.cache;
        const memory = r.memory === 'old' ? 'OLD' : r.memory;
        const entries = entriesOf(r);
        const tone = entries.some((e) => e.state === 'freed')
          ? 'red'
          : entries.some((e) => e.state === 'stale')
            ? 'yellow'
            : null;
        return (
          <Text
            key={`${r.buf}:${r.first}`}
            {...(bad ? fg(theme, 'red') : {})}
            bold={bad || changed}
            wrap="truncate-end"
          >
            {bad ? ' !' : changed ? ' *' : '  '} {cut(pagesOf(r), w.pages)}{' '}
            <Text {...(!bad && r.cache === 'dirty' ? fg(theme, 'yellow') : {})}>{cut(cache, 6)}</Text>{' '}
            <Text {...(!bad && r.memory !== 'cur' ? fg(theme, 'magenta') : {})}>{cut(memory, 6)}</Text>{' '}
            {cut(String(r.pins), 4)} {cut(list(r.mapped), w.names)}{' '}
            <Text {...(!bad && tone !== null ? fg(theme, tone) : {})}>
              {cut(list(entries.map(entryText)), w.names)}
            </Text>{' '}
            {cut(list([...r.areas, ...r.accesses]), w.names)}
          </Text>
        );
      })}
      {hidden > 0 ? (
        <Text dimColor>
          {'   '}… {hidden} more runs of pages
        </Text>
      ) : null}
    </Box>
  );
}
