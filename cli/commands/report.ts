/** `threadlab report THREAD [--format md|html] [-o FILE] [--json]`: a thread's decisions and its policies compared, as one file. */
import fs from 'node:fs';
import path from 'node:path';
import { dbPath, parse, printJson } from '../args.js';
import { writeErr } from '../out.js';
import { UserError } from '../../src/errors.js';
import { extractThread } from '../../src/extract/index.js';
import { extractorVersion } from '../../src/extract/version.js';
import { cachedExtraction, loadThread, openStore, resolveRef } from '../../src/store/index.js';
import { loadPolicies } from '../../src/sim/index.js';
import { buildReport, linkedPolicies, type ReportVerdict } from '../../src/report/model.js';
import { comparePolicies } from '../../src/report/comparison.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { CHECK_DEPTH } from '../check-defaults.js';
import { coreVerdict, familyVerdict } from '../verdict.js';
import { verdictCacheDir, verdictKey, verdictStore } from '../verdict-cache.js';
import type { Verdict } from '../../src/ui/sim-types.js';

const HELP = `usage: threadlab report THREAD [--format md|html] [-o FILE] [--json] [--db PATH]

Write one file that says what a thread decided and how its proposals fare:

  Decisions           every design option: where it stood when the thread ended
                      (supported, opposed, superseded, open), who backed it and who
                      objected (each person once), its review trailers, and its items
                      by kind (proposals, support, objections, concerns, questions,
                      review comments) with who wrote them and when
  Policy comparison   every simulator policy the options are linked to: the checker's
                      verdict (core policies to depth ${CHECK_DEPTH} as the TUI checks them, a seed
                      family's to its fixpoint), and every workload the policies run,
                      with flushed pages, IOTLB invalidations, modelled time (or the
                      family's own columns) and the violations on that workload

  THREAD         a thread id, or any message key / Message-ID in it
  --format F     md (Markdown with tables, the default) or html (one self-contained
                 file: style inline, charts as inline SVG, no script, nothing fetched)
  -o, --output FILE
                 write the report to FILE (whole or not at all) instead of stdout
  --json         the report's data as one JSON document on stdout instead
  --db PATH      database (default $THREADLAB_DB, else $XDG_DATA_HOME/threadlab/threadlab.db)

Checking a core policy takes seconds; its verdict is kept in $XDG_CACHE_HOME/threadlab/verdicts
(else ~/.cache/threadlab/verdicts), shared with \`threadlab tui\`, keyed by the policy, the bound,
the universe and the checker's code.`;

const FORMATS = ['md', 'html'] as const;

function reportVerdict(v: Verdict): ReportVerdict {
  return { result: v.result, bound: v.bound, property: v.property, steps: v.counterexample?.length ?? null };
}

/** Writes through a temporary file beside FILE and renames it over: a reader never sees half a report. */
function writeWhole(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(`report: cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse('report', argv, {
    db: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const format = values.format ?? 'md';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UserError(`report: --format is md or html, not '${format}'`, 2);
  const [ref, ...extra] = positionals;
  if (ref === undefined || extra.length > 0)
    throw new UserError('report: give one THREAD (try: threadlab report --help)', 2);
  // Not read-only: extraction results are cached in the database.
  const db = openStore(dbPath(values.db), { mustExist: true });
  let report: ReturnType<typeof buildReport>;
  try {
    const found = resolveRef(db, ref);
    if (found === null) throw new UserError(`report: no thread or message '${ref}' in the database`);
    const thread = loadThread(db, found.threadId);
    const extraction = cachedExtraction(db, thread.id, extractorVersion(), () => extractThread(thread));
    const core = loadPolicies();
    const cache = verdictStore(verdictCacheDir());
    const verdictOf = (id: string): ReportVerdict | null => {
      const p = core.get(id);
      if (p === undefined) {
        const v = familyVerdict(id);
        return v === null ? null : reportVerdict(v);
      }
      // The TUI's cache: a verdict either one has found is not searched again.
      const key = verdictKey(p);
      let v = cache.get(key);
      if (v === null) {
        writeErr(`checking ${id} to depth ${CHECK_DEPTH}...\n`);
        v = coreVerdict(p);
        cache.put(key, v);
      }
      return reportVerdict(v);
    };
    // The writers escape every text they lay out; --json keeps the data as it is (printJson escapes controls).
    report = buildReport(thread, extraction, comparePolicies(linkedPolicies(extraction), verdictOf));
  } finally {
    db.close();
  }
  if (values.json === true) {
    printJson(report);
    return 0;
  }
  const text = format === 'html' ? renderHtml(report) : renderMarkdown(report);
  if (values.output !== undefined) {
    writeWhole(values.output, text);
    writeErr(
      `wrote ${values.output}: ${report.options.length} options, ${report.comparison.policies.length} policies, ${report.comparison.workloads.length} workloads\n`,
    );
  } else {
    process.stdout.write(text);
  }
  return 0;
}
