import React, { useMemo, useState } from 'react';
import { Box, Text, useApp, useStdout } from 'ink';
import type { TuiSource } from './types.js';
import { ThreadsScreen } from './threads-screen.js';
import { ThreadScreen } from './thread-screen.js';
import { DecisionsScreen } from './decisions-screen.js';
import { ReplayScreen } from './replay-screen.js';
import { CompareScreen } from './compare-screen.js';
import { useKeys } from './use-keys.js';
import { useListCursor } from './use-list-cursor.js';
import { replaySubjects, useReplay } from './use-replay.js';
import { useCompare } from './use-compare.js';

type Screen =
  | { readonly name: 'threads' }
  | { readonly name: 'thread'; readonly id: string }
  | { readonly name: 'decisions'; readonly id: string; readonly back: Screen }
  | { readonly name: 'replay'; readonly id: string; readonly policy: string; readonly back: Screen }
  | { readonly name: 'compare'; readonly id: string; readonly back: Screen };

export interface AppProps {
  readonly source: TuiSource;
}

/** Composes the screens and owns navigation; the screens only draw. */
export function App({ source }: AppProps): React.JSX.Element {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const height = Math.max(8, (stdout.rows ?? 24) - 2);
  const [screen, setScreen] = useState<Screen>({ name: 'threads' });
  const [fold, setFold] = useState(true);
  const [patch, setPatch] = useState(false);
  const [subjectIndex, setSubjectIndex] = useState(0);
  const [workloadIndex, setWorkloadIndex] = useState(0);
  const threadCursor = useListCursor(source.threads.length);
  const openId = screen.name === 'threads' ? null : screen.id;
  const thread = useMemo(() => (openId === null ? null : source.loadThread(openId)), [source, openId]);
  const extraction = useMemo(() => (openId === null || screen.name === 'thread' ? null : source.extraction(openId)), [source, openId, screen.name]);
  const messageCursor = useListCursor(thread?.messages.length ?? 0);
  const optionCursor = useListCursor(extraction?.options.length ?? 0);
  const selectedPolicy = screen.name === 'decisions' ? (extraction?.options[optionCursor.index]?.policy ?? null) : null;
  const verdict = useMemo(() => (selectedPolicy === null ? null : (source.sim?.verdict(selectedPolicy) ?? null)), [source, selectedPolicy]);

  const replayPolicy = screen.name === 'replay' ? screen.policy : null;
  const subjects = useMemo(() => (replayPolicy === null || source.sim === undefined ? [] : replaySubjects(source.sim, replayPolicy)), [source, replayPolicy]);
  const subject = subjects.length === 0 ? null : (subjects[subjectIndex % subjects.length] ?? null);
  const steps = useReplay(source.sim, replayPolicy, subject);
  const stepCursor = useListCursor(steps.length);
  const compare = useCompare(source.sim, screen.name === 'compare' ? extraction : null, workloadIndex);

  const open = (next: Screen): void => {
    optionCursor.set(0);
    setScreen(next);
  };

  useKeys((input, key) => {
    const down = input === 'j' || key.downArrow;
    const up = input === 'k' || key.upArrow;
    const back = input === 'q' || key.escape;
    if (screen.name === 'threads') {
      if (back) exit();
      else if (down) threadCursor.move(1);
      else if (up) threadCursor.move(-1);
      const t = source.threads[threadCursor.index];
      if (t === undefined) return;
      if (key.return) {
        messageCursor.set(0);
        setScreen({ name: 'thread', id: t.id });
      } else if (input === 'd') open({ name: 'decisions', id: t.id, back: screen });
    } else if (screen.name === 'thread') {
      if (back) setScreen({ name: 'threads' });
      else if (down || input === ']') messageCursor.move(1);
      else if (up || input === '[') messageCursor.move(-1);
      else if (input === 'z') setFold((f) => !f);
      else if (input === 'p') setPatch((p) => !p);
      else if (input === 'd') open({ name: 'decisions', id: screen.id, back: screen });
    } else if (screen.name === 'decisions') {
      if (back) setScreen(screen.back);
      else if (down) optionCursor.move(1);
      else if (up) optionCursor.move(-1);
      else if (input === 'r' && selectedPolicy !== null && source.sim !== undefined) {
        setSubjectIndex(0);
        stepCursor.set(0);
        setScreen({ name: 'replay', id: screen.id, policy: selectedPolicy, back: screen });
      } else if (input === 'c' && source.sim !== undefined) {
        setWorkloadIndex(0);
        setScreen({ name: 'compare', id: screen.id, back: screen });
      }
    } else if (screen.name === 'replay') {
      if (back) setScreen(screen.back);
      else if (input === 'l' || key.rightArrow) stepCursor.move(1);
      else if (input === 'h' || key.leftArrow) stepCursor.move(-1);
      else if (input === 'g' || key.home) stepCursor.set(0);
      else if (input === 'G' || key.end) stepCursor.set(steps.length - 1);
      else if (input === 'w') {
        setSubjectIndex((i) => i + 1);
        stepCursor.set(0);
      }
    } else {
      if (back) setScreen(screen.back);
      else if (input === 'w') setWorkloadIndex((i) => i + 1);
    }
  });

  if (screen.name === 'threads') return <ThreadsScreen threads={source.threads} cursor={threadCursor.index} height={height - 2} />;
  if (thread === null) return <Box><Text color="red">thread {screen.id} is no longer in the database (q back)</Text></Box>;
  if (screen.name === 'thread') {
    return <ThreadScreen thread={thread} cursor={messageCursor.index} foldQuotes={fold} showPatch={patch} height={height} />;
  }
  if (screen.name === 'replay') {
    return <ReplayScreen policy={screen.policy} subject={subject ?? 'nothing'} steps={steps} cursor={stepCursor.index} height={height} />;
  }
  if (screen.name === 'compare') return <CompareScreen workload={compare.workload} runs={compare.runs} />;
  return (
    <DecisionsScreen subject={thread.subject} extraction={extraction ?? { items: [], options: [] }} cursor={optionCursor.index} height={height} verdict={verdict} />
  );
}
