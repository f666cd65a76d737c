/**
 * The navigation state the keys move, and what the reducer may ask about the
 * data behind it (NavEnv). Plain data: navigation.ts says what each key does
 * to it, the screens draw it.
 */
import type { SearchScope } from '../store/types.js';
import type { Context } from './keymap.js';
import type { OptionSort, ThreadSort } from './sort-filter.js';

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
  /**
   * Typing the filter of the thread list or of the design options (`back`, the screen
   * drawn under the prompt): the list narrows on each key; Esc puts back the filter
   * (`was`) and the cursor (`at`) the prompt found.
   */
  | {
      readonly name: 'filter';
      readonly text: string;
      readonly was: string;
      readonly at: number;
      readonly back: Screen;
    };

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

export const clamp = (i: number, length: number): number => Math.max(0, Math.min(length - 1, i));

/** The thread ids as the list shows them now. */
export function listedThreads(state: NavState, env: NavEnv): string[] {
  return env.threadOrder(state.threadSort, state.threadFilter).map((i) => env.threadIds[i] ?? '');
}

/** The index into the thread's options of the option under the cursor (the cursor walks the sorted, filtered view). */
export function optionAt(state: NavState, env: NavEnv, threadId: string): number {
  return env.optionOrder(threadId, state.optionSort, state.optionFilter)[state.option] ?? -1;
}
