import { useState } from 'react';

/** A cursor over a list of `length` rows that stays in range as the list changes. */
export function useListCursor(length: number): {
  readonly index: number;
  move(delta: number): void;
  set(index: number): void;
} {
  const [raw, setRaw] = useState(0);
  const clamp = (i: number): number => Math.max(0, Math.min(length - 1, i));
  const index = length === 0 ? 0 : clamp(raw);
  return {
    index,
    move: (delta) => setRaw((i) => clamp(i + delta)),
    set: (i) => setRaw(clamp(i)),
  };
}
