import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import type { SearchHit, SearchScope } from './types.js';
import { footerOf } from './keymap.js';

export interface SearchScreenProps {
  readonly query: string;
  readonly scope: SearchScope;
  readonly hits: readonly SearchHit[];
  /** Why the query could not be read, when it could not. */
  readonly error: string | null;
  readonly cursor: number;
  readonly height: number;
}

const SCOPE_LABEL: Record<SearchScope, string> = { all: 'all text', own: 'own words', quoted: 'quoted text' };

/** The search prompt and its matches, two rows each: who, when and the subject, then the line that matched. */
export function SearchScreen({ query, scope, hits, error, cursor, height }: SearchScreenProps): React.JSX.Element {
  const theme = useTheme();
  const visible = Math.max(1, Math.floor((height - 2) / 2));
  const start = Math.max(0, Math.min(cursor - Math.floor(visible / 2), hits.length - visible));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> Search </Text>
        <Text dimColor>({SCOPE_LABEL[scope]}) </Text>/{query}
        <Text inverse> </Text>
        <Text dimColor>
          {'  '}
          {query.trim() === ''
            ? 'type words, identifiers, "a phrase"'
            : `${hits.length === 100 ? '100+' : hits.length} matches`}
        </Text>
      </Text>
      {error !== null ? (
        <Text {...fg(theme, 'red')} wrap="truncate-end">
          {' '}
          {error}
        </Text>
      ) : null}
      {hits.slice(start, start + visible).map((h, i) => {
        const on = start + i === cursor;
        return (
          <Box key={`${h.key}\u0000${start + i}`} flexDirection="column">
            <Text {...(on ? fg(theme, 'cyan') : {})} bold={on} wrap="truncate-end">
              {on ? '> ' : '  '}
              {h.author.name ?? h.author.email ?? 'unnamed'} {h.date?.slice(0, 10) ?? ''} {h.subject || '(no subject)'}
            </Text>
            <Text dimColor wrap="truncate-end">
              {'    '}
              {h.snippet === '' ? '(the match is in the subject or author)' : h.snippet}
            </Text>
          </Box>
        );
      })}
      <Text dimColor wrap="truncate-end">
        {' '}
        {footerOf('search')}
      </Text>
    </Box>
  );
}
