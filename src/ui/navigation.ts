/**
 * What each key does, as a pure reducer over the navigation state. Every key
 * sees the state the previous key left (React queues reducer actions), so a
 * burst such as "jjj\r" moves three rows and then opens the thread, which a
 * handler closing over one render's state could not do.
 */
export type Screen =
  | { readonly name: 'threads' }
  | { readonly name: 'thread'; readonly id: string }
  | { readonly name: 'decisions'; readonly id: string; readonly back: Screen }
  | { readonly name: 'replay'; readonly id: string; readonly policy: string; readonly back: Screen }
  | { readonly name: 'compare'; readonly id: string; readonly back: Screen };

export type Focus = 'tree' | 'pager';

export interface NavState {
  readonly screen: Screen;
  readonly thread: number;
  readonly message: number;
  readonly option: number;
  readonly step: number;
  readonly subject: number;
  readonly workload: number;
  readonly fold: boolean;
  readonly patch: boolean;
  readonly headers: boolean;
  readonly focus: Focus;
  /** First pager line shown. */
  readonly scroll: number;
  readonly quit: boolean;
}

export const initialNav: NavState = {
  screen: { name: 'threads' },
  thread: 0,
  message: 0,
  option: 0,
  step: 0,
  subject: 0,
  workload: 0,
  fold: true,
  patch: false,
  headers: false,
  focus: 'tree',
  scroll: 0,
  quit: false,
};

/** A key after decoding: a printable character, or a named key ('down', 'pagedown', 'ctrl-d', 'enter', ...). */
export type Stroke = string;

/** What the reducer may ask about the data behind the state; the answers for one state never change. */
export interface NavEnv {
  readonly threadIds: readonly string[];
  messageCount(threadId: string): number;
  optionCount(threadId: string): number;
  policyAt(threadId: string, option: number): string | null;
  stepCount(state: NavState): number;
  /** Lines of the pager for the selected message, and how many fit. */
  pager(state: NavState): { readonly lines: number; readonly height: number };
  readonly hasSim: boolean;
}

const clamp = (i: number, length: number): number => Math.max(0, Math.min(length - 1, i));
const down = (s: Stroke): boolean => s === 'j' || s === 'down';
const up = (s: Stroke): boolean => s === 'k' || s === 'up';
const back = (s: Stroke): boolean => s === 'q' || s === 'escape';

export function navigate(state: NavState, stroke: Stroke, env: NavEnv): NavState {
  if (state.quit) return state;
  const screen = state.screen;
  switch (screen.name) {
    case 'threads': {
      const n = env.threadIds.length;
      if (back(stroke)) return { ...state, quit: true };
      const id = env.threadIds[state.thread];
      if (down(stroke)) return { ...state, thread: clamp(state.thread + 1, n) };
      if (up(stroke)) return { ...state, thread: clamp(state.thread - 1, n) };
      if (stroke === 'g' || stroke === 'home') return { ...state, thread: 0 };
      if (stroke === 'G' || stroke === 'end') return { ...state, thread: clamp(n - 1, n) };
      if (id === undefined) return state;
      if (stroke === 'enter') return { ...state, screen: { name: 'thread', id }, message: 0, scroll: 0, focus: 'tree' };
      if (stroke === 'd') return { ...state, screen: { name: 'decisions', id, back: screen }, option: 0 };
      return state;
    }
    case 'thread':
      return threadKey(state, screen, stroke, env);
    case 'decisions': {
      if (back(stroke)) return { ...state, screen: screen.back };
      const n = env.optionCount(screen.id);
      if (down(stroke)) return { ...state, option: clamp(state.option + 1, n) };
      if (up(stroke)) return { ...state, option: clamp(state.option - 1, n) };
      const policy = env.policyAt(screen.id, state.option);
      if (stroke === 'r' && policy !== null && env.hasSim) {
        return { ...state, subject: 0, step: 0, screen: { name: 'replay', id: screen.id, policy, back: screen } };
      }
      if (stroke === 'c' && env.hasSim) return { ...state, workload: 0, screen: { name: 'compare', id: screen.id, back: screen } };
      return state;
    }
    case 'replay': {
      if (back(stroke)) return { ...state, screen: screen.back };
      const n = env.stepCount(state);
      if (stroke === 'l' || stroke === 'right') return { ...state, step: clamp(state.step + 1, n) };
      if (stroke === 'h' || stroke === 'left') return { ...state, step: clamp(state.step - 1, n) };
      if (stroke === 'g' || stroke === 'home') return { ...state, step: 0 };
      if (stroke === 'G' || stroke === 'end') return { ...state, step: clamp(n - 1, n) };
      if (stroke === 'w') return { ...state, subject: state.subject + 1, step: 0 };
      return state;
    }
    case 'compare':
      if (back(stroke)) return { ...state, screen: screen.back };
      if (stroke === 'w') return { ...state, workload: state.workload + 1 };
      return state;
  }
}

/** The thread screen: the tree moves between messages, the pager scrolls the selected one. */
function threadKey(state: NavState, screen: Screen & { name: 'thread' }, stroke: Stroke, env: NavEnv): NavState {
  if (back(stroke)) return { ...state, screen: { name: 'threads' } };
  const n = env.messageCount(screen.id);
  const toMessage = (i: number): NavState => {
    const message = clamp(i, n);
    return message === state.message ? state : { ...state, message, scroll: 0 };
  };
  const { lines, height } = env.pager(state);
  const last = Math.max(0, lines - height);
  const scrollBy = (delta: number): NavState => ({ ...state, scroll: Math.max(0, Math.min(last, state.scroll + delta)) });
  const half = Math.max(1, Math.floor(height / 2));
  const page = Math.max(1, height - 1);
  if (stroke === 'tab') return { ...state, focus: state.focus === 'tree' ? 'pager' : 'tree' };
  if (stroke === ']') return toMessage(state.message + 1);
  if (stroke === '[') return toMessage(state.message - 1);
  if (state.focus === 'tree') {
    if (down(stroke)) return toMessage(state.message + 1);
    if (up(stroke)) return toMessage(state.message - 1);
    if (stroke === 'home') return toMessage(0);
    if (stroke === 'end') return toMessage(n - 1);
  } else {
    if (down(stroke)) return scrollBy(1);
    if (up(stroke)) return scrollBy(-1);
  }
  if (stroke === 'space' || stroke === 'pagedown') return scrollBy(page);
  if (stroke === 'pageup' || stroke === 'b') return scrollBy(-page);
  if (stroke === 'ctrl-d') return scrollBy(half);
  if (stroke === 'ctrl-u') return scrollBy(-half);
  if (stroke === 'g') return { ...state, scroll: 0 };
  if (stroke === 'G') return { ...state, scroll: last };
  if (stroke === 'z') return { ...state, fold: !state.fold, scroll: 0 };
  if (stroke === 'p') return { ...state, patch: !state.patch, scroll: 0 };
  if (stroke === 'h') return { ...state, headers: !state.headers, scroll: 0 };
  if (stroke === 'd') return { ...state, screen: { name: 'decisions', id: screen.id, back: screen }, option: 0 };
  return state;
}
