import React, { useMemo, useState } from 'react';
import { Box, Text, useApp, useStdout } from 'ink';
import type { TuiSource } from './types.js';
import { ThreadsScreen } from './threads-screen.js';
import { ThreadScreen } from './thread-screen.js';
import { DecisionsScreen } from './decisions-screen.js';
import { useKeys } from './use-keys.js';
import { useListCursor } from './use-list-cursor.js';

type Screen = { readonly name: 'threads' } | { readonly name: 'thread'; readonly id: string } | { readonly name: 'decisions'; readonly id: string; readonly back: Screen };

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
  const threadCursor = useListCursor(source.threads.length);
  const openId = screen.name === 'threads' ? null : screen.id;
  const thread = useMemo(() => (openId === null ? null : source.loadThread(openId)), [source, openId]);
  const extraction = useMemo(() => (screen.name === 'decisions' ? source.extraction(screen.id) : null), [source, screen]);
  const messageCursor = useListCursor(thread?.messages.length ?? 0);
  const optionCursor = useListCursor(extraction?.options.length ?? 0);

  useKeys((input, key) => {
    const down = input === 'j' || key.downArrow;
    const up = input === 'k' || key.upArrow;
    if (screen.name === 'threads') {
      if (input === 'q' || key.escape) exit();
      else if (down) threadCursor.move(1);
      else if (up) threadCursor.move(-1);
      const t = source.threads[threadCursor.index];
      if (t === undefined) return;
      if (key.return) {
        messageCursor.set(0);
        setScreen({ name: 'thread', id: t.id });
      } else if (input === 'd') {
        optionCursor.set(0);
        setScreen({ name: 'decisions', id: t.id, back: screen });
      }
    } else if (screen.name === 'thread') {
      if (input === 'q' || key.escape) setScreen({ name: 'threads' });
      else if (down || input === ']') messageCursor.move(1);
      else if (up || input === '[') messageCursor.move(-1);
      else if (input === 'z') setFold((f) => !f);
      else if (input === 'p') setPatch((p) => !p);
      else if (input === 'd') {
        optionCursor.set(0);
        setScreen({ name: 'decisions', id: screen.id, back: screen });
      }
    } else {
      if (input === 'q' || key.escape) setScreen(screen.back);
      else if (down) optionCursor.move(1);
      else if (up) optionCursor.move(-1);
    }
  });

  if (screen.name === 'threads') return <ThreadsScreen threads={source.threads} cursor={threadCursor.index} height={height - 2} />;
  if (thread === null) return <Box><Text color="red">thread {screen.id} is no longer in the database (q back)</Text></Box>;
  if (screen.name === 'thread') {
    return <ThreadScreen thread={thread} cursor={messageCursor.index} foldQuotes={fold} showPatch={patch} height={height} />;
  }
  return <DecisionsScreen subject={thread.subject} extraction={extraction ?? { items: [], options: [] }} cursor={optionCursor.index} height={height} />;
}
