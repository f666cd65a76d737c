/**
 * Where a key can take the reader: a thread opened at a message, the open
 * message scrolled to a sentence (unfolding the quote that holds it), a search
 * match. Shared by the screens' keys (navigation.ts) and the prompts (prompts.ts).
 */
import type { MessageRef, NavEnv, NavState } from './nav-state.js';
import { listedThreads } from './nav-state.js';

/** The words of a query the pager looks for (operators, quotes and prefix stars dropped). */
export function queryWords(query: string): string[] {
  return query
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'AND' && w !== 'OR' && w !== 'NOT')
    .map((w) => w.replace(/\*$/, '').toLowerCase())
    .filter((w) => w !== '');
}

export function openThread(state: NavState, id: string, message: number): NavState {
  return { ...state, screen: { name: 'thread', id }, message, scroll: 0, focus: 'tree', patch: false, series: false };
}

/**
 * Scroll the open message to where `needle` is, a line of context above it;
 * unfold the quotes when the place is inside a folded one.
 */
export function atPlace(state: NavState, needle: string | readonly string[], env: NavEnv): NavState {
  let s = state;
  let line = env.lineOf(s, needle);
  if (line === null && s.fold) {
    s = { ...s, fold: false };
    line = env.lineOf(s, needle);
    if (line === null) s = state;
  }
  if (line === null) return s;
  const { lines, height } = env.pager(s);
  return { ...s, scroll: Math.max(0, Math.min(Math.max(0, lines - height), line - 1)) };
}

export function openHit(state: NavState, hit: MessageRef | undefined, env: NavEnv): NavState {
  if (hit === undefined) return state;
  const message = env.messageIndex(hit.threadId, hit.key);
  const opened = openThread(state, hit.threadId, Math.max(0, message));
  const thread = listedThreads(state, env).indexOf(hit.threadId);
  const withList = thread < 0 ? opened : { ...opened, thread };
  return state.found === null ? withList : atPlace(withList, queryWords(state.found.query), env);
}
