/**
 * What each key does, as a pure reducer over the navigation state. Every key
 * sees the state the previous key left (React queues reducer actions), so a
 * burst such as "jjj\r" moves three rows and then opens the thread, which a
 * handler closing over one render's state could not do. Which key means what
 * is keymap.ts's table; this file says what each action does on each screen.
 */
import type { SearchScope } from '../store/types.js';
import { actionOf, type Action, type Context, type Stroke } from './keymap.js';
import { nextSort, OPTION_SORTS, THREAD_SORTS, type OptionSort, type ThreadSort } from './sort-filter.js';

export type { Stroke };

export type Screen =
  | { readonly name: 'threads' }
  | { readonly name: 'thread'; readonly id: string }
  | { readonly name: 'decisions'; readonly id: string; readonly back: Screen }
  | { readonly name: 'replay'; readonly id: string; readonly policy: string; readonly back: Screen }
  | { readonly name: 'compare'; readonly id: string; readonly back: Screen }
  /** Typing a search: the matches follow each key; Enter opens one. */
  | {
      readonly name: 'search';
      readonly query: string;
      readonly scope: SearchScope;
      readonly cursor: number;
      readonly back: Screen;
    }
  /** Typing a thread id or Message-ID to open. */
  | { readonly name: 'jump'; readonly text: string; readonly error: string | null; readonly back: Screen }
  /** Typing the filter of the thread list or of the design options (the screen it returns to). */
  | { readonly name: 'filter'; readonly text: string; readonly back: Screen };

export type Focus = 'tree' | 'pager';

/** The search the matches of n/N come from, and which of them is open. */
export interface Found {
  readonly query: string;
  readonly scope: SearchScope;
  readonly index: number;
}

export interface NavState {
  readonly screen: Screen;
  readonly thread: number;
  readonly message: number;
  readonly option: number;
  /** The item of the selected option that has the cursor, or null while the cursor is on the options. */
  readonly item: number | null;
  readonly step: number;
  readonly subject: number;
  readonly workload: number;
  readonly fold: boolean;
  readonly patch: boolean;
  readonly headers: boolean;
  /** The pager shows the thread's series instead of the message. */
  readonly series: boolean;
  readonly focus: Focus;
  /** First pager line shown. */
  readonly scroll: number;
  readonly found: Found | null;
  readonly threadSort: ThreadSort;
  readonly threadFilter: string;
  readonly optionSort: OptionSort;
  readonly optionFilter: string;
  /** The help over the current screen. */
  readonly help: boolean;
  readonly quit: boolean;
}

export const initialNav: NavState = {
  screen: { name: 'threads' },
  thread: 0,
  message: 0,
  option: 0,
  item: null,
  step: 0,
  subject: 0,
  workload: 0,
  fold: true,
  patch: false,
  headers: false,
  series: false,
  focus: 'tree',
  scroll: 0,
  found: null,
  threadSort: 'activity',
  threadFilter: '',
  optionSort: 'thread',
  optionFilter: '',
  help: false,
  quit: false,
};

/** A place in the mail: a message of a thread. */
export interface MessageRef {
  readonly threadId: string;
  readonly key: string;
}

/** What the reducer may ask about the data behind the state; the answers for one state never change. */
export interface NavEnv {
  /** Every thread id, in the list's own order (last activity first). */
  readonly threadIds: readonly string[];
  /** Indices into threadIds as the list shows them under a sort and a filter. */
  threadOrder(sort: ThreadSort, filter: string): readonly number[];
  /** Indices into a thread's options as the decisions screen shows them under a sort and a filter. */
  optionOrder(threadId: string, sort: OptionSort, filter: string): readonly number[];
  messageCount(threadId: string): number;
  /** Index of a message in its thread as the tree lists it, or -1. */
  messageIndex(threadId: string, key: string): number;
  policyAt(threadId: string, option: number): string | null;
  /** The items of an option, as the decisions screen lists them: where each comes from and its words. */
  itemsOf(threadId: string, option: number): readonly { readonly message: string; readonly text: string }[];
  stepCount(state: NavState): number;
  /** Lines of the pager for the selected message, and how many fit. */
  pager(state: NavState): { readonly lines: number; readonly height: number };
  /** The first pager line of the state's message where `needle` begins (words compared without case or spacing), or null. */
  lineOf(state: NavState, needle: string | readonly string[]): number | null;
  /** The matches of a search, best first. */
  search(query: string, scope: SearchScope): readonly MessageRef[];
  /** The first message of the series version before (-1) or after (+1) the one the state reads, or null. */
  version(state: NavState, step: -1 | 1): MessageRef | null;
  /** What a typed thread id or Message-ID names, or null. */
  resolve(ref: string): { readonly threadId: string; readonly key: string | null } | null;
  readonly hasSim: boolean;
}

