/** `threadlab export --json`: threads, messages, items and options in the shape of CONTRACT.md. */
import { dbPath, parse, printJson } from '../args.js';
import { writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import { extractThread } from '../../src/extract/index.js';
import { extractorVersion } from '../../src/extract/version.js';
import { cachedExtraction, contractThread, loadThread, openStore, resolveRef, threadIds } from '../../src/store/index.js';

const HELP = `usage: threadlab export --json [--thread ID] [--bodies] [--db PATH]

Print one JSON document on stdout, in the shape of the machine-readable contract:
{ "threads": [ { id, subject, messages: [ { key, messageId, parent, author: { name, email },
    date, subject, reconstructed, ghost?, source: { file, offset }, patch } ] } ],
  "items": [ ... ], "options": [ ... ] }
Items and options come from extraction, computed per thread on first use and cached
in the database (an import drops the cache of every thread it touches).

  --json         JSON output (the only format; accepted for symmetry with the other commands)
  --thread ID    only this thread (a thread id, or any message key / Message-ID in it)
  --bodies       add each message's decoded body as "body"
  --db PATH      database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    'export',
    argv,
    { db: { type: 'string' }, json: { type: 'boolean' }, thread: { type: 'string' }, bodies: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    false,
  );
  if (values.help === true) {
    writeOut(HELP + '\n');
    return 0;
  }
  // Not read-only: extraction results are cached in the database.
  const db = openStore(dbPath(values.db), { mustExist: true });
  try {
    let ids: string[];
    if (values.thread !== undefined) {
      const ref = resolveRef(db, values.thread);
      if (ref === null) throw new UserError(`export: no thread or message '${values.thread}' in the database`);
      ids = [ref.threadId];
    } else {
      ids = threadIds(db);
    }
    const threads = [];
    const items = [];
    const options = [];
    for (const id of ids) {
      const thread = loadThread(db, id);
      const extraction = cachedExtraction(db, id, extractorVersion(), () => extractThread(thread));
      threads.push(contractThread(thread, values.bodies === true));
      items.push(...extraction.items);
      options.push(...extraction.options);
    }
    printJson({ threads, items, options });
    return 0;
  } finally {
    db.close();
  }
}
