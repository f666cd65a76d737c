/**
 * The units of extraction: every sentence of a thread with the one message
 * whose own words it is, and where it sits (what is quoted above it, the
 * quoted hunk it answers, its place in the message). The classifier labels
 * units; the labelled corpus (data/corpus) is made of the same units, so
 * training and inference see the same sentences.
 *
 * Ownership: a sentence belongs to the first message that carries it at
 * depth 0 (reconstructed voices first, since a dump that lost its quote
 * markers shows their words unquoted in the archived reply too). A quoted
 * sentence that no message carries as its own belongs to the quote's voice;
 * when the quote names no one, to the voice another message's quote of the
 * same words names.
 */
import { diffLineKey, readBody, type Passage, type QuotedHunk } from '../body/index.js';
import type { StoredMessage, StoredThread } from '../store/types.js';
import { normalizeSentence, type Setting } from './lexicon.js';
import { analyze, type Token } from './nlp.js';
import { personKey } from '../mail/names.js';
import { authorName } from './people.js';
import { requoteLostMarkers } from './requote.js';
import { quotesLostOpening, roleOf, type MessageRole } from './setting.js';
import { isChangelog } from './structure.js';
import { TextIndex } from '../shingles.js';
import { EXTRACT_TUNING as T } from './tuning.js';

/** The quote right above a unit's paragraph. */
export interface QuoteAbove {
  readonly voice: string | null;
  readonly text: string;
  /** The quote is of the unit's own author (a reply to oneself, or a quote of a quote of oneself). */
  readonly ownWords: boolean;
  /** The quote is of the person who opened the thread (the patch or RFC author). */
  readonly opener: boolean;
}

export interface Unit {
  /** "message.sentence", 1-based within the thread ("2.3": third sentence of the thread's second message). */
  readonly id: string;
  readonly message: StoredMessage;
  /** 1-based number of the message in the thread (parents before children). */
  readonly messageNo: number;
  readonly author: string | null;
  readonly date: string | null;
  readonly text: string;
  readonly tokens: readonly Token[];
  /** 0 for the message's own words; deeper for a quoted voice no archived message carries. */
  readonly depth: number;
  readonly role: MessageRole;
  readonly setting: Setting;
  readonly passage: Passage;
  /** Index of the sentence in its passage (0 = the paragraph's first). */
  readonly inPassage: number;
  /** Index of the unit in its message (0 = the first own sentence). */
  readonly inMessage: number;
  readonly above: QuoteAbove | null;
  /** Quoted passages above the unit's paragraph, nearest first (raw text). */
  readonly context: readonly string[];
  readonly hunk: QuotedHunk | null;
  readonly listItem: boolean;
  /** Under a changelog heading ("Changes since v1:") until prose resumes. */
  readonly changelog: boolean;
  /** A stand-in for a diff the author wrote in a reply (a proposal made as code). */
  readonly ownDiff: boolean;
  /** The unit's author opened the thread (posted the patch or the RFC): defending, not reviewing. */
  readonly byOpener: boolean;
}

interface Occurrence {
  readonly message: StoredMessage;
  readonly messageNo: number;
  readonly passages: readonly Passage[];
  readonly role: MessageRole;
}

/**
 * A sentence with a letter or a digit in it: anything else is punctuation left between passages, or the
 * brace that closes a code sketch. A bare "?" stays: it asks what the quote above it means.
 */
const WORDED = /[\p{L}\p{N}?]/u;

/** A patch's own commit message is the patch option itself: its units are never classified (items.ts, and the cross-validation that scores it). */
export function isPatchText(u: Unit): boolean {
  return u.role === 'patch' && u.depth === 0;
}

/** Quoted passages right above passage i, deeper than it, nearest first. */
function contextOf(passages: readonly Passage[], i: number): string[] {
  const depth = passages[i]?.depth ?? 0;
  const out: string[] = [];
  for (let j = i - 1; j >= 0; j--) {
    const p = passages[j];
    if (p === undefined || p.depth <= depth) break;
    out.push(p.text);
  }
  return out;
}

/**
 * The added and removed lines of the thread's patches, each to the file it changes; a line
 * that two files share names neither. Names the file of a quoted fragment whose header was trimmed.
 */
