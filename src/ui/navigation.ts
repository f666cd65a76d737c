/**
 * What each key does, as a pure reducer over the navigation state. Every key
 * sees the state the previous key left (React queues reducer actions), so a
 * burst such as "jjj\r" moves three rows and then opens the thread, which a
 * handler closing over one render's state could not do. Which key means what
 * is keymap.ts's table; this file says what each action does on each screen.
 */
import { actionOf, type Action, type Stroke } from './keymap.js';
import { nextSort, OPTION_SORTS, THREAD_SORTS } from './sort-filter.js';
import { clamp, contextOf, listedThreads, optionAt, type NavEnv, type NavState, type Screen } from './nav-state.js';
import { atPlace, openHit, openThread } from './nav-places.js';
import { filterKey, jumpKey, searchKey } from './prompts.js';

export function navigate(state: NavState, stroke: Stroke, env: NavEnv): NavState {
  if (state.quit) return state;
  // Any key closes the help; '?' on it too.
  if (state.help) return { ...state, help: false };
  const screen = state.screen;
  if (screen.name === 'search') return searchKey(state, screen, stroke, env);
  if (screen.name === 'jump') return jumpKey(state, screen, stroke, env);
  if (screen.name === 'filter') return filterKey(state, screen, stroke, env);
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
    return {
      ...state,
      screen: {
        name: 'filter',
        text: state.threadFilter,
        was: state.threadFilter,
        at: state.thread,
        back: state.screen,
      },
    };
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
  if (action === 'filter')
    return {
      ...state,
      screen: { name: 'filter', text: state.optionFilter, was: state.optionFilter, at: state.option, back: screen },
    };
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
