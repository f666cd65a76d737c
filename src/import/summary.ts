/** The import summary: the `--json` contract of CONTRACT.md plus a few added fields, and its human form. */
import type { ImportWarning } from '../errors.js';
import { oneLine } from '../display.js';

export interface ImportSummary {
  readonly files: number;
  /** Added: inputs skipped as already imported whole (same file, same bytes: see src/import/seen-files.ts). */
  readonly skipped: readonly string[];
  /** Added: files inside the folders and Maildirs given that were imported before (the same bytes), not read again. */
  readonly known: number;
  /** Added: inputs imported before that grew since, read from their old end (`from`, in bytes) on. */
  readonly resumed: readonly { readonly file: string; readonly from: number }[];
  readonly messages: { readonly new: number; readonly duplicate: number; readonly rejected: number };
  /** Threads holding the messages of this import. */
  readonly threads: number;
  /** Messages of this import carrying a patch. */
  readonly patches: number;
  readonly warnings: readonly ImportWarning[];
  /** Added: voices recovered from quotes and stored as reconstructed messages in this run. */
  readonly reconstructed: number;
  /** Added: messages whose Message-ID was already taken by different content (stored as "<id>#<hash>"). */
  readonly renamed: number;
  /** Added: subject-based parent suggestions (only with --loose); never applied. */
  readonly suggestions: readonly { readonly key: string; readonly parent: string }[];
  /**
   * Added: what the thread phase re-threaded: the threads the new messages touch, everything
   * (when text matching elsewhere could see the new mail, or most of the database is new), or nothing.
   */
  readonly threaded: 'touched' | 'all' | 'none';
  readonly seconds: number;
  /** Added: seconds spent reading, parsing and storing, then threading (see `threaded`). */
  readonly phases: { readonly store: number; readonly thread: number };
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

const rate = (n: number, secs: number): string => `${Math.round(n / Math.max(secs, 0.001)).toLocaleString('en')} msg/s`;

export function formatSummary(s: ImportSummary, maxWarnings = 20): string {
  const lines = [
    `imported ${count(s.files, 'file')}: ${s.messages.new} new, ${s.messages.duplicate} duplicate, ` +
      `${s.messages.rejected} rejected messages; ${count(s.reconstructed, 'reconstructed voice')}; ${count(s.threads, 'thread')}; ` +
      `${count(s.patches, 'patch', 'patches')}`,
    `phases: store ${s.phases.store.toFixed(1)} s (${rate(s.messages.new + s.messages.duplicate + s.messages.rejected, s.phases.store)}), ` +
      `thread ${s.phases.thread.toFixed(1)} s (${s.threaded === 'touched' ? 'the threads the new mail touches' : s.threaded === 'all' ? 'everything' : 'nothing to do'}); ` +
      `${s.seconds.toFixed(1)} s in all`,
  ];
  for (const r of s.resumed)
    lines.push(
      `read ${oneLine(r.file)} from byte ${r.from} on: the ${r.from} bytes before were imported before, unchanged`,
    );
  if (s.skipped.length > 0)
    lines.push(`skipped ${count(s.skipped.length, 'file')} imported before, unchanged: ${s.skipped.join(', ')}`);
  if (s.known > 0) lines.push(`skipped ${count(s.known, 'file')} inside the folders given, imported before, unchanged`);
  if (s.renamed > 0)
    lines.push(`${s.renamed} messages reuse a Message-ID with different content: kept as "<id>#<hash>"`);
  for (const w of s.warnings.slice(0, maxWarnings))
    lines.push(`warning: ${oneLine(w.file)}${w.offset === null ? '' : `@${w.offset}`}: ${oneLine(w.message)}`);
  if (s.warnings.length > maxWarnings)
    lines.push(`... and ${s.warnings.length - maxWarnings} more warnings (--json lists them all)`);
  for (const l of s.suggestions.slice(0, maxWarnings))
    lines.push(`loose suggestion: ${oneLine(l.key)} may answer ${oneLine(l.parent)} (by subject)`);
  return lines.join('\n');
}
