import type React from 'react';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { Box, Text, useApp } from 'ink';
import type { StoredThread } from '../store/types.js';
import type { Extraction } from '../extract/types.js';
import type { SeriesChain, TuiSource } from './types.js';
import { seriesPlace, versionTrail } from './series.js';
import { ThreadsScreen } from './threads-screen.js';
import { ThreadScreen } from './thread-screen.js';
import { DecisionsScreen } from './decisions-screen.js';
import { ReplayScreen } from './replay-screen.js';
import { CompareScreen } from './compare-screen.js';
import { useKeys } from './use-keys.js';
import { replaySteps, replaySubjects, useReplay } from './use-replay.js';
import { useCompare } from './use-compare.js';
import { useVerdictTick } from './use-verdicts.js';
import { navigate } from './navigation.js';
import { contextOf, initialNav, optionAt, type NavEnv, type NavState } from './nav-state.js';
import { queryWords } from './nav-places.js';
import type { Stroke } from './keymap.js';
import { optionView, threadView } from './sort-filter.js';
import { FilterPrompt } from './filter-prompt.js';
import { pagerContent, threadLayout } from './thread-layout.js';
import { findLine, maxScroll, type PagerLine } from './pager.js';
import { SearchScreen } from './search-screen.js';
import { JumpScreen } from './jump-screen.js';
import { HelpScreen } from './help-screen.js';
import { useSearch } from './use-search.js';
import type { Item } from '../extract/types.js';
import { useTerminalSize } from './use-terminal-size.js';
import { ThemeContext } from './theme.js';

export interface AppProps {
  readonly source: TuiSource;
  /** False under NO_COLOR: every screen draws in the terminal's own colours. */
  readonly color?: boolean;
}

/** Loads each thread and extraction once per source, for the reducer and the screens alike. */
function useLoaders(source: TuiSource) {
  return useMemo(() => {
    const threads = new Map<string, StoredThread | null>();
    const extractions = new Map<string, Extraction>();
    const series = new Map<string, readonly SeriesChain[]>();
    return {
      series(id: string): readonly SeriesChain[] {
        let s = series.get(id);
        if (s === undefined) series.set(id, (s = source.series(id)));
        return s;
      },
      thread(id: string): StoredThread | null {
        if (!threads.has(id)) threads.set(id, source.loadThread(id));
        return threads.get(id) ?? null;
      },
      extraction(id: string): Extraction {
        let e = extractions.get(id);
        if (e === undefined) extractions.set(id, (e = source.extraction(id)));
        return e;
      },
    };
  }, [source]);
}

/** Composes the screens; what keys do lives in navigation.ts, the screens only draw. */
export function App({ source, color = true }: AppProps): React.JSX.Element {
  const theme = useMemo(() => ({ color }), [color]);
  return (
    <ThemeContext.Provider value={theme}>
      <Screens source={source} />
    </ThemeContext.Provider>
  );
}