/** The keymap context a state reads its keys in. */
export function contextOf(state: NavState): Context {
  const s = state.screen;
  if (s.name === 'thread') return state.focus;
  if (s.name === 'decisions') return state.item === null ? 'decisions' : 'items';
  return s.name;
}

const clamp = (i: number, length: number): number => Math.max(0, Math.min(length - 1, i));

/** The thread ids as the list shows them now. */
export function listedThreads(state: NavState, env: NavEnv): string[] {
  return env.threadOrder(state.threadSort, state.threadFilter).map((i) => env.threadIds[i] ?? '');
}

/** The index into the thread's options of the option under the cursor (the cursor walks the sorted, filtered view). */
export function optionAt(state: NavState, env: NavEnv, threadId: string): number {
  return env.optionOrder(threadId, state.optionSort, state.optionFilter)[state.option] ?? -1;
}
const SCOPES: readonly SearchScope[] = ['all', 'own', 'quoted'];

/** The words of a query the pager looks for (operators, quotes and prefix stars dropped). */
export function queryWords(query: string): string[] {
  return query
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'AND' && w !== 'OR' && w !== 'NOT')
    .map((w) => w.replace(/\*$/, '').toLowerCase())
    .filter((w) => w !== '');
}

export function navigate(state: NavState, stroke: Stroke, env: NavEnv): NavState {
  if (state.quit) return state;
  // Any key closes the help; '?' on it too.
  if (state.help) return { ...state, help: false };
  const screen = state.screen;
  if (screen.name === 'search') return searchKey(state, screen, stroke, env);
  if (screen.name === 'jump') return jumpKey(state, screen, stroke, env);
  if (screen.name === 'filter') return filterKey(state, screen, stroke);
  const action = actionOf(contextOf(state), stroke);
  if (action === null) return state;
  switch (action) {
    case 'help':
      return { ...state, help: true };
    case 'search':
      return {
        ...state,
        screen: { name: 'search', query: '', scope: state.found?.scope ?? 'all', cursor: 0, back: screen },
      };
    case 'jump':
      return { ...state, screen: { name: 'jump', text: '', error: null, back: screen } };
    case 'next-match':
    case 'prev-match': {
      if (state.found === null) return state;
      const hits = env.search(state.found.query, state.found.scope);
      if (hits.length === 0) return state;
      const index = (state.found.index + (action === 'next-match' ? 1 : -1) + hits.length) % hits.length;
      return openHit({ ...state, found: { ...state.found, index } }, hits[index], env);
    }
    default:
      break;
  }
  switch (screen.name) {
    case 'threads':
      return threadsAction(state, action, env);
    case 'thread':
      return threadAction(state, screen, action, env);
    case 'decisions':
      return state.item === null
        ? decisionsAction(state, screen, action, env)
        : itemsAction(state, screen, action, env);
    case 'replay': {
      if (action === 'back') return { ...state, screen: screen.back };
      const n = env.stepCount(state);
      if (action === 'down') return { ...state, step: clamp(state.step + 1, n) };
      if (action === 'up') return { ...state, step: clamp(state.step - 1, n) };
      if (action === 'top') return { ...state, step: 0 };
      if (action === 'bottom') return { ...state, step: clamp(n - 1, n) };
      if (action === 'next-subject') return { ...state, subject: state.subject + 1, step: 0 };
      return state;
    }
    case 'compare':
      if (action === 'back') return { ...state, screen: screen.back };
      if (action === 'next-workload') return { ...state, workload: state.workload + 1 };
      return state;
  }
}

