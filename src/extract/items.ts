/**
 * From a thread's messages to raw items: whose own words each sentence is,
 * what kind of contribution it makes, and the quoted passages above it
 * (from which targets are found later).
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
import { classifySentence, isAcknowledgement, isBareAnswer, isImperative, normalizeSentence, rebuttal, type Setting } from './lexicon.js';
import { authorName } from './people.js';
import { splitSentences, type Sentence } from './sentences.js';
import { requoteLostMarkers } from './requote.js';
import { isChangelog, stanceByPolarity } from './structure.js';
import { findTargets } from './targets.js';
import { quotesLostOpening, roleOf, type MessageRole } from './setting.js';
import { TextIndex } from './text-index.js';
import type { ItemKind } from './types.js';

export interface RawItem {
  kind: ItemKind;
  message: StoredMessage;
  author: string | null;
  date: string | null;
  sentences: string[];
  /** Normalized first sentence: how quoted copies of this item are recognised. */
  key: string;
  hunk: QuotedHunk | null;
  /** Quoted passages above the item, nearest first (raw text). */
  context: string[];
  /** Order of discovery, for "later than". */
  seq: number;
  /** True for a patch or the text opening a thread, taken whole as one proposal. */
  patch: boolean;
  title: string | null;
}

interface Occurrence {
  readonly message: StoredMessage;
  readonly passages: readonly Passage[];
  readonly role: MessageRole;
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

/** Sentences of a passage, split once: ownership, classification and claiming all need them. */
const sentenceCache = new WeakMap<Passage, Sentence[]>();
function sentencesOf(p: Passage): Sentence[] {
  let out = sentenceCache.get(p);
  if (out === undefined) {
    out = splitSentences(p.text);
    sentenceCache.set(p, out);
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
    if (m.patch === null || m.patch === undefined || m.patch.files.length === 0) continue;
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
  const patchHunks = messages.flatMap((m) => m.patch?.files.flatMap((f) => f.hunks.map((h) => ({ file: f.path, header: h.header, section: h.section }))) ?? []);
  const patchLines = patchLinesOf(messages);
  return messages.map((message) => {
    const passages = readBody(requoteLostMarkers(message.body), {
      author: { name: authorName(message), email: message.author.email, date: message.date, attributed: false },
      patchHunks,
      patchLines,
    });
    return { message, passages, role: roleOf(message, passages) };
  });
}

export function collectItems(thread: StoredThread): RawItem[] {
  const occurrences = readThread(thread);
  // Built once per thread: own words by message, exact sentences first; the shingle index for
  // re-wrapped or trimmed quotes only when a quote is not an exact copy.
  const ownExact = new Map<string, StoredMessage[]>();
  let own: TextIndex<StoredMessage> | null = null;
  const ownIndex = (): TextIndex<StoredMessage> => {
    if (own !== null) return own;
    const index = new TextIndex<StoredMessage>();
    for (const o of occurrences) for (const p of o.passages) if (p.depth === 0) for (const s of sentencesOf(p)) index.add(s.text, o.message);
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
    return ownIndex().find(text).some((h) => h.owner !== by);
  };
  // The names quotes give to words: only needed for a quote with no attribution, so built on first need.
  let namedQuotes: TextIndex<string> | null = null;
  const nameOfQuote = (text: string): string | null => {
    if (namedQuotes === null) {
      const index = new TextIndex<string>();
      for (const o of occurrences) for (const p of o.passages) if (p.depth > 0 && p.voice.name !== null) index.add(p.text, p.voice.name);
      namedQuotes = index;
    }
    return namedQuotes.find(text, 0.5)[0]?.owner ?? null;
  };
  // Where each sentence is quoted, so an item's target can be found from any quoting of it.
  const quotedContext = new Map<string, string[]>();
  const claimed = new Set<string>();
  const items: RawItem[] = [];
  let seq = 0;
  /** Short openers under a quote that no cue classified: a stance if the quote holds someone else's proposal (decided once all items are known). */
  const openers: RawItem[] = [];
  const add = (item: Omit<RawItem, 'seq'>): RawItem => {
    const full = { ...item, seq: seq++ };
    items.push(full);
    return full;
  };

  /** The passage each item started in: a proposal's reasons are the rest of its own paragraph. */
  const bornIn = new WeakMap<RawItem, Passage>();
  const openingArchived = occurrences.some((o) => o.role !== 'reply');
  const order = [...occurrences].sort((a, b) => Number(b.message.reconstructed) - Number(a.message.reconstructed));
  for (const { message, passages, role } of order) {
    if (role !== 'reply') {
      const ownTexts = passages.filter((p) => p.depth === 0).map((p) => p.text);
      if (ownTexts.length === 0) continue;
      const key = normalizeSentence(splitSentences(ownTexts[0] ?? '')[0]?.text ?? '');
      add({ kind: 'proposal', message, author: authorName(message), date: message.date, sentences: ownTexts, key, hunk: null, context: [], patch: true, title: null });
    }
    let open = new Map<ItemKind, RawItem>();
    let absorbing: { item: RawItem; depth: number } | null = null;
    let previous: Passage | null = null;
    // A reconstructed message is a quoted voice: it answered something even if the quote of it kept no quote above.
    const quotesSomething = message.reconstructed || passages.some((p) => p.depth > 0);
    const openingDepth = quotesLostOpening(message, passages, openingArchived);
    const ownName = authorName(message);
    let changelog = false;
    passages.forEach((p, i) => {
      const quoted = p.depth > 0;
      const context = contextOf(passages, i);
      // A new voice, depth or an intervening quote ends every open run.
      if (previous === null || previous.depth !== p.depth || previous.voice !== p.voice) open = new Map();
      previous = p;
      if (absorbing !== null && p.listItem && p.depth === absorbing.depth) {
        // "do you think it's good to do it in below way?" followed by the steps: one proposal.
        absorbing.item.sentences.push(p.text);
        splitSentences(p.text).forEach((s) => claimed.add(normalizeSentence(s.text)));
        return;
      }
      absorbing = null;
      // A changelog heading ("Changes since v1:") makes its lines and list items descriptive until prose resumes.
      const changelogLine = isChangelog(p.text);
      changelog = changelogLine || (changelog && (p.listItem || /^\s*[-*]/.test(p.text)));
      const sentences = sentencesOf(p);
      // Looking a quote's name up elsewhere costs an index: only for a passage that yields an item.
      let named: { name: string | null } | null = null;
      const voiceName = (): string | null => (named ??= { name: quoted ? (p.voice.name ?? nameOfQuote(p.text)) : authorName(message) }).name;
      const date = quoted ? p.voice.date : message.date;
      // "Will add these." under a quoted hunk acknowledges the comment it answers; it reviews nothing.
      const acknowledgement = sentences.length > 0 && sentences.length <= 2 && sentences.every((s) => isAcknowledgement(s.text) || /^(?:thanks?|thank you)\b/i.test(s.text.trim()));
      if (!quoted && p.hunk !== null && role === 'reply' && !acknowledgement) {
        // A reply right under a quoted hunk is a review comment on it, whatever its wording.
        const key = normalizeSentence(sentences[0]?.text ?? p.text);
        if (claimed.has(key)) return;
        sentences.forEach((s) => claimed.add(normalizeSentence(s.text)));
        const last = open.get('review');
        if (last !== undefined && last.hunk === p.hunk) last.sentences.push(p.text);
        else open = new Map([['review', add({ kind: 'review', message, author: voiceName(), date, sentences: [p.text], key, hunk: p.hunk, context, patch: false, title: null })]]);
        return;
      }
      const setting: Setting = p.depth === openingDepth ? 'opening' : quoted ? 'reply' : role === 'reply' ? (quotesSomething ? 'reply' : 'statement') : role === 'patch' ? 'patch' : 'opening';
      let answer: RawItem | null = null;
      let afterReason: RawItem | null = null;
      // Right under a quote of another voice: the paragraph's first sentence answers it.
      const above = passages[i - 1];
      const underQuote = setting === 'reply' && !quoted && above !== undefined && above.depth > p.depth && (above.voice.name === null || above.voice.name !== ownName);
      for (const [si, s] of sentences.entries()) {
        const norm = normalizeSentence(s.text);
        if (quoted && !quotedContext.has(norm) && context.length > 0) quotedContext.set(norm, context);
        if (claimed.has(norm) || (quoted && ownedElsewhere(s.text, norm, message))) {
          open = new Map();
          answer = null;
          continue;
        }
        claimed.add(norm);
        const opener = underQuote && si === 0;
        let kinds = classifySentence(s.text, setting, { opener, descriptive: changelog });
        if (kinds.length === 0 && opener && answer === null) {
          // Kept aside: whether it is a stance depends on what the quote above holds, known once every item is.
          openers.push({ kind: 'support', message, author: voiceName(), date, sentences: [s.text], key: norm, hunk: null, context, patch: false, title: null, seq: seq++ });
          open = new Map();
          continue;
        }
        if (answer !== null && answer.kind === 'support' && /^(?:but|however)\b/i.test(s.text)) {
          // "Yes. But ..." is the same rebuttal as "Yes, but ...": the agreement stays, the "but" is a point of its own.
          kinds = rebuttal(normalizeSentence(s.text).replace(/^(?:but|however)[\s,]*/, ''), setting);
          answer = null;
        } else if (answer !== null) {
          // The reason after a bare "No." / "Yes." is part of that answer, not a new stance.
          answer.sentences.push(s.text);
          kinds = kinds.filter((k) => k === 'proposal' || k === 'question');
          answer = null;
        }
        const reasoned = open.get('proposal');
        if (kinds.length === 0 && reasoned !== undefined && bornIn.get(reasoned) === p) {
          // A reason given inside the proposal's own paragraph ("There is no reason to ...") keeps it open: the next suggestion there refines it.
          reasoned.sentences.push(s.text);
          afterReason = reasoned;
          continue;
        }
        // After its reasons, an order ("Organize things so ...") spells the proposal out; a new stance ("we should just ...") is another one.
        if (afterReason !== null && open.get('proposal') === afterReason && !isImperative(s.text)) open.delete('proposal');
        afterReason = null;
        for (const k of [...open.keys()]) if (!kinds.includes(k)) open.delete(k);
        for (const kind of kinds) {
          const run = open.get(kind);
          if (run !== undefined) {
            run.sentences.push(s.text);
            continue;
          }
          const item = add({ kind, message, author: voiceName(), date, sentences: [s.text], key: norm, hunk: null, context, patch: false, title: null });
          open.set(kind, item);
          bornIn.set(item, p);
          if (isBareAnswer(s.text) && (kind === 'oppose' || kind === 'support')) answer = item;
        }
        const proposal = open.get('proposal');
        absorbing = proposal !== undefined && /(?:[:?]|\b(?:below|following)\b.*)$/i.test(s.text.trim()) ? { item: proposal, depth: p.depth } : null;
      }
    });
  }
  for (const item of items) {
    if (item.context.length === 0) item.context = quotedContext.get(item.key) ?? [];
  }
  if (openers.length > 0) {
    const targets = findTargets([...items, ...openers]);
    for (const o of openers) {
      const target = targets.get(o);
      if (target === undefined || target.kind !== 'proposal') continue;
      const kind = stanceByPolarity(o.key, target.author !== null && target.author === o.author);
      if (kind !== null) items.push({ ...o, kind });
    }
    items.sort((a, b) => a.seq - b.seq);
  }
  return mergeNearDuplicates(items);
}

const WORD = /[\p{L}\p{N}_]{3,}/gu;
function wordSet(item: RawItem): Set<string> {
  return new Set(item.sentences.join(' ').toLowerCase().match(WORD) ?? []);
}

/**
 * The same point made twice in one message (a restated proposal, a question
 * asked again after an example) is one item: the later copy joins the first.
 */
function mergeNearDuplicates(items: RawItem[]): RawItem[] {
  const out: RawItem[] = [];
  const words = new Map<RawItem, Set<string>>();
  for (const item of items) {
    const mine = wordSet(item);
    words.set(item, mine);
    const twin = item.patch ? undefined : out.find((o) => !o.patch && o.message === item.message && o.kind === item.kind && o.author === item.author && jaccard(words.get(o) ?? new Set(), mine) >= 0.6);
    if (twin !== undefined) twin.sentences.push(...item.sentences);
    else out.push(item);
  }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}
