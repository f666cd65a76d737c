/** `threadlab search QUERY`: full-text search, over what people wrote, what they quoted, or both. */
import { dbPath, parse, printJson } from '../args.js';
import { oneLine, writeErr, writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import { openStore, search, type SearchScope } from '../../src/store/index.js';

const HELP = `usage: threadlab search QUERY... [--own | --quoted] [--limit N] [--json] [--db PATH]

Full-text search over subject, author and body, best matches first. Every word
must occur (AND); "a phrase" in quotes; word* for a prefix; OR and NOT (capitals)
work between words. Words like storage_domain or iommu-group match as written.

  --own        only the sender's own words (and subject, author), not the text they quote
  --quoted     only quoted text (what a reply cites from earlier mail)
  --limit N    at most N hits (default 50)
  --json       { "hits": [ { key, threadId, subject, author: { name, email }, date, snippet } ] }
  --db PATH    database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse('search', argv, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    own: { type: 'boolean' },
    quoted: { type: 'boolean' },
    limit: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    writeOut(HELP + '\n');
    return 0;
  }
  if (values.own === true && values.quoted === true)
    throw new UserError('search: --own and --quoted exclude each other', 2);
  const query = positionals.join(' ').trim();
  if (query === '') throw new UserError('search: no QUERY given (try: threadlab search --help)', 2);
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UserError(`search: --limit wants a positive integer, not '${values.limit}'`, 2);
  const scope: SearchScope = values.own === true ? 'own' : values.quoted === true ? 'quoted' : 'all';
  const db = openStore(dbPath(values.db), { readonly: true });
  try {
    const hits = search(db, query, scope, limit);
    if (values.json === true) {
      printJson({ hits });
      return 0;
    }
    for (const h of hits) {
      const who = oneLine(h.author.name ?? h.author.email ?? '(unknown)');
      writeOut(
        `${(h.date ?? '').slice(0, 10).padEnd(10)}  ${who}: ${oneLine(h.subject)}\n    ${oneLine(h.snippet)}\n    ${h.key}\n`,
      );
    }
    writeErr(`${hits.length} hit${hits.length === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    db.close();
  }
}