function Screens({ source }: { readonly source: TuiSource }): React.JSX.Element {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const height = Math.max(8, rows - 2);
  const load = useLoaders(source);
  const layout = threadLayout(columns, height);

  // The reducer asks for the pager's length on every scroll key: wrap a message once per view of it, not once per key.
  const pagerCache = useRef<{ key: string; lines: PagerLine[] } | null>(null);
  const pagerOf = useCallback(
    (s: NavState): PagerLine[] => {
      if (s.screen.name !== 'thread') return [];
      const t = load.thread(s.screen.id);
      const m = t === null ? undefined : t.messages[s.message];
      const key = [s.screen.id, m?.key, s.fold, s.patch, s.headers, s.series, layout.textWidth].join('\u0000');
      // The series is read only for the views that show it.
      const chains = s.series || (s.patch && m?.patch != null) ? load.series(s.screen.id) : [];
      if (pagerCache.current?.key !== key)
        pagerCache.current = { key, lines: pagerContent(m, s, layout.textWidth, chains) };
      return pagerCache.current.lines;
    },
    [load, layout.textWidth],
  );
  const subjectsOf = useCallback(
    (policy: string) => (source.sim === undefined ? [] : replaySubjects(source.sim, policy)),
    [source],
  );

  const threadIds = useMemo(() => source.threads.map((t) => t.id), [source]);
  const patched = useCallback(() => source.patchThreads?.() ?? new Set<string>(), [source]);
  const searchOf = useSearch(source);
  const itemsOf = (id: string, option: number): Item[] => {
    const e = load.extraction(id);
    const byId = new Map(e.items.map((i) => [i.id, i]));
    return (e.options[option]?.items ?? []).map((i) => byId.get(i)).filter((i): i is Item => i !== undefined);
  };
  const env: NavEnv = {
    threadIds,
    messageCount: (id) => load.thread(id)?.messages.length ?? 0,
    messageIndex: (id, key) => load.thread(id)?.messages.findIndex((m) => m.key === key) ?? -1,
    itemsOf,
    lineOf: (s, needle) => findLine(pagerOf(s), needle),
    version: (s, step) => {
      if (s.screen.name !== 'thread') return null;
      const place = seriesPlace(
        load.series(s.screen.id),
        s.screen.id,
        load.thread(s.screen.id)?.messages[s.message]?.key,
      );
      const v = place === null ? undefined : place.chain[place.at + step];
      const first = v?.patches.find((p) => p.threadId !== null);
      return first === undefined || first.threadId === null ? null : { threadId: first.threadId, key: first.key };
    },
    search: (query, scope) =>
      searchOf(query, scope)
        .hits.filter((h): h is typeof h & { threadId: string } => h.threadId !== null)
        .map((h) => ({ threadId: h.threadId, key: h.key })),
    resolve: (ref) => {
      const r = source.resolve(ref);
      return r === null ? null : { threadId: r.threadId, key: r.messageKey };
    },
    threadOrder: (sort, filter) => threadView(source.threads, sort, filter, patched),
    optionOrder: (id, sort, filter) => optionView(load.extraction(id), sort, filter),
    policyAt: (id, i) => load.extraction(id).options[i]?.policy ?? null,
    stepCount: (s) => {
      if (s.screen.name !== 'replay' || source.sim === undefined) return 0;
      const subjects = subjectsOf(s.screen.policy);
      const subject = subjects[s.subject % Math.max(1, subjects.length)];
      return subject === undefined ? 0 : replaySteps(source.sim, s.screen.policy, subject).length;
    },
    pager: (s) => ({ lines: pagerOf(s).length, height: layout.pagerHeight }),
    hasSim: source.sim !== undefined,
  };
  const [nav, dispatch] = useReducer((s: NavState, stroke: Stroke) => navigate(s, stroke, env), initialNav);
  useKeys(dispatch);
  useEffect(() => {
    if (nav.quit) exit();
  }, [nav.quit, exit]);

  // The filter prompt is typed over the list it narrows: that list is the screen drawn.
  const typing = nav.screen.name === 'filter' ? nav.screen : null;
  const screen = typing?.back ?? nav.screen;
  const prompt =
    typing === null ? null : <FilterPrompt text={typing.text} options={typing.back.name === 'decisions'} />;
  const openId = 'id' in screen ? screen.id : null;
  const thread = openId === null ? null : load.thread(openId);
  const extraction = openId === null || screen.name === 'thread' ? null : load.extraction(openId);
  // The decisions screen lists the options sorted and filtered; the cursor walks that view.
  const shownOptions = useMemo(
    () =>
      extraction === null
        ? null
        : {
            ...extraction,
            options: optionView(extraction, nav.optionSort, nav.optionFilter)
              .map((i) => extraction.options[i])
              .filter((o) => o !== undefined),
          },
    [extraction, nav.optionSort, nav.optionFilter],
  );
  const selectedPolicy =
    screen.name === 'decisions' && openId !== null
      ? (extraction?.options[optionAt(nav, env, openId)]?.policy ?? null)
      : null;
  const verdictTick = useVerdictTick(source.sim);
  // The decisions screen asks for every policy of the thread at once: the worker checks them while the reader reads.
  const threadPolicies = useMemo(
    () =>
      screen.name === 'decisions' || screen.name === 'compare'
        ? [...new Set((extraction?.options ?? []).map((o) => o.policy).filter((p): p is string => p !== null))]
        : [],
    [screen.name, extraction],
  );
  useEffect(() => {
    for (const p of threadPolicies) source.sim?.verdict(p);
  }, [source, threadPolicies]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: verdictTick is the signal that a new verdict exists
  const verdict = useMemo(
    () => (selectedPolicy === null || source.sim === undefined ? undefined : source.sim.verdict(selectedPolicy)),
    [source, selectedPolicy, verdictTick],
  );
  const replayPolicy = screen.name === 'replay' ? screen.policy : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: verdictTick: a counterexample that arrives becomes the first thing to replay
  const subjects = useMemo(
    () => (replayPolicy === null ? [] : subjectsOf(replayPolicy)),
    [subjectsOf, replayPolicy, verdictTick],
  );
  const subject = subjects.length === 0 ? null : (subjects[nav.subject % subjects.length] ?? null);
  const steps = useReplay(source.sim, replayPolicy, subject, verdictTick);
  const compare = useCompare(source.sim, screen.name === 'compare' ? extraction : null, nav.workload);
  const verdicts = new Map(threadPolicies.map((p) => [p, source.sim?.verdict(p) ?? null]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pager wraps once per view; nav also moves with every cursor key
  const lines = useMemo(
    () => pagerOf(nav),
    [pagerOf, nav.screen, nav.message, nav.fold, nav.patch, nav.headers, nav.series],
  );
  const marks = useMemo(() => (nav.found === null ? [] : queryWords(nav.found.query)), [nav.found]);

  if (nav.help) return <HelpScreen context={contextOf(nav)} height={height} />;
  if (screen.name === 'search') {
    const found = searchOf(screen.query, screen.scope);
    const hits = found.hits.filter((h) => h.threadId !== null);
    return (
      <SearchScreen
        query={screen.query}
        scope={screen.scope}
        hits={hits}
        error={found.error}
        cursor={screen.cursor}
        height={height}
      />
    );
  }
  if (screen.name === 'jump') return <JumpScreen text={screen.text} error={screen.error} />;
  if (screen.name === 'threads') {
    const shown = threadView(source.threads, nav.threadSort, nav.threadFilter, patched)
      .map((i) => source.threads[i])
      .filter((t) => t !== undefined);
    return (
      <ThreadsScreen
        threads={shown}
        total={source.threads.length}
        sort={nav.threadSort}
        filter={nav.threadFilter}
        cursor={nav.thread}
        height={height - 2}
        prompt={prompt}
      />
    );
  }
  if (thread === null)
    return (
      <Box>
        <Text bold>thread {openId} is no longer in the database (q back)</Text>
      </Box>
    );
  if (screen.name === 'thread') {
    const scroll = Math.min(nav.scroll, maxScroll(lines.length, layout.pagerHeight));
    const place = seriesPlace(load.series(thread.id), thread.id, thread.messages[nav.message]?.key);
    const versions = place === null || place.chain.length < 2 ? null : versionTrail(place);
    return (
      <ThreadScreen
        thread={thread}
        cursor={nav.message}
        layout={layout}
        lines={lines}
        scroll={scroll}
        focus={nav.focus}
        marks={marks}
        versions={versions}
      />
    );
  }
  if (screen.name === 'replay') {
    return (
      <ReplayScreen
        policy={screen.policy}
        subject={subject ?? 'nothing'}
        steps={steps}
        cursor={Math.min(nav.step, Math.max(0, steps.length - 1))}
        height={height}
        columns={columns}
      />
    );
  }
  if (screen.name === 'compare')
    return <CompareScreen workload={compare.workload} runs={compare.runs} verdicts={verdicts} columns={columns} />;
  return (
    <DecisionsScreen
      subject={thread.subject}
      extraction={shownOptions ?? { items: [], options: [] }}
      total={extraction?.options.length ?? 0}
      sort={nav.optionSort}
      filter={nav.optionFilter}
      cursor={nav.option}
      item={nav.item}
      height={height}
      verdict={verdict}
      prompt={prompt}
    />
  );
}
