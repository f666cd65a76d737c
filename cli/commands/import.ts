/** `threadlab import PATH...`: read archives into the database, then re-thread it. */
import { dbPath, parse, printJson } from '../args.js';
import { writeErr, writeOut } from '../out.js';
import { UserError } from '../../src/errors.js';
import type { SourceFormat } from '../../src/mail/types.js';
import { formatSummary, runImport } from '../../src/import/index.js';
import { drawImportProgress, progressBar } from '../progress.js';

const FORMATS: readonly SourceFormat[] = [
  'mbox',
  'maildir',
  'eml',
  'public-inbox',
  'hypermail',
  'patchwork',
  'lore',
  'lkml-org',
  'marc',
  'openwall',
];

const HELP = `usage: threadlab import PATH... [--db PATH] [--json] [--format F] [--loose] [--threads N]

Import mail into the database and thread it. PATH may be an mbox or mboxrd file
(also .gz), a Maildir (cur/ new/), a single .eml, a public-inbox git archive
(v1 or v2; a re-run reads only commits it has not seen), the text of web
archive pages (lkml.iu.edu hypermail, Patchwork, lore message and thread pages,
lkml.org, marc.info, lists.openwall.net; several pasted into one file are fine),
or a folder holding any of these.
Importing the same input again adds nothing.

  --db PATH      database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)
  --json         print the summary as JSON on stdout:
                 { files, messages: { new, duplicate, rejected }, threads, patches,
                   warnings: [ { file, offset, message } ], reconstructed, renamed, suggestions, seconds }
  --format F     read every PATH as F: ${FORMATS.join(', ')} (default: detect)
  --loose        also suggest parents by subject for messages headers cannot place
                 (listed in the summary, never applied)
  --threads N    parser worker threads (default: one per core but one, which
                 reads and writes)
  --batch N      messages per write transaction (default 1000); an import killed
                 midway keeps its completed batches and a re-run adds the rest

A progress bar is drawn on stderr when it is a terminal; the summary and the
warnings (file and byte offset) go to stderr. Inputs holding no mail at all:
one-line error, exit 1.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse('import', argv, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    format: { type: 'string' },
    loose: { type: 'boolean' },
    threads: { type: 'string' },
    batch: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    writeOut(HELP + '\n');
    return 0;
  }
  if (positionals.length === 0) throw new UserError('import: no PATH given (try: threadlab import --help)', 2);
  const format = values.format;
  if (format !== undefined && !FORMATS.some((f) => f === format)) {
    throw new UserError(`import: unknown --format '${format}' (one of: ${FORMATS.join(', ')})`, 2);
  }
  let threads: number | undefined;
  if (values.threads !== undefined) {
    threads = Number(values.threads);
    if (!Number.isInteger(threads) || threads < 1)
      throw new UserError(`import: --threads wants a positive integer, not '${values.threads}'`, 2);
  }
  let batch: number | undefined;
  if (values.batch !== undefined) {
    batch = Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1)
      throw new UserError(`import: --batch wants a positive integer, not '${values.batch}'`, 2);
  }
  const summary = await runImport({
    paths: positionals,
    db: dbPath(values.db),
    ...(format === undefined ? {} : { format: format as SourceFormat }),
    loose: values.loose === true,
    ...(threads === undefined ? {} : { threads }),
    ...(batch === undefined ? {} : { batchMessages: batch }),
    onProgress: drawImportProgress(progressBar()),
  });
  if (values.json === true) printJson(summary);
  else writeErr(formatSummary(summary) + '\n');
  return 0;
}
