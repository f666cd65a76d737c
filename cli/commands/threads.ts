/** `threadlab threads`: the threads in the database, most recent activity first. */
import { dbPath, parse, printJson } from '../args.js';
import { oneLine, writeErr, writeOut } from '../out.js';
import { fragmentCount, listThreads, openStore } from '../../src/store/index.js';

const HELP = `usage: threadlab threads [--all] [--db PATH] [--json]

List the threads in the database, most recent activity first: last activity,
messages (of which reconstructed from quotes), people, subject and the thread id
to give to \`threadlab show\` or \`threadlab export --thread\`.

  --all       also quote fragments: "threads" of nothing but quoted words of unknown
              authors, which threading could not hang back where they were quoted
  --db PATH   database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)
  --json      { "threads": [ { id, subject, messages, reconstructed, people: [..], first, last } ] }

Works while an import is running (it sees the last completed re-thread).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    'threads',
    argv,
    {
      db: { type: 'string' },
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help === true) {
    writeOut(HELP + '\n');
    return 0;
  }
  const db = openStore(dbPath(values.db), { readonly: true });
  try {
    const all = values.all === true;
    const threads = listThreads(db, { fragments: all });
    if (values.json === true) {
      printJson({ threads });
      return 0;
    }
    for (const t of threads) {
      const last = t.last === null ? '-'.padEnd(16) : t.last.slice(0, 16).replace('T', ' ');
      const count = t.reconstructed > 0 ? `${t.messages} (${t.reconstructed}r)` : String(t.messages);
      const names = t.people.map(oneLine);
      const people = names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} +${names.length - 3}`;
      writeOut(`${last}  ${count.padStart(8)}  ${oneLine(t.subject)}\n${' '.repeat(28)}${people} · ${t.id}\n`);
    }
    const hidden = all ? 0 : fragmentCount(db);
    writeErr(
      `${threads.length} threads${hidden > 0 ? ` (${hidden} quote fragments not listed: --all lists them)` : ''}\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}