function threadsAction(state: NavState, action: Action, env: NavEnv): NavState {
  const ids = listedThreads(state, env);
  const n = ids.length;
  const page = 8;
  if (action === 'quit') return { ...state, quit: true };
  if (action === 'down') return { ...state, thread: clamp(state.thread + 1, n) };
  if (action === 'up') return { ...state, thread: clamp(state.thread - 1, n) };
  if (action === 'page-down') return { ...state, thread: clamp(state.thread + page, n) };
  if (action === 'page-up') return { ...state, thread: clamp(state.thread - page, n) };
  if (action === 'top') return { ...state, thread: 0 };
  if (action === 'bottom') return { ...state, thread: clamp(n - 1, n) };
  if (action === 'sort') return { ...state, threadSort: nextSort(THREAD_SORTS, state.threadSort), thread: 0 };
  if (action === 'filter')
    return { ...state, screen: { name: 'filter', text: state.threadFilter, back: state.screen } };
  const id = ids[state.thread];
  if (id === undefined) return state;
  if (action === 'open') return openThread(state, id, 0);
  if (action === 'decisions')
    return { ...state, screen: { name: 'decisions', id, back: state.screen }, option: 0, item: null };
  return state;
}

/** The thread screen: the tree moves between messages, the pager scrolls the selected one. */
function threadAction(state: NavState, screen: Screen & { name: 'thread' }, action: Action, env: NavEnv): NavState {
  const n = env.messageCount(screen.id);
  const toMessage = (i: number): NavState => {
    const message = clamp(i, n);
    return message === state.message ? state : { ...state, message, scroll: 0 };
  };
  const { lines, height } = env.pager(state);
  const last = Math.max(0, lines - height);
  const scrollBy = (delta: number): NavState => ({
    ...state,
    scroll: Math.max(0, Math.min(last, state.scroll + delta)),
  });
  const half = Math.max(1, Math.floor(height / 2));
  const page = Math.max(1, height - 1);
  switch (action) {
    case 'back':
      return { ...state, screen: { name: 'threads' } };
    case 'focus':
      return { ...state, focus: state.focus === 'tree' ? 'pager' : 'tree' };
    case 'next-message':
      return toMessage(state.message + 1);
    case 'prev-message':
      return toMessage(state.message - 1);
    case 'down':
      return scrollBy(1);
    case 'up':
      return scrollBy(-1);
    case 'page-down':
      return scrollBy(page);
    case 'page-up':
      return scrollBy(-page);
    case 'half-down':
      return scrollBy(half);
    case 'half-up':
      return scrollBy(-half);
    case 'first-message':
      return toMessage(0);
    case 'last-message':
      return toMessage(n - 1);
    case 'top':
      return { ...state, scroll: 0 };
    case 'bottom':
      return { ...state, scroll: last };
    case 'fold':
      return { ...state, fold: !state.fold, scroll: 0 };
    case 'patch':
      return { ...state, patch: !state.patch, series: false, scroll: 0 };
    case 'series':
      return { ...state, series: !state.series, patch: false, scroll: 0 };
    case 'series-next':
    case 'series-prev': {
      const to = env.version(state, action === 'series-next' ? 1 : -1);
      if (to === null) return state;
      const thread = listedThreads(state, env).indexOf(to.threadId);
      const opened = openThread(
        thread < 0 ? state : { ...state, thread },
        to.threadId,
        Math.max(0, env.messageIndex(to.threadId, to.key)),
      );
      // Keep the series view open while walking versions: it is where the walk is seen.
      return { ...opened, series: state.series };
    }
    case 'headers':
      return { ...state, headers: !state.headers, scroll: 0 };
    case 'decisions':
      return { ...state, screen: { name: 'decisions', id: screen.id, back: screen }, option: 0, item: null };
    default:
      return state;
  }
}