function patchLinesOf(messages: readonly StoredMessage[]): Map<string, string> {
  const out = new Map<string, string>();
  const shared = new Set<string>();
  for (const m of messages) {
    if (m.patch === null || m.patch.files.length === 0) continue;
    let file: string | null = null;
    for (const line of m.body.split('\n')) {
      const header = /^\+\+\+ (?:b\/)?(\S+)/.exec(line);
      if (header !== null) {
        file = header[1] === '/dev/null' ? null : (header[1] ?? null);
        continue;
      }
      if (line.startsWith('diff --git ')) {
        file = /^diff --git a\/\S+ b\/(\S+)/.exec(line)?.[1] ?? null;
        continue;
      }
      if (file === null || line.startsWith('--- ')) continue;
      const key = diffLineKey(line);
      if (key === null || shared.has(key)) continue;
      const seen = out.get(key);
      if (seen === undefined) out.set(key, file);
      else if (seen !== file) {
        out.delete(key);
        shared.add(key);
      }
    }
  }
  return out;
}

function readThread(thread: StoredThread): Occurrence[] {
  const messages = thread.messages.filter((m) => !m.ghost && m.body.trim() !== '');
  const patchHunks = messages.flatMap(
    (m) =>
      m.patch?.files.flatMap((f) => f.hunks.map((h) => ({ file: f.path, header: h.header, section: h.section }))) ?? [],
  );
  const patchLines = patchLinesOf(messages);
  return messages.map((message, i) => {
    const passages = readBody(requoteLostMarkers(message.body), {
      author: { name: authorName(message), email: message.author.email, date: message.date, attributed: false },
      patchHunks,
      patchLines,
    });
    return { message, messageNo: i + 1, passages, role: roleOf(message, passages) };
  });
}

/** Sentences of a passage, analysed once: ownership and units both need them. */
const sentenceCache = new WeakMap<Passage, ReturnType<typeof analyze>>();
function sentencesOf(p: Passage): ReturnType<typeof analyze> {
  let out = sentenceCache.get(p);
  if (out === undefined) {
    out = analyze(p.text);
    sentenceCache.set(p, out);
  }
  return out;
}

