#!/usr/bin/env node
/**
 * The one place where errors become exit codes. Each sub-command lives in
 * cli/commands/<name>.ts and exports `run(argv): Promise<number>`; they are
 * loaded lazily so `threadlab sim ...` never opens SQLite and `import` never
 * loads the simulator.
 */
import { UserError } from '../src/errors.js';
import { oneLine, visible } from '../src/display.js';
import { storeFault } from '../src/store/faults.js';

type Command = { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> };

const commands: Record<string, Command> = {
  import: {
    summary: 'import mbox/.gz, Maildir, .eml, public-inbox git, web-archive text dumps',
    load: () => import('./commands/import.js'),
  },
  threads: {
    summary: 'list threads (subject, messages, people, last activity)',
    load: () => import('./commands/threads.js'),
  },
  show: {
    summary: 'show a thread or a message: the tree, the bodies, the patches',
    load: () => import('./commands/show.js'),
  },
  search: { summary: 'full-text search over subject, author and body', load: () => import('./commands/search.js') },
  export: {
    summary: 'export threads, messages, items and options as JSON',
    load: () => import('./commands/export.js'),
  },
  options: {
    summary: 'list the design options of a thread with their items',
    load: () => import('./commands/options.js'),
  },
  report: {
    summary: "write a thread's decisions and its policies compared as one Markdown or HTML file",
    load: () => import('./commands/report.js'),
  },
  tui: {
    summary: 'browse threads, messages and design options in the terminal',
    // React's production build (commands load lazily, so this is set before react is first imported): the
    // development one checks every render and costs the first frame ~0.7 s.
    load: () => {
      process.env['NODE_ENV'] ??= 'production';
      return import('./commands/tui.js');
    },
  },
  sim: { summary: 'coherency simulator: list, run, check', load: () => import('./commands/sim.js') },
  compare: { summary: 'compare simulator policies on one workload', load: () => import('./commands/compare.js') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: threadlab <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Every command takes --db PATH (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)',
    'and --json where it prints data. `threadlab <command> --help` for details.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write('threadlab 0.1.0\n');
    return 0;
  }
  const command = commands[name];
  if (command === undefined) throw new UserError(`unknown command '${name}' (try: threadlab --help)`, 2);
  const mod = await command.load();
  return mod.run(rest);
}

/** A reader that stops early (`threadlab export --json | head`) closes the pipe: that is its choice, not our failure. */
function isEpipe(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'EPIPE';
}

process.stdout.on('error', (err: unknown) => {
  // Nothing more can be written, and nothing is half-written in the store (writes are transactions):
  // end quietly, as cat and git do.
  if (isEpipe(err)) process.exit(0);
  process.stderr.write(`threadlab: cannot write the output: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(74);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isEpipe(err)) {
      process.exitCode = 0;
    } else if (err instanceof UserError) {
      process.stderr.write(`threadlab: ${oneLine(err.message)}\n`);
      process.exitCode = err.exitCode;
    } else if (storeFault(err) !== null) {
      // A full disk, a locked, foreign, damaged or read-only database: one line, the data is consistent.
      process.stderr.write(`threadlab: ${oneLine(storeFault(err)?.message ?? '')}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(
        visible(`threadlab: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
      );
      process.exitCode = 70;
    }
  },
);
