/**
 * Web-archive text dumps (what a browser saves or copies from lkml.iu.edu, Patchwork,
 * lore, lkml.org, marc.info or lists.openwall.net): no RFC 5322 headers, so these readers
 * produce ParsedMessages directly. A file may hold several pages pasted one after the
 * other, even of different archives: each run of one layout goes to its own reader.
 */
import type { ImportWarning } from '../../errors.js';
import type { ParsedMessage } from '../types.js';
import { byteOffsets, splitLines, type WebDumpFormat } from './build.js';
import { hypermailStarts, parseHypermail } from './hypermail.js';
import { lkmlOrgStarts, parseLkmlOrg } from './lkml-org.js';
import { loreStarts, parseLore } from './lore.js';
import { marcStarts, parseMarc } from './marc.js';
import { openwallStarts, parseOpenwall } from './openwall.js';
import { looksLikePatchwork, parsePatchwork } from './patchwork.js';

export type { WebDumpFormat } from './build.js';

type Parsed = { messages: ParsedMessage[]; warnings: ImportWarning[] };

interface Reader {
  /** Lines where each of its messages (or pages) starts. */
  starts(lines: readonly string[]): number[];
  parse(text: string, file: string): Parsed;
}

/** Patchwork is read as a whole page (its comments quote mail that can look like other layouts). */
const READERS: Readonly<Record<Exclude<WebDumpFormat, 'patchwork'>, Reader>> = {
  hypermail: { starts: hypermailStarts, parse: parseHypermail },
  lore: { starts: loreStarts, parse: parseLore },
  'lkml-org': { starts: lkmlOrgStarts, parse: parseLkmlOrg },
  marc: { starts: marcStarts, parse: parseMarc },
  openwall: { starts: openwallStarts, parse: parseOpenwall },
};
const SPLITTABLE = Object.keys(READERS) as (keyof typeof READERS)[];

/** An mbox "From " separator: such a file is mail, whatever its bodies quote. */
const MBOX_START = /^\s*From \S+ .*\d{4}\s*(?:\n|$)/;

interface Run {
  format: keyof typeof READERS;
  line: number;
}

/** Runs of one layout, in file order: where each starts and which reader it needs. */
function runs(lines: readonly string[]): Run[] {
  const all: Run[] = [];
  for (const format of SPLITTABLE) for (const line of READERS[format].starts(lines)) all.push({ format, line });
  all.sort((a, b) => a.line - b.line);
  const out: Run[] = [];
  for (const r of all) if (out.at(-1)?.format !== r.format) out.push(r);
  return out;
}

/** Which dump `text` is (the layout of its first message), or null when it is none. */
export function detectWebDump(text: string): WebDumpFormat | null {
  if (text.length === 0 || text.includes('\u0000') || MBOX_START.test(text.slice(0, 1000))) return null;
  if (looksLikePatchwork(text)) return 'patchwork';
  return runs(splitLines(text).lines)[0]?.format ?? null;
}

/**
 * Whether a file that starts like a mail header block is really a lore message page
 * (a copy that begins at its "From:" line): lore marks the Date and Message-ID lines.
 */
export function isWebDumpMail(head: string): boolean {
  const top = head.split(/\r?\n/, 80).join('\n');
  return /^Date: .*\[thread overview\]\s*$/m.test(top) || /^Message-ID: <[^<>\s]+> \(raw\)\s*$/m.test(top);
}

export function parseWebDump(text: string, file: string, format: WebDumpFormat): Parsed {
  if (format === 'patchwork') return parsePatchwork(text, file);
  const { lines, starts } = splitLines(text);
  const found = runs(lines);
  if (found.length <= 1) return READERS[format].parse(text, file);
  const toByte = byteOffsets(text);
  const out: Parsed = { messages: [], warnings: [] };
  found.forEach((r, i) => {
    const from = i === 0 ? 0 : (starts[r.line] ?? 0);
    const next = found[i + 1];
    const to = next ? (starts[next.line] ?? text.length) : text.length;
    const base = toByte(from);
    const part = READERS[r.format].parse(text.slice(from, to), file);
    // Offsets count from the start of the file, not of the run.
    const shift = (o: number | null): number | null => (o === null ? null : o + base);
    for (const m of part.messages) {
      out.messages.push({
        ...m,
        source: { ...m.source, offset: shift(m.source.offset) },
        warnings: m.warnings.map((w) => ({ ...w, offset: shift(w.offset) })),
      });
    }
    for (const w of part.warnings) out.warnings.push({ ...w, offset: shift(w.offset) });
  });
  return out;
}
