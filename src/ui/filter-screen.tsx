import type React from 'react';
import { Box, Text } from 'ink';
import { footerOf } from './keymap.js';

export interface FilterScreenProps {
  readonly text: string;
  /** Filtering the design options (status: words apply) rather than the thread list. */
  readonly options: boolean;
}

/** The 'f' prompt: the words a thread's subject or an option's title must hold, from:NAME, status:S. */
export function FilterScreen({ text, options }: FilterScreenProps): React.JSX.Element {
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold> Filter the {options ? 'design options' : 'threads'} </Text>:{text}
        <Text inverse> </Text>
      </Text>
      <Text dimColor wrap="truncate-end">
        {' '}
        words of the {options ? 'title' : 'subject'}, from:NAME
        {options ? ', status:open|supported|opposed|superseded' : ''}; all must match
      </Text>
      <Text dimColor wrap="truncate-end">
        {' '}
        {footerOf('filter')}
      </Text>
    </Box>
  );
}
