/**
 * Patches, trailers and series tags of one message (`extractPatch`), and series across
 * messages (`planSeries`). Everything here is pure; problems in the content become warnings
 * carrying the message's place in its source file.
 */
import type { ImportWarning } from '../errors.js';
import type { ParsedMessage } from '../mail/types.js';
import { scanDiffs } from './diff.js';
import { checkDiffstat, findDiffstat, type Diffstat } from './diffstat.js';
import { ownLineCount } from './own-lines.js';
import { parseSeriesTag } from './series-tag.js';
import { findChangeId, findTrailers } from './trailers.js';
import type { Patch, PatchFile, SeriesTag, Trailer } from './types.js';

export { parseSeriesTag } from './series-tag.js';
export { isSeriesMember, planSeries, seriesKeys, seriesWalkKeys } from './series.js';
export type { PlannedSeries, SeriesInput, SeriesPlan } from './series.js';
export type { Hunk, Patch, PatchFile, SeriesTag, Trailer } from './types.js';

export interface PatchInfo {
  patch: Patch | null;
  trailers: Trailer[];
  series: SeriesTag | null;
  changeId: string | null;
  warnings: ImportWarning[];
}

export function extractPatch(msg: ParsedMessage): PatchInfo {
  const warnings: ImportWarning[] = [];
  const warn = (message: string): void => {
    warnings.push({ file: msg.source.file, offset: msg.source.offset, message: `${msg.key}: ${message}` });
  };

  const all = splitLines(msg.body);
  const lines = all.slice(0, ownLineCount(all));
  const body = scanDiffs(lines);
  body.problems.forEach(warn);
  const files: PatchFile[] = [...body.files];
  // The diffstat belongs to the diff that follows it; a cover letter's has no diff to check.
  const bodyStat = body.files.length > 0 ? findDiffstat(lines, body.firstLine) : null;
  if (bodyStat) checkDiffstat(bodyStat, body.files).forEach(warn);
  const stats: (Diffstat | null)[] = body.files.length > 0 ? [bodyStat] : [];

  let fromAttachment = false;
  for (const a of msg.attachments) {
    const aLines = splitLines(a.text);
    const scan = scanDiffs(aLines);
    if (scan.files.length === 0) continue;
    const where = `attachment ${a.filename ?? a.contentType}`;
    scan.problems.forEach((p) => warn(`${where}: ${p}`));
    const stat = findDiffstat(aLines, scan.firstLine);
    if (stat) checkDiffstat(stat, scan.files).forEach((p) => warn(`${where}: ${p}`));
    stats.push(stat);
    files.push(...scan.files);
    fromAttachment = true;
  }

  const patch: Patch | null =
    files.length === 0
      ? null
      : {
          files,
          added: files.reduce((n, f) => n + f.added, 0),
          deleted: files.reduce((n, f) => n + f.deleted, 0),
          diffstat: sumStats(stats),
          origin: body.files.length === 0 && fromAttachment ? 'attachment' : 'inline',
        };
  return {
    patch,
    trailers: findTrailers(lines, body.diffLines),
    series: parseSeriesTag(msg.subject),
    changeId: findChangeId(lines, body.diffLines),
    warnings,
  };
}

function splitLines(text: string): string[] {
  // A plain split is several times cheaper than the regex one; parsed bodies rarely keep a CR.
  return text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
}

/** One summary for the whole message: the sum over its diffs, when every one had a diffstat. */
function sumStats(stats: readonly (Diffstat | null)[]): Patch['diffstat'] {
  if (stats.length === 0 || stats.some((s) => s === null)) return null;
  let files = 0;
  let added = 0;
  let deleted = 0;
  for (const s of stats)
    if (s) {
      files += s.files;
      added += s.added;
      deleted += s.deleted;
    }
  return { files, added, deleted };
}
