import React from 'react';
import { Box, Text } from 'ink';
import type { StoredThread } from '../store/types.js';
import { authorName, bodyBlocks, day, treeRows } from './format.js';

export interface ThreadScreenProps {
  readonly thread: StoredThread;
  readonly cursor: number;
  readonly foldQuotes: boolean;
  readonly showPatch: boolean;
  readonly height: number;
}

/** Tree of the thread on the left, the selected message on the right. */
export function ThreadScreen({ thread, cursor, foldQuotes, showPatch, height }: ThreadScreenProps): React.JSX.Element {
  const rows = treeRows(thread.messages);
  const selected = rows[cursor]?.message;
  const bodyHeight = Math.max(3, height - 3);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> {thread.subject}</Text>
        <Text dimColor>
          {'  '}message {cursor + 1}/{rows.length}
        </Text>
      </Text>
      <Box>
        <Box flexDirection="column" width="40%" borderStyle="single" paddingX={1}>
          {rows.slice(Math.max(0, cursor - bodyHeight + 1), Math.max(0, cursor - bodyHeight + 1) + bodyHeight).map((r) => {
            const on = r.message.key === selected?.key;
            const mark = r.message.ghost ? '○' : r.message.reconstructed ? '◌' : '●';
            return (
              <Text key={r.message.key} color={on ? 'cyan' : 'white'} bold={on} wrap="truncate-end">
                {'  '.repeat(Math.min(r.depth, 8))}
                {mark} {authorName(r.message)} <Text dimColor>{day(r.message.date).slice(5)}</Text>
                {r.message.patch !== null ? <Text color="green"> patch</Text> : null}
              </Text>
            );
          })}
        </Box>
        <Box flexDirection="column" width="60%" borderStyle="single" paddingX={1}>
          {selected === undefined ? (
            <Text dimColor>empty thread</Text>
          ) : (
            <>
              <Text bold wrap="truncate-end">
                {authorName(selected)} · {selected.date ?? 'date unknown'}
                {selected.reconstructed ? ' · recovered from quotes' : ''}
                {selected.ghost ? ' · missing (referenced only)' : ''}
              </Text>
              {showPatch && selected.patch !== null ? (
                <PatchSummary patch={selected.patch} />
              ) : (
                <Body body={selected.body} fold={foldQuotes} height={bodyHeight - 1} />
              )}
            </>
          )}
        </Box>
      </Box>
      <Text dimColor> j/k message  z fold quotes  p patch  d decisions  q back</Text>
    </Box>
  );
}

function Body({ body, fold, height }: { readonly body: string; readonly fold: boolean; readonly height: number }): React.JSX.Element {
  const lines: { text: string; quoted: boolean }[] = [];
  for (const block of bodyBlocks(body)) {
    if (block.quoted && fold) lines.push({ text: `▸ ${block.lines.length} quoted lines (z to unfold)`, quoted: true });
    else for (const text of block.lines) lines.push({ text, quoted: block.quoted });
  }
  return (
    <>
      {lines.slice(0, height).map((l, i) => (
        <Text key={i} dimColor={l.quoted} wrap="truncate-end">
          {l.text === '' ? ' ' : l.text}
        </Text>
      ))}
    </>
  );
}

function PatchSummary({ patch }: { readonly patch: NonNullable<StoredThread['messages'][number]['patch']> }): React.JSX.Element {
  return (
    <>
      <Text>
        {patch.files.length} files <Text color="green">+{patch.added}</Text> <Text color="red">-{patch.deleted}</Text>
      </Text>
      {patch.files.map((f) => (
        <Box key={f.path} flexDirection="column">
          <Text wrap="truncate-end">
            {f.path} <Text color="green">+{f.added}</Text> <Text color="red">-{f.deleted}</Text>
          </Text>
          {f.hunks.map((h) => (
            <Text key={h.header} dimColor wrap="truncate-end">
              {'  '}
              {h.header}
            </Text>
          ))}
        </Box>
      ))}
    </>
  );
}
