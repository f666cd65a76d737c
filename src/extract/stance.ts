/** Who backed and who objected to an option: what the decisions screen and the report both state. */
import type { Item } from './types.js';

export interface Stance {
  /** Each person once, in the order they first spoke. */
  readonly support: readonly string[];
  readonly oppose: readonly string[];
  /** The review trailers among the items ("Reviewed-by Kevin Tian"), each once. */
  readonly trailers: readonly string[];
}

const TRAILER = /^\s*([A-Za-z]+(?:-[A-Za-z]+)*-by):\s*([^<]*?)\s*(?:<|$)/;

export function stance(items: readonly Item[]): Stance {
  const names = (kind: Item['kind']) => [
    ...new Set(items.filter((i) => i.kind === kind).map((i) => i.author ?? 'unnamed')),
  ];
  const trailers = items
    .map((i) => TRAILER.exec(i.text))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2] ?? ''}`.trim());
  return { support: names('support'), oppose: names('oppose'), trailers: [...new Set(trailers)] };
}
