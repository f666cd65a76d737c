/** `threadlab options [THREAD] [--json]`: the design options of a thread (or of every thread) with their items. */
import { dbPath, parse, printJson } from '../args.js';
import { oneLine, writeErr, writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import { extractThread, type DesignOption, type Item } from '../../src/extract/index.js';
import { extractorVersion } from '../../src/extract/version.js';
import { cachedExtraction, loadThread, openStore, resolveRef, threadIds } from '../../src/store/index.js';

const HELP = `usage: threadlab options [THREAD] [--all] [--json] [--db PATH]

List the design options discussed in a thread: each option's title (in its
proposer's words), where it stood when the thread ended (supported, opposed,
superseded, open), and its items: the proposal, support, objections, concerns,
questions and review comments, with author, date and the words themselves.
Without THREAD, every thread that has options.

  THREAD      a thread id, or any message key / Message-ID in it
  --all       without THREAD, quote fragments too (see \`threadlab threads --help\`)
  --json      { "items": [ ... ], "options": [ ... ] } as in \`threadlab export\`
  --db PATH   database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)

Extraction runs on first use of a thread and is cached in the database.`;

const MARK: Record<Item['kind'], string> = {
  proposal: 'P',
  support: '+',
  oppose: '-',
  concern: '!',
  question: '?',
  review: 'R',
};

function clipped(text: string, width: number): string {
  const flat = oneLine(text.replace(/\s+/g, ' ').trim());
  return flat.length <= width ? flat : `${flat.slice(0, width - 3)}...`;
}

function render(subject: string, options: readonly DesignOption[], items: ReadonlyMap<string, Item>): string {
  const out = [oneLine(subject)];
  for (const o of options) {
    const policy = o.policy !== null ? `  replayed by policy ${o.policy}` : '';
    out.push(
      `  [${o.status}${o.supersededBy !== null ? ` by ${o.supersededBy}` : ''}] ${oneLine(o.title)}  (${o.id})${policy}`,
    );
    for (const id of o.items) {
      const i = items.get(id);
      if (i === undefined) continue;
      const where =
        i.file !== null
          ? ` ${oneLine(i.file)}${i.hunk !== null ? ` ${oneLine(i.hunk).replace(/^(@@[^@]*@@).*/, '$1')}` : ''}`
          : '';
      out.push(
        `    ${MARK[i.kind]} ${oneLine(i.author ?? '(unnamed)').padEnd(18)} ${(i.date ?? '').slice(0, 10).padEnd(10)}${where}  ${clipped(i.text, 110)}`,
      );
    }
  }
  return out.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse('options', argv, {
    db: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    writeOut(HELP + '\n');
    return 0;
  }
  if (positionals.length > 1)
    throw new UserError('options: give at most one THREAD (try: threadlab options --help)', 2);
  // Not read-only: extraction results are cached in the database.
  const db = openStore(dbPath(values.db), { mustExist: true });
  try {
    const ref = positionals[0];
    let ids: string[];
    if (ref !== undefined) {
      const found = resolveRef(db, ref);
      if (found === null) throw new UserError(`options: no thread or message '${ref}' in the database`);
      ids = [found.threadId];
    } else {
      ids = threadIds(db, { fragments: values.all === true });
    }
    const allItems: Item[] = [];
    const allOptions: DesignOption[] = [];
    const blocks: string[] = [];
    for (const id of ids) {
      const thread = loadThread(db, id);
      const extraction = cachedExtraction(db, id, extractorVersion(), () => extractThread(thread));
      allItems.push(...extraction.items);
      allOptions.push(...extraction.options);
      if (extraction.options.length > 0)
        blocks.push(render(thread.subject, extraction.options, new Map(extraction.items.map((i) => [i.id, i]))));
    }
    if (values.json === true) {
      printJson({ items: allItems, options: allOptions });
      return 0;
    }
    writeOut(blocks.length > 0 ? blocks.join('\n\n') + '\n' : '');
    writeErr(
      `${allOptions.length} options, ${allItems.length} items in ${ids.length} thread${ids.length === 1 ? '' : 's'}\n`,
    );
    return 0;
  } finally {
    db.close();
  }
}
