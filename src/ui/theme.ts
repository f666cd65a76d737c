/**
 * Colours, or none: with NO_COLOR (https://no-color.org) every screen draws in
 * the terminal's own colours and marks the selection by bold, inverse and '>'.
 * Unselected text never gets a colour of its own, so light themes stay legible.
 */
import { createContext, useContext } from 'react';

export interface Theme {
  readonly color: boolean;
}

export const ThemeContext = createContext<Theme>({ color: true });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Props for ink's Text: the colour when colours are on, nothing otherwise. */
export function fg(theme: Theme, color: string): { color?: string } {
  return theme.color ? { color } : {};
}
