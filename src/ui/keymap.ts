/**
 * Every key binding of the TUI, in one table: the reducer (navigation.ts) looks
 * the action of a stroke up here, the footers show the bindings marked `footer`,
 * and `?` draws the whole table of the screen it is pressed on. A key works only
 * if it is listed, so the help cannot drift from what the keys do.
 *
 * Keys follow aerc, NeoMutt and tig: j/k and arrows move, Enter opens, q and Esc
 * go back (q on the thread list quits), g/G first/last, Space/b and Ctrl-D/U page,
 * / searches, n/N walk the matches, : jumps, ? helps.
 */
export type Stroke = string;

export type Context =
  | 'threads'
  | 'tree'
  | 'pager'
  | 'decisions'
  | 'items'
  | 'replay'
  | 'compare'
  | 'search'
  | 'jump'
  | 'filter';

export type Action =
  | 'down'
  | 'up'
  | 'top'
  | 'bottom'
  | 'page-down'
  | 'page-up'
  | 'half-down'
  | 'half-up'
  | 'first-message'
  | 'last-message'
  | 'open'
  | 'back'
  | 'quit'
  | 'decisions'
  | 'focus'
  | 'next-message'
  | 'prev-message'
  | 'fold'
  | 'patch'
  | 'headers'
  | 'series'
  | 'series-next'
  | 'series-prev'
  | 'replay'
  | 'compare'
  | 'next-subject'
  | 'next-workload'
  | 'search'
  | 'jump'
  | 'next-match'
  | 'prev-match'
  | 'help'
  | 'sort'
  | 'filter'
  | 'scope'
  | 'erase'
  | 'cancel'
  | 'accept';

export interface Binding {
  readonly keys: readonly Stroke[];
  readonly action: Action;
  /** What the help screen says the key does. */
  readonly help: string;
  /** Shown in the screen's one-line key help, in this wording. */
  readonly footer?: string;
}

/** Finding things works from every list. */
const FIND: readonly Binding[] = [
  { keys: ['/'], action: 'search', help: 'search all mail as you type (FTS5)', footer: '/ search' },
  { keys: ['n'], action: 'next-match', help: 'next match of the last search' },
  { keys: ['N'], action: 'prev-match', help: 'previous match of the last search' },
  { keys: [':', 'o'], action: 'jump', help: 'jump to a thread id or Message-ID' },
  { keys: ['?'], action: 'help', help: 'this help', footer: '? help' },
];

const THREAD: readonly Binding[] = [
  { keys: ['tab'], action: 'focus', help: 'move focus between the tree and the pager', footer: 'Tab pane' },
  { keys: [']'], action: 'next-message', help: 'next message' },
  { keys: ['['], action: 'prev-message', help: 'previous message' },
  { keys: ['space', 'pagedown'], action: 'page-down', help: 'page down', footer: 'Space page' },
  { keys: ['b', 'pageup'], action: 'page-up', help: 'page up' },
  { keys: ['ctrl-d'], action: 'half-down', help: 'half a page down' },
  { keys: ['ctrl-u'], action: 'half-up', help: 'half a page up' },
  { keys: ['g'], action: 'top', help: 'top of the message' },
  { keys: ['G'], action: 'bottom', help: 'end of the message' },
  {
    keys: ['z'],
    action: 'fold',
    help: 'fold or unfold quoted blocks (the last two quoted lines stay)',
    footer: 'z quotes',
  },
  { keys: ['h'], action: 'headers', help: 'full headers: Subject, From, To, Cc, Date with zone, Message-ID' },
  { keys: ['p'], action: 'patch', help: "the patch's files, hunks and review trailers" },
  {
    keys: ['s'],
    action: 'series',
    help: "the thread's series: versions (v1 -> v2), patches, review trailers per patch",
    footer: 's series',
  },
  { keys: ['}'], action: 'series-next', help: 'the next version of the series (opens its thread)' },
  { keys: ['{'], action: 'series-prev', help: 'the previous version of the series' },
  { keys: ['d'], action: 'decisions', help: 'design options of the thread' },
  { keys: ['q', 'escape'], action: 'back', help: 'back to the thread list', footer: 'q back' },
  ...FIND,
];