function decisionsAction(
  state: NavState,
  screen: Screen & { name: 'decisions' },
  action: Action,
  env: NavEnv,
): NavState {
  const n = env.optionOrder(screen.id, state.optionSort, state.optionFilter).length;
  if (action === 'sort') return { ...state, optionSort: nextSort(OPTION_SORTS, state.optionSort), option: 0 };
  if (action === 'filter') return { ...state, screen: { name: 'filter', text: state.optionFilter, back: screen } };
  if (action === 'back') return { ...state, screen: screen.back };
  if (action === 'down') return { ...state, option: clamp(state.option + 1, n) };
  if (action === 'up') return { ...state, option: clamp(state.option - 1, n) };
  if (action === 'top') return { ...state, option: 0 };
  if (action === 'bottom') return { ...state, option: clamp(n - 1, n) };
  const option = optionAt(state, env, screen.id);
  if (action === 'open') return env.itemsOf(screen.id, option).length === 0 ? state : { ...state, item: 0 };
  const policy = env.policyAt(screen.id, option);
  if (action === 'replay' && policy !== null && env.hasSim) {
    return { ...state, subject: 0, step: 0, screen: { name: 'replay', id: screen.id, policy, back: screen } };
  }
  if (action === 'compare' && env.hasSim)
    return { ...state, workload: 0, screen: { name: 'compare', id: screen.id, back: screen } };
  return state;
}

/** The cursor on one option's items: Enter reads the message an item comes from, at its sentence. */
function itemsAction(state: NavState, screen: Screen & { name: 'decisions' }, action: Action, env: NavEnv): NavState {
  const items = env.itemsOf(screen.id, optionAt(state, env, screen.id));
  const i = state.item ?? 0;
  if (action === 'back') return { ...state, item: null };
  if (action === 'down') return { ...state, item: clamp(i + 1, items.length) };
  if (action === 'up') return { ...state, item: clamp(i - 1, items.length) };
  const item = items[i];
  if (action === 'open' && item !== undefined) {
    const message = env.messageIndex(screen.id, item.message);
    if (message < 0) return state;
    return atPlace(openThread(state, screen.id, message), item.text, env);
  }
  return state;
}

function openThread(state: NavState, id: string, message: number): NavState {
  return { ...state, screen: { name: 'thread', id }, message, scroll: 0, focus: 'tree', patch: false, series: false };
}

/**
 * Scroll the open message to where `needle` is, a line of context above it;
 * unfold the quotes when the place is inside a folded one.
 */
function atPlace(state: NavState, needle: string | readonly string[], env: NavEnv): NavState {
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

function openHit(state: NavState, hit: MessageRef | undefined, env: NavEnv): NavState {
  if (hit === undefined) return state;
  const message = env.messageIndex(hit.threadId, hit.key);
  const opened = openThread(state, hit.threadId, Math.max(0, message));
  const thread = listedThreads(state, env).indexOf(hit.threadId);
  const withList = thread < 0 ? opened : { ...opened, thread };
  return state.found === null ? withList : atPlace(withList, queryWords(state.found.query), env);
}

function searchKey(state: NavState, screen: Screen & { name: 'search' }, stroke: Stroke, env: NavEnv): NavState {
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

function jumpKey(state: NavState, screen: Screen & { name: 'jump' }, stroke: Stroke, env: NavEnv): NavState {
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

/** The filter prompt: Enter sets the filter of the screen it was opened from, and the cursor starts at the top. */
function filterKey(state: NavState, screen: Screen & { name: 'filter' }, stroke: Stroke): NavState {
  const action = actionOf('filter', stroke);
  switch (action) {
    case 'cancel':
      return { ...state, screen: screen.back };
    case 'erase':
      return { ...state, screen: { ...screen, text: [...screen.text].slice(0, -1).join('') } };
    case 'accept': {
      const text = screen.text.trim();
      if (screen.back.name === 'decisions')
        return { ...state, screen: screen.back, optionFilter: text, option: 0, item: null };
      return { ...state, screen: screen.back, threadFilter: text, thread: 0 };
    }
    default:
      return printable(stroke) === null
        ? state
        : { ...state, screen: { ...screen, text: screen.text + printable(stroke) } };
  }
}

/** The text a stroke types into a prompt, or null for named keys. */
function printable(stroke: Stroke): string | null {
  if (stroke === 'space') return ' ';
  return [...stroke].length === 1 ? stroke : null;
}
