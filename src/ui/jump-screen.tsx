import type React from 'react';
import { Box, Text } from 'ink';
import { fg, useTheme } from './theme.js';
import { footerOf } from './keymap.js';

export interface JumpScreenProps {
  readonly text: string;
  readonly error: string | null;
}

/** The ':' prompt: a thread id, message key or Message-ID to open. */
export function JumpScreen({ text, error }: JumpScreenProps): React.JSX.Element {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> Jump to a thread or Message-ID </Text>:{text}
        <Text inverse> </Text>
      </Text>
      {error !== null ? (
        <Text {...fg(theme, 'red')} wrap="truncate-end">
          {' '}
          {error}
        </Text>
      ) : (
        <Text dimColor> e.g. 20220405..@nvidia.com or &lt;id@host&gt;</Text>
      )}
      <Text dimColor wrap="truncate-end">
        {' '}
        {footerOf('jump')}
      </Text>
    </Box>
  );
}