export const KEYMAP: Readonly<Record<Context, readonly Binding[]>> = {
  threads: [
    { keys: ['j', 'down'], action: 'down', help: 'next thread', footer: 'j/k move' },
    { keys: ['k', 'up'], action: 'up', help: 'previous thread' },
    { keys: ['g', 'home'], action: 'top', help: 'first thread' },
    { keys: ['G', 'end'], action: 'bottom', help: 'last thread' },
    { keys: ['space', 'pagedown', 'ctrl-d'], action: 'page-down', help: 'a page of threads down' },
    { keys: ['b', 'pageup', 'ctrl-u'], action: 'page-up', help: 'a page of threads up' },
    { keys: ['enter'], action: 'open', help: 'open the thread', footer: 'Enter open' },
    { keys: ['d'], action: 'decisions', help: 'design options of the thread', footer: 'd decisions' },
    {
      keys: ['s'],
      action: 'sort',
      help: 'sort by last activity, first message, size (each press the next)',
      footer: 's sort',
    },
    {
      keys: ['f'],
      action: 'filter',
      help: 'filter as you type: subject words, from:NAME, has:patch',
      footer: 'f filter',
    },
    ...FIND,
    { keys: ['q', 'escape'], action: 'quit', help: 'quit', footer: 'q quit' },
  ],
  tree: [
    { keys: ['j', 'down'], action: 'next-message', help: 'next message in the tree', footer: 'j/k message' },
    { keys: ['k', 'up'], action: 'prev-message', help: 'previous message in the tree' },
    { keys: ['home'], action: 'first-message', help: 'first message' },
    { keys: ['end'], action: 'last-message', help: 'last message' },
    ...THREAD,
  ],
  pager: [
    { keys: ['j', 'down'], action: 'down', help: 'scroll a line down', footer: 'j/k scroll' },
    { keys: ['k', 'up'], action: 'up', help: 'scroll a line up' },
    ...THREAD,
  ],
  decisions: [
    { keys: ['j', 'down'], action: 'down', help: 'next option', footer: 'j/k move' },
    { keys: ['k', 'up'], action: 'up', help: 'previous option' },
    { keys: ['g', 'home'], action: 'top', help: 'first option' },
    { keys: ['G', 'end'], action: 'bottom', help: 'last option' },
    {
      keys: ['enter'],
      action: 'open',
      help: "walk the option's items (Enter on one opens its message there)",
      footer: 'Enter items',
    },
    {
      keys: ['r'],
      action: 'replay',
      help: "replay the option's policy: the checker's counterexample, then each workload",
      footer: 'r replay',
    },
    { keys: ['c'], action: 'compare', help: "compare the thread's policies on a workload", footer: 'c compare' },
    {
      keys: ['s'],
      action: 'sort',
      help: 'sort by thread order, status, last activity, first item, size (each press the next)',
      footer: 's sort',
    },
    {
      keys: ['f'],
      action: 'filter',
      help: 'filter as you type: title words, from:NAME, status:S',
      footer: 'f filter',
    },
    { keys: ['q', 'escape'], action: 'back', help: 'back', footer: 'q back' },
    ...FIND,
  ],
  items: [
    { keys: ['j', 'down'], action: 'down', help: 'next item of the option', footer: 'j/k item' },
    { keys: ['k', 'up'], action: 'up', help: 'previous item' },
    {
      keys: ['enter'],
      action: 'open',
      help: 'open the message the item comes from, at that sentence',
      footer: 'Enter read it',
    },
    { keys: ['q', 'escape', 'h', 'left'], action: 'back', help: 'back to the options', footer: 'q options' },
    ...FIND,
  ],
  replay: [
    {
      keys: ['j', 'n', 'l', 'right', 'down'],
      action: 'down',
      help: 'step forward: the world after the next operation',
      footer: 'j/k n/p step',
    },
    { keys: ['k', 'p', 'h', 'left', 'up'], action: 'up', help: 'step back' },
    { keys: ['g', 'home'], action: 'top', help: 'first step', footer: 'g/G first/last' },
    { keys: ['G', 'end'], action: 'bottom', help: 'last step' },
    {
      keys: ['w'],
      action: 'next-subject',
      help: 'next thing to replay (counterexample, then the workloads)',
      footer: 'w next',
    },
    { keys: ['q', 'escape'], action: 'back', help: 'back', footer: 'q back' },
    { keys: ['?'], action: 'help', help: 'this help', footer: '? help' },
  ],
  compare: [
    { keys: ['w'], action: 'next-workload', help: 'next workload', footer: 'w next workload' },
    { keys: ['q', 'escape'], action: 'back', help: 'back', footer: 'q back' },
    { keys: ['?'], action: 'help', help: 'this help', footer: '? help' },
  ],
  // Prompts: printable keys are text; only these named keys act.
  search: [
    { keys: ['enter'], action: 'accept', help: 'open the selected match at its place', footer: 'Enter open' },
    { keys: ['down', 'ctrl-n'], action: 'down', help: 'next match', footer: '↓/↑ match' },
    { keys: ['up', 'ctrl-p'], action: 'up', help: 'previous match' },
    {
      keys: ['tab'],
      action: 'scope',
      help: 'search all text, only what people wrote, or only what they quoted',
      footer: 'Tab own/quoted',
    },
    { keys: ['backspace'], action: 'erase', help: 'erase a character' },
    { keys: ['escape'], action: 'cancel', help: 'cancel', footer: 'Esc cancel' },
  ],
  jump: [
    { keys: ['enter'], action: 'accept', help: 'open the thread or message', footer: 'Enter go' },
    { keys: ['backspace'], action: 'erase', help: 'erase a character' },
    { keys: ['escape'], action: 'cancel', help: 'cancel', footer: 'Esc cancel' },
  ],
  filter: [
    {
      keys: ['enter'],
      action: 'accept',
      help: 'keep the filter the list shows (nothing typed: show everything)',
      footer: 'Enter keep',
    },
    { keys: ['down', 'ctrl-n'], action: 'down', help: 'move down the narrowed list', footer: '↓/↑ move' },
    { keys: ['up', 'ctrl-p'], action: 'up', help: 'move up the narrowed list' },
    { keys: ['backspace'], action: 'erase', help: 'erase a character (the list widens again)' },
    {
      keys: ['escape'],
      action: 'cancel',
      help: 'put back the filter and the cursor as they were',
      footer: 'Esc restore',
    },
  ],
};

/** The action a stroke has in a context, or null. */
export function actionOf(context: Context, stroke: Stroke): Action | null {
  for (const b of KEYMAP[context]) if (b.keys.includes(stroke)) return b.action;
  return null;
}

/** The one-line key help of a context. */
export function footerOf(context: Context): string {
  return KEYMAP[context]
    .map((b) => b.footer)
    .filter((f): f is string => f !== undefined)
    .join('  ');
}

const KEY_NAMES: Record<string, string> = {
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  space: 'Space',
  backspace: 'Backspace',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  home: 'Home',
  end: 'End',
  pagedown: 'PgDn',
  pageup: 'PgUp',
};

/** How the help screen writes a key: "^D", "PgDn", "j". */
export function keyName(stroke: Stroke): string {
  if (stroke.startsWith('ctrl-')) return `^${stroke.slice(5).toUpperCase()}`;
  return KEY_NAMES[stroke] ?? stroke;
}

/** The help screen's rows for a context: keys and what they do. */
export function helpRows(context: Context): { readonly keys: string; readonly help: string }[] {
  return KEYMAP[context].map((b) => ({ keys: b.keys.map(keyName).join(' '), help: b.help }));
}
