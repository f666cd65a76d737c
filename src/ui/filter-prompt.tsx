import type React from 'react';
import { Text } from 'ink';
import { footerOf } from './keymap.js';

export interface FilterPromptProps {
  readonly text: string;
  /** Filtering the design options (status: words apply) rather than the thread list. */
  readonly options: boolean;
}

/**
 * The 'f' prompt, drawn in the footer's line under the list it narrows (the list
 * itself is the answer, one key at a time): the text typed, what it may hold
 * while it is empty, and the prompt's keys.
 */
export function FilterPrompt({ text, options }: FilterPromptProps): React.JSX.Element {
  const hint = options ? 'title words, from:NAME, status:S' : 'subject words, from:NAME, has:patch';
  return (
    <Text wrap="truncate-end">
      <Text bold> filter:</Text>
      {text}
      <Text inverse> </Text>
      <Text dimColor>
        {text === '' ? ` ${hint}` : ''}
        {'  '}
        {footerOf('filter')}
      </Text>
    </Text>
  );
}
