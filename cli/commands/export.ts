/** `threadlab export --json`: threads, messages, items and options in the shape of CONTRACT.md. */
import { dbPath, parse } from '../args.js';
import { writeOut } from '../out.js';
import { streamDocument, writeDrained } from '../stream-json.js';
import { UserError } from '../../src/errors.js';
import { safeJson } from '../../src/display.js';
import { extractThread } from '../../src/extract/index.js';
import { extractorVersion } from '../../src/extract/version.js';
import {
  cachedExtraction,
  contractThread,
  loadThread,
  openStore,
  resolveRef,
  threadIds,
} from '../../src/store/index.js';

const HELP = `usage: threadlab export --json|--jsonl [--thread ID] [--all] [--bodies] [--db PATH]

Print one JSON document on stdout, in the shape of the machine-readable contract:
{ "threads": [ { id, subject, messages: [ { key, messageId, parent, author: { name, email },
    date, subject, reconstructed, ghost?, source: { file, offset }, patch } ] } ],
  "items": [ ... ], "options": [ ... ] }
Items and options come from extraction, computed per thread on first use and cached
in the database (an import drops the cache of every thread it touches). The document is
written as it is read, one thread at a time, so a whole list archive exports in the memory
of its largest thread.

  --json         one JSON document (the default)
  --jsonl        one JSON object per line instead: {"thread": ...}, then that thread's
                 {"item": ...} and {"option": ...} lines, thread after thread
  --thread ID    only this thread (a thread id, or any message key / Message-ID in it)
  --all          quote fragments too (see \`threadlab threads --help\`); without it, the
                 threads \`threadlab threads\` lists
  --bodies       add each message's decoded body as "body"
  --db PATH      database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    'export',
    argv,
    {
      db: { type: 'string' },
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      thread: { type: 'string' },
      bodies: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help === true) {
    writeOut(HELP + '\n');
    return 0;
  }
  if (values.json === true && values.jsonl === true)
    throw new UserError('export: --json and --jsonl are two formats; give one');
  // Not read-only: extraction results are cached in the database.
  const db = openStore(dbPath(values.db), { mustExist: true });
  try {
    let ids: string[];
    if (values.thread !== undefined) {
      const ref = resolveRef(db, values.thread);
      if (ref === null) throw new UserError(`export: no thread or message '${values.thread}' in the database`);
      ids = [ref.threadId];
    } else {
      ids = threadIds(db, { fragments: values.all === true });
    }
    const bodies = values.bodies === true;
    const extraction = (id: string, thread?: ReturnType<typeof loadThread>): ReturnType<typeof extractThread> =>
      cachedExtraction(db, id, extractorVersion(), () => extractThread(thread ?? loadThread(db, id)));
    if (values.jsonl === true) {
      for (const id of ids) {
        const thread = loadThread(db, id);
        const { items, options } = extraction(id, thread);
        const lines = [
          { thread: contractThread(thread, bodies) },
          ...items.map((item) => ({ item })),
          ...options.map((option) => ({ option })),
        ];
        await writeDrained(lines.map((l) => safeJson(l, 0)).join('\n') + '\n');
      }
      return 0;
    }
    // Three passes over the threads rather than one document in memory: items and options
    // come from the extraction cache the first of them fills.
    await streamDocument([
      [
        'threads',
        function* () {
          for (const id of ids) yield contractThread(loadThread(db, id), bodies);
        },
      ],
      [
        'items',
        function* () {
          for (const id of ids) yield* extraction(id).items;
        },
      ],
      [
        'options',
        function* () {
          for (const id of ids) yield* extraction(id).options;
        },
      ],
    ]);
    return 0;
  } finally {
    db.close();
  }
}
