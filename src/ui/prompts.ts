/**
 * The prompts' keys: the search (matches follow each key, Enter opens one at
 * its place), the jump to a thread id or Message-ID, and the filter of the
 * thread list or the design options. Printable strokes are text; only the
 * named keys of keymap.ts's prompt contexts act.
 */
import type { SearchScope } from '../store/types.js';
import { actionOf, type Stroke } from './keymap.js';
import { clamp, listedThreads, type NavEnv, type NavState, type Screen } from './nav-state.js';
import { openHit, openThread } from './nav-places.js';

const SCOPES: readonly SearchScope[] = ['all', 'own', 'quoted'];

export function searchKey(state: NavState, screen: Screen & { name: 'search' }, stroke: Stroke, env: NavEnv): NavState {
  const action = actionOf('search', stroke);
  const edit = (query: string): NavState => ({ ...state, screen: { ...screen, query, cursor: 0 } });
  switch (action) {
    case 'cancel':
      return { ...state, screen: screen.back };
    case 'erase':
      return edit([...screen.query].slice(0, -1).join(''));
    case 'scope':
      return {
        ...state,
        screen: { ...screen, scope: SCOPES[(SCOPES.indexOf(screen.scope) + 1) % SCOPES.length] ?? 'all', cursor: 0 },
      };
    case 'down':
    case 'up': {
      const n = env.search(screen.query, screen.scope).length;
      return { ...state, screen: { ...screen, cursor: clamp(screen.cursor + (action === 'down' ? 1 : -1), n) } };
    }
    case 'accept': {
      const hits = env.search(screen.query, screen.scope);
      const hit = hits[screen.cursor];
      if (hit === undefined) return state;
      return openHit({ ...state, found: { query: screen.query, scope: screen.scope, index: screen.cursor } }, hit, env);
    }
    default:
      return printable(stroke) === null ? state : edit(screen.query + printable(stroke));
  }
}

export function jumpKey(state: NavState, screen: Screen & { name: 'jump' }, stroke: Stroke, env: NavEnv): NavState {
  const action = actionOf('jump', stroke);
  switch (action) {
    case 'cancel':
      return { ...state, screen: screen.back };
    case 'erase':
      return { ...state, screen: { ...screen, text: [...screen.text].slice(0, -1).join(''), error: null } };
    case 'accept': {
      const text = screen.text.trim();
      if (text === '') return { ...state, screen: screen.back };
      const target = env.resolve(text);
      if (target === null) return { ...state, screen: { ...screen, error: `no thread or message '${text}'` } };
      const message = target.key === null ? 0 : Math.max(0, env.messageIndex(target.threadId, target.key));
      const thread = listedThreads(state, env).indexOf(target.threadId);
      return openThread(thread < 0 ? state : { ...state, thread }, target.threadId, message);
    }
    default:
      return printable(stroke) === null
        ? state
        : { ...state, screen: { ...screen, text: screen.text + printable(stroke), error: null } };
  }
}

/**
 * The filter prompt filters as it is typed: each key sets the filter of the list
 * under it (the cursor back at its top), ↓/↑ move in what is left, Enter keeps
 * the filter (and the cursor), Esc puts back the filter and the cursor it found.
 */
export function filterKey(state: NavState, screen: Screen & { name: 'filter' }, stroke: Stroke, env: NavEnv): NavState {
  const options = screen.back.name === 'decisions' ? screen.back.id : null;
  const set = (s: NavState, filter: string, cursor: number): NavState =>
    options === null
      ? { ...s, threadFilter: filter, thread: cursor }
      : { ...s, optionFilter: filter, option: cursor, item: null };
  const edit = (text: string): NavState => set({ ...state, screen: { ...screen, text } }, text, 0);
  const action = actionOf('filter', stroke);
  switch (action) {
    case 'cancel':
      return set({ ...state, screen: screen.back }, screen.was, screen.at);
    case 'erase':
      return edit([...screen.text].slice(0, -1).join(''));
    case 'accept':
      return set({ ...state, screen: screen.back }, screen.text.trim(), options === null ? state.thread : state.option);
    case 'down':
    case 'up': {
      const delta = action === 'down' ? 1 : -1;
      if (options === null)
        return { ...state, thread: clamp(state.thread + delta, env.threadOrder(state.threadSort, screen.text).length) };
      const n = env.optionOrder(options, state.optionSort, screen.text).length;
      return { ...state, option: clamp(state.option + delta, n) };
    }
    default: {
      const typed = printable(stroke);
      return typed === null ? state : edit(screen.text + typed);
    }
  }
}

/** The text a stroke types into a prompt, or null for named keys. */
function printable(stroke: Stroke): string | null {
  if (stroke === 'space') return ' ';
  return [...stroke].length === 1 ? stroke : null;
}
