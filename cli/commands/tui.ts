/**
 * `threadlab tui`: the terminal UI over an imported database. The store and
 * extraction are wired here so the UI itself only ever sees a TuiSource.
 */
import React from 'react';
import { writeOut } from '../out.js';
import { render } from 'ink';
import { dbPath, parse } from '../args.js';
import { openStore } from '../../src/store/index.js';
import { App } from '../../src/ui/app.js';
import { storeSource } from '../tui-source.js';
import { verdictCacheDir, verdictStore } from '../verdict-cache.js';

const help = `usage: threadlab tui [--db PATH]

Browse the imported threads in the terminal: j/k (or arrows) to move, g/G first/last,
Enter to open a thread, d for its design options, q to go back or quit, ? for every key
of the screen you are on (the help is drawn from the same table the keys are read from).
From any list: / searches all mail as you type (Tab: own words or quoted text only;
Enter opens the match at its place), n/N walk the matches, : or o jumps to a thread id,
Message-ID or a unique prefix of a key.
In a thread: Tab moves focus between the tree and the message pager; j/k move in the
tree or scroll the pager, whichever has focus; Space/PgDn and b/PgUp page, Ctrl-D/Ctrl-U
half a page, g/G top/bottom, [ ] previous/next message; z folds quotes (the last two
quoted lines of each block stay), h shows full headers (To and Cc included), p the patch's
files, hunks and review trailers, s the thread's series (versions v1 -> v2 -> v3, each
patch's review trailers), { and } the previous/next version.
On the design options: Enter walks the option's items and Enter on one opens its message
at that sentence; r replays the selected option's simulator policy (the checker's
counterexample when it found one, then each workload) as a grid of the world after each
step: runs of pages with their cache state, memory (OLD: an earlier owner's data), pins,
the domains mapping them, stale IOTLB entries, areas; the violation marked on its page
(j/k or n/p step, g/G first/last, w next); c compares the thread's policies on a workload
(w next) with the checker's verdict beside the workload's own violations. The checker runs
in a worker thread at sim check's default bound, so keys act while it searches, and each
verdict states its bound; verdicts are kept in $XDG_CACHE_HOME/threadlab/verdicts (else
~/.cache/threadlab/verdicts) by policy, bound, universe and checker code, so a policy
checked once shows its verdict at once in later sessions.
It draws on the terminal's alternate screen and redraws at once when the terminal is
resized; with NO_COLOR set it uses no colours.
Without a terminal (piped output) it prints the thread list once and exits.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse('tui', argv, { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help === true) {
    writeOut(help + '\n');
    return 0;
  }
  const db = openStore(dbPath(values.db), { mustExist: true });
  const source = storeSource(db, { verdicts: verdictStore(verdictCacheDir()) });
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  // https://no-color.org: set and not empty.
  const color = (process.env['NO_COLOR'] ?? '') === '';
  // The alternate screen, as full-screen programs use: the frames do not pile up in the
  // scrollback, and quitting gives back the shell's screen as it was. Restored on any exit.
  const leaveAlternate = interactive ? enterAlternateScreen() : () => {};
  try {
    const app = render(React.createElement(App, { source, color }), { exitOnCtrlC: true });
    if (!interactive) app.unmount();
    await app.waitUntilExit();
  } finally {
    leaveAlternate();
    source.sim?.close();
    db.close();
  }
  return 0;
}

function enterAlternateScreen(): () => void {
  const leave = (): void => {
    process.off('exit', leave);
    process.stdout.write('\x1b[?1049l');
  };
  process.stdout.write('\x1b[?1049h\x1b[H');
  process.on('exit', leave);
  return leave;
}
