/** The thread tree's rows: who, when, what kind of message, and the subject only where it changes. */
import type { StoredThread } from '../store/types.js';
import { authorName, day, treeRows, type TreeRow } from './format.js';

export interface TreeEntry extends TreeRow {
  /** Shown under the author when it differs from the parent's (or, for a root, the thread's). */
  readonly subject: string | null;
  readonly mark: '●' | '◌' | '○';
  readonly label: string;
  readonly tag: 'patch' | 'recovered' | 'missing' | null;
}

/** "Re: Re: [PATCH] x" and "[PATCH] x" are one subject; a new patch of a series or a changed topic is not. */
export function sameSubject(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/^(\s*(re|fwd?|aw|sv)(\[\d+\])?:\s*)+/i, '')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase();
  return norm(a) === norm(b);
}

export function treeEntries(thread: StoredThread): TreeEntry[] {
  const subjects = new Map<string, string>();
  return treeRows(thread.messages).map((row) => {
    const m = row.message;
    const above = m.parent === null ? thread.subject : (subjects.get(m.parent) ?? thread.subject);
    // A ghost has no subject of its own: its children compare with what is above it.
    subjects.set(m.key, m.ghost || m.subject === '' ? above : m.subject);
    const subject = m.ghost || m.subject === '' || sameSubject(m.subject, above) ? null : m.subject;
    if (m.ghost) return { ...row, subject, mark: '○', label: 'missing message', tag: 'missing' };
    const label = m.date === null ? authorName(m) : `${authorName(m)} ${day(m.date).slice(5)}`;
    if (m.reconstructed) return { ...row, subject, mark: '◌', label, tag: 'recovered' };
    return { ...row, subject, mark: '●', label, tag: m.patch !== null ? 'patch' : null };
  });
}

/** Rows an entry takes on screen. */
export const entryHeight = (e: TreeEntry): number => (e.subject === null ? 1 : 2);

/** The first entry to draw so that the cursor's entry fits in `height` rows, drawing from the top while it can. */
export function treeTop(entries: readonly TreeEntry[], cursor: number, height: number): number {
  let top = cursor;
  let used = entries[cursor] === undefined ? 0 : entryHeight(entries[cursor]);
  while (top > 0) {
    const prev = entries[top - 1];
    if (prev === undefined || used + entryHeight(prev) > height) break;
    used += entryHeight(prev);
    top--;
  }
  return top;
}
