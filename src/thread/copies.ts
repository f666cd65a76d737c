/**
 * Voices recovered from quotes that are copies of real mail: by author and time, or by their
 * words (mergeVoices here, and the import's check of voices placed by headers alone).
 *
 * The shares and slacks are in thread/tuning.ts, with where each was set.
 */
import { layoutBody } from './layout.js';
import {
  MAX_SUBJECT_CANDIDATES,
  baseSubject,
  instantOf,
  quotedLines,
  shingles,
  textOf,
  type AuthorIndex,
  type OwnTextIndex,
} from './match.js';
import { SortedShingles, share } from '../shingles.js';
import { THREAD_TUNING as T } from './tuning.js';
import type { ThreadInput } from './types.js';

export const VOICE_OWN_SHARE = T.voiceOwnShare.value;
export const COPY_OWN_SHARE = T.copyOwnShare.value;
export const COPY_WHOLE_SHARE = T.copyWholeShare.value;
export const MIN_VOICE_SHINGLES = T.minVoiceShingles.value;

/** A body's own words: depth 0, attribution lines left out. */
function ownText(body: string): string {
  const layout = layoutBody(body);
  return layout.lines
    .filter((l, i) => l.depth === 0 && !layout.attributionLines.has(i))
    .map((l) => l.text)
    .join('\n');
}

/** The shingles of a body's own words. */
export function ownShingles(body: string): Set<number> {
  return shingles(ownText(body));
}

/** The same, kept sorted in a typed array: for the caches of many mails (a Set of boxed numbers is 4-5 times the memory). */
export function ownShinglesSorted(body: string): SortedShingles {
  return new SortedShingles(ownText(body), T.shingleWords.value);
}

/** Whether a voice with these shingles, `ownShare` of them the mail's own, is that mail. */
export function copiesMail(
  want: ReadonlySet<number>,
  ownShare: number,
  mailBody: string | undefined,
  named: boolean,
): boolean {
  if (ownShare >= VOICE_OWN_SHARE) return true;
  return (
    !named &&
    ownShare >= COPY_OWN_SHARE &&
    mailBody !== undefined &&
    share(want, shingles(mailBody)) >= COPY_WHOLE_SHARE
  );
}

/** Archived mail with text by subject, built on first use: the discussion a voice may copy a mail of. */
export function subjectIndex(real: readonly ThreadInput[]): (subject: string) => readonly string[] {
  let subjects: Map<string, string[]> | null = null;
  return (subject) => {
    if (!subjects) {
      subjects = new Map();
      for (const m of real) {
        if (!m.body && m.worded !== true) continue;
        const s = baseSubject(m.subject);
        const list = subjects.get(s);
        if (list) list.push(m.key);
        else subjects.set(s, [m.key]);
      }
    }
    const list = subjects.get(baseSubject(subject)) ?? [];
    return list.length <= MAX_SUBJECT_CANDIDATES ? list : [];
  };
}

/**
 * Same author and a close time are not enough when the words disagree: one person often
 * sends two mails minutes apart in different threads. When both sides have enough text and
 * almost none of the voice's words are the candidate's own, they are different messages.
 */
function contradicted(want: ReadonlySet<number>, candidate: string, own: () => OwnTextIndex): boolean {
  return (
    want.size >= T.minShingles.value &&
    own().hasText(candidate) &&
    own().coverage(candidate, want) < T.contradictedShare.value
  );
}

/** Of `keys`, the real message whose words the voice copies most, if it copies one (copies.ts). */
function bestCopy(
  keys: readonly string[],
  v: ThreadInput,
  named: boolean,
  want: ReadonlySet<number>,
  own: () => OwnTextIndex,
  byKey: Map<string, ThreadInput>,
  read: ((key: string) => string | undefined) | undefined,
): string | null {
  let best: string | null = null;
  let bestC = 0;
  for (const k of keys) {
    if (k === v.key || byKey.get(k)?.reconstructed !== false) continue;
    const cov = own().coverage(k, want);
    if (cov > bestC) {
      bestC = cov;
      best = k;
    }
  }
  const mail = best === null ? undefined : byKey.get(best);
  return best !== null && copiesMail(want, bestC, mail && textOf(mail, read), named) ? best : null;
}

/**
 * Reconstructed voices that are copies of real messages: same author and time, or (named or
 * not) their words are mostly that message's own words.
 */
export function mergeVoices(
  voices: readonly ThreadInput[],
  authors: () => AuthorIndex,
  own: () => OwnTextIndex,
  byKey: Map<string, ThreadInput>,
  sameSubject: (subject: string) => readonly string[],
  read?: (key: string) => string | undefined,
): Map<string, string> {
  const merged = new Map<string, string>();
  for (const v of voices) {
    const named = !!(v.from.name || v.from.email);
    const pool = named ? authors().candidates(v.from) : [];
    const at = instantOf(v.date);
    let best: string | null = null;
    let bestD = Infinity;
    // The voice's shingles, computed once per voice rather than once per candidate.
    let wanted: Set<number> | null = null;
    const want = (): Set<number> => (wanted ??= shingles(v.body ?? ''));
    if (at !== null) {
      for (const c of pool) {
        const ct = instantOf(c.date);
        const d = ct === null ? Infinity : Math.abs(ct - at);
        if (d <= T.voiceDateSlack.value && d < bestD && !contradicted(want(), c.key, own)) {
          bestD = d;
          best = c.key;
        }
      }
    }
    if (!best && v.body) {
      if (want().size < MIN_VOICE_SHINGLES) continue;
      // Unnamed voices: any real message whose own lines the voice repeats is a candidate; failing
      // those, any of the discussion (same subject) with text, for a quote its quoter re-wrapped.
      const byLines = named ? pool.map((c) => c.key) : [...own().score(quotedLines(v.body, 0)).keys()];
      best = bestCopy(byLines, v, named, want(), own, byKey, read);
      if (!best && !named) {
        const tried = new Set(byLines);
        best = bestCopy(
          sameSubject(v.subject).filter((k) => !tried.has(k)),
          v,
          named,
          want(),
          own,
          byKey,
          read,
        );
      }
    }
    if (best) merged.set(v.key, best);
  }
  return merged;
}