/** Every unit of a thread, in the order the thread's messages are read (reconstructed voices first). */
export function threadUnits(thread: StoredThread): Unit[] {
  const occurrences = readThread(thread);
  // Own words by message, exact sentences first; the shingle index for re-wrapped or trimmed quotes only when a quote is not an exact copy.
  const ownExact = new Map<string, StoredMessage[]>();
  let own: TextIndex<StoredMessage> | null = null;
  const ownIndex = (): TextIndex<StoredMessage> => {
    if (own !== null) return own;
    const index = new TextIndex<StoredMessage>(T.shingleWords.value);
    for (const o of occurrences)
      for (const p of o.passages) if (p.depth === 0) for (const s of sentencesOf(p)) index.add(s.text, o.message);
    own = index;
    return index;
  };
  for (const { message, passages } of occurrences) {
    for (const p of passages) {
      if (p.depth !== 0) continue;
      for (const s of sentencesOf(p)) {
        const norm = normalizeSentence(s.text);
        const list = ownExact.get(norm);
        if (list === undefined) ownExact.set(norm, [message]);
        else list.push(message);
      }
    }
  }
  const ownedElsewhere = (text: string, norm: string, by: StoredMessage): boolean => {
    const exact = ownExact.get(norm);
    if (exact !== undefined) return exact.some((m) => m !== by);
    return ownIndex()
      .find(text)
      .some((h) => h.owner !== by);
  };
  let namedQuotes: TextIndex<string> | null = null;
  const nameOfQuote = (text: string): string | null => {
    if (namedQuotes === null) {
      const index = new TextIndex<string>(T.shingleWords.value);
      for (const o of occurrences)
        for (const p of o.passages) if (p.depth > 0 && p.voice.name !== null) index.add(p.text, p.voice.name);
      namedQuotes = index;
    }
    return namedQuotes.find(text, T.namedQuoteShare.value)[0]?.owner ?? null;
  };

  // Most quoted paragraphs are copies of a paragraph some message wrote: such a copy is skipped whole,
  // without reading its sentences (the costliest part of a long thread).
  const flat = (t: string): string => t.replace(/\s+/g, ' ').trim().toLowerCase();
  const ownText = occurrences
    .flatMap((o) => o.passages.filter((p) => p.depth === 0).map((p) => flat(p.text)))
    .join('\n');
  const copiedWhole = (p: Passage): boolean => {
    const t = flat(p.text);
    return t.length >= T.copiedWholeChars.value && ownText.includes(t);
  };
  const opening = occurrences.find((o) => o.role !== 'reply') ?? occurrences.find((o) => !o.message.reconstructed);
  const openerKey = opening === undefined ? null : personKey(authorName(opening.message));
  const isOpener = (name: string | null): boolean =>
    name !== null && openerKey !== null && personKey(name) === openerKey;
  const claimed = new Set<string>();
  const units: Unit[] = [];
  const openingArchived = occurrences.some((o) => o.role !== 'reply');
  const order = [...occurrences].sort((a, b) => Number(b.message.reconstructed) - Number(a.message.reconstructed));
  for (const { message, messageNo, passages, role } of order) {
    const quotesSomething = message.reconstructed || passages.some((p) => p.depth > 0);
    const openingDepth = quotesLostOpening(message, passages, openingArchived);
    const ownName = authorName(message);
    let changelog = false;
    let n = 0;
    const push = (u: Omit<Unit, 'id' | 'inMessage' | 'messageNo' | 'message' | 'byOpener'>): void => {
      units.push({ ...u, id: `${messageNo}.${n + 1}`, inMessage: n, messageNo, message, byOpener: isOpener(u.author) });
      n++;
    };
    passages.forEach((p, i) => {
      const quoted = p.depth > 0;
      const changelogLine = isChangelog(p.text);
      changelog = changelogLine || (changelog && (p.listItem || /^\s*[-*]/.test(p.text)));
      const setting: Setting =
        p.depth === openingDepth
          ? 'opening'
          : quoted
            ? 'reply'
            : role === 'reply'
              ? quotesSomething
                ? 'reply'
                : 'statement'
              : role === 'patch'
                ? 'patch'
                : 'opening';
      const context = contextOf(passages, i);
      const prev = passages[i - 1];
      const above: QuoteAbove | null =
        prev !== undefined && prev.depth > p.depth
          ? {
              voice: prev.voice.name,
              text: prev.text,
              ownWords:
                prev.voice.name !== null && personKey(prev.voice.name) === personKey(quoted ? p.voice.name : ownName),
              opener: isOpener(prev.voice.name),
            }
          : null;
      if (quoted && copiedWhole(p)) return;
      let named: { name: string | null } | null = null;
      const voiceName = (): string | null =>
        (named ??= { name: quoted ? (p.voice.name ?? nameOfQuote(p.text)) : ownName }).name;
      sentencesOf(p).forEach((s, si) => {
        const norm = normalizeSentence(s.text);
        // "---" (a quoted patch's diffstat separator) and "..." (an elided quote) hold no word of anyone's.
        if (!WORDED.test(norm) || claimed.has(norm) || (quoted && ownedElsewhere(s.text, norm, message))) return;
        claimed.add(norm);
        push({
          author: voiceName(),
          date: quoted ? p.voice.date : message.date,
          text: s.text,
          tokens: s.tokens,
          depth: p.depth,
          role,
          setting,
          passage: p,
          inPassage: si,
          above,
          context,
          hunk: p.hunk,
          listItem: p.listItem,
          changelog,
          ownDiff: false,
        });
      });
    });
    // A diff the author wrote in a reply ("something like this:" followed by code) is put forward as code.
    if (role === 'reply' && message.patch !== null && message.patch.files.length > 0) {
      const files = message.patch.files.map((f) => f.path);
      const last = passages.filter((p) => p.depth === 0).at(-1);
      if (last !== undefined) {
        push({
          author: ownName,
          date: message.date,
          text: `[diff: ${files.join(', ')}]`,
          tokens: [],
          depth: 0,
          role,
          setting: 'reply',
          passage: last,
          inPassage: 0,
          above: null,
          context: [],
          hunk: null,
          listItem: false,
          changelog: false,
          ownDiff: true,
        });
      }
    }
  }
  return units;
}
