/**
 * Trailers ("Signed-off-by: Name <mail>", "Fixes: 123abc ("...")") and the change-id a
 * series carries across versions.
 *
 * Only the author's own lines count: quoted lines (`>`) and diff lines are skipped here; the
 * caller cuts off a top-posted original (see own-lines.ts).
 */
import type { Trailer } from './types.js';
import { quoteDepth } from '../body/quote-depth.js';

/** Canonical spelling of the kinds the kernel documents (submitting-patches.rst). */
const CANONICAL = new Map(
  [
    'Signed-off-by',
    'Reviewed-by',
    'Acked-by',
    'Tested-by',
    'Suggested-by',
    'Reported-by',
    'Co-developed-by',
    'Reported-and-tested-by',
    'Requested-by',
    'Originally-by',
    'Debugged-by',
    'Bisected-by',
    'Fixes',
    'Link',
    'Closes',
    'Cc',
  ].map((k) => [k.toLowerCase(), k]),
);
/** Kinds that are trailers without an "-by": anything else must end in "-by". */
const NON_BY = new Set(['fixes', 'link', 'closes']);

const LINE = /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+){0,4}):[ \t]+(\S.*?)\s*$/;
const ADDRESS = /^"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>/;
const BARE_EMAIL = /^([^<>\s]+@[^<>\s]+\.[A-Za-z]+)\b/;

export function findTrailers(lines: readonly string[], skip: Uint8Array): Trailer[] {
  const found: Trailer[] = [];
  const seen = new Set<string>();
  // Cc lines are trailers only inside a block that also holds a real tag; elsewhere they are
  // pasted mail headers. So a block (paragraph) is kept whole, in order, or its Cc lines dropped.
  let block: Trailer[] = [];
  const flush = (): void => {
    if (block.some((t) => t.kind !== 'Cc')) {
      for (const t of block) {
        const id = `${t.kind}\0${t.raw}`;
        if (!seen.has(id)) {
          seen.add(id);
          found.push(t);
        }
      }
    }
    block = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (skip[i] === 1 || quoteDepth(line).depth > 0) {
      flush();
      continue;
    }
    const m = line.indexOf(':') > 0 ? LINE.exec(line) : null; // cheap test first: most lines are prose
    if (!m) {
      if (line.trim() === '') flush();
      continue;
    }
    const key = (m[1] ?? '').toLowerCase();
    if (key === 'change-id') continue; // handled by findChangeId; not a person's tag
    const kind = CANONICAL.get(key) ?? m[1] ?? '';
    const t = toTrailer(kind, m[2] ?? '', line.trim());
    if (key !== 'cc' && !key.endsWith('-by') && !NON_BY.has(key)) continue;
    // "Tested-by: running it overnight" is prose; a person's tag names a person.
    if (key.endsWith('-by') && t.email === null && !/^[\p{L}][\p{L} .,'-]{0,60}$/u.test(m[2] ?? '')) continue;
    block.push(t);
  }
  flush();
  return found;
}

function toTrailer(kind: string, value: string, raw: string): Trailer {
  const a = ADDRESS.exec(value);
  if (a) return { kind, name: (a[1] ?? '').trim() || null, email: a[2] ?? null, raw };
  const b = BARE_EMAIL.exec(value);
  if (b) return { kind, name: null, email: b[1] ?? null, raw };
  const name =
    kind === 'Fixes' || kind === 'Link' || kind === 'Closes' ? null : value.replace(/\s+#.*$/, '').trim() || null;
  return { kind, name, email: null, raw };
}

/**
 * b4 writes "change-id: 20240501-topic-0123456789ab" under the cover letter; Gerrit writes
 * "Change-Id: I<40 hex>" in each commit. Either survives a re-post, so either links versions.
 */
export function findChangeId(lines: readonly string[], skip: Uint8Array): string | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if ((line.charAt(0) !== 'c' && line.charAt(0) !== 'C') || skip[i] === 1) continue;
    const m = /^change-id:\s*(\S+)\s*$/i.exec(line);
    if (m) return m[1] ?? null;
  }
  return null;
}
