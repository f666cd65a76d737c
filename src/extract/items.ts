/**
 * From a thread's messages to raw items: whose own words each sentence is,
 * what kind of contribution it makes, and the quoted passages above it
 * (from which targets are found later).
 *
 * Ownership: a sentence belongs to the first message that carries it at
 * depth 0 (reconstructed voices first, since a dump that lost its quote
 * markers shows their words unquoted in the archived reply too). A quoted
 * sentence that no message carries as its own belongs to the quote's voice.
 */
import { readBody, type Passage, type QuotedHunk } from '../body/index.js';
import type { StoredMessage, StoredThread } from '../store/types.js';
import { classifySentence, normalizeSentence } from './lexicon.js';
import { personKey } from './people.js';
import { splitSentences } from './sentences.js';
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
  /** Normalized quoted passages above the item, nearest first. */
  context: string[];
  /** Order of discovery, for "later than". */
  seq: number;
  /** True for the commit message of a patch. */
  patch: boolean;
  title: string | null;
}

interface Occurrence {
  readonly message: StoredMessage;
  readonly passages: readonly Passage[];
}

function authorName(m: StoredMessage): string | null {
  return m.author.name ?? m.author.email;
}

/** Quoted passages right above passage i, deeper than it, nearest first. */
function contextOf(passages: readonly Passage[], i: number): string[] {
  const depth = passages[i]?.depth ?? 0;
  const out: string[] = [];
  for (let j = i - 1; j >= 0; j--) {
    const p = passages[j];
    if (p === undefined || p.depth <= depth) break;
    out.push(normalizeSentence(p.text.replace(/\s*\n\s*/g, ' ')));
  }
  return out;
}

function isPatchMessage(m: StoredMessage, passages: readonly Passage[]): boolean {
  return m.patch !== null && m.patch.files.length > 0 && passages.every((p) => p.depth === 0);
}

export function collectItems(thread: StoredThread): RawItem[] {
  const messages = thread.messages.filter((m) => !m.ghost && m.body.trim() !== '');
  const patchHunks = messages.flatMap((m) => m.patch?.files.flatMap((f) => f.hunks.map((h) => ({ file: f.path, header: h.header, section: h.section }))) ?? []);
  const occurrences: Occurrence[] = messages.map((message) => ({
    message,
    passages: readBody(message.body, {
      author: { name: message.author.name ?? message.author.email, email: message.author.email, date: message.date, attributed: false },
      patchHunks,
    }),
  }));

  // Own sentences of every message, and own text per person, to recognise quoted copies.
  const ownSentences = new Set<string>();
  const ownTextBy = new Map<string | null, string[]>();
  for (const { message, passages } of occurrences) {
    const who = personKey(authorName(message));
    for (const p of passages) {
      if (p.depth !== 0) continue;
      const flat = normalizeSentence(p.text);
      for (const s of splitSentences(p.text)) ownSentences.add(normalizeSentence(s.text));
      const list = ownTextBy.get(who) ?? [];
      list.push(flat);
      ownTextBy.set(who, list);
    }
  }
  const isOwnedElsewhere = (norm: string, voice: string | null): boolean => {
    if (ownSentences.has(norm)) return true;
    const texts = voice === null ? [...ownTextBy.values()].flat() : (ownTextBy.get(voice) ?? []);
    return texts.some((t) => t.includes(norm));
  };
  // Where each sentence is quoted, so an item's target can be found from any quoting of it.
  const quotedContext = new Map<string, string[]>();
  const claimed = new Set<string>();
  const items: RawItem[] = [];
  let seq = 0;

  const order = [...occurrences].sort((a, b) => Number(b.message.reconstructed) - Number(a.message.reconstructed));
  for (const { message, passages } of order) {
    if (isPatchMessage(message, passages)) {
      const own = passages.filter((p) => p.depth === 0).map((p) => p.text);
      if (own.length > 0) {
        const key = normalizeSentence(splitSentences(own[0] ?? '')[0]?.text ?? '');
        own.forEach((t) => splitSentences(t).forEach((s) => claimed.add(normalizeSentence(s.text))));
        items.push({ kind: 'proposal', message, author: authorName(message), date: message.date, sentences: own, key, hunk: null, context: [], seq: seq++, patch: true, title: null });
      }
      continue;
    }
    let open = new Map<ItemKind, RawItem>();
    let absorbing: { item: RawItem; depth: number } | null = null;
    let previous: Passage | null = null;
    passages.forEach((p, i) => {
      const quoted = p.depth > 0;
      const voiceKey = quoted ? personKey(p.voice.name) : personKey(authorName(message));
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
      const sentences = splitSentences(p.text);
      // A quoted voice with no message of its own in this thread: the quoting message is the one place its words are kept.
      const owner = message;
      const author = quoted ? p.voice.name : authorName(message);
      const date = quoted ? p.voice.date : message.date;
      if (!quoted && p.hunk !== null) {
        // A reply right under a quoted hunk is a review comment on it, whatever its wording.
        const key = normalizeSentence(sentences[0]?.text ?? p.text);
        if (claimed.has(key)) return;
        sentences.forEach((s) => claimed.add(normalizeSentence(s.text)));
        const last = open.get('review');
        if (last !== undefined && last.hunk === p.hunk) last.sentences.push(p.text);
        else {
          const item: RawItem = { kind: 'review', message, author, date, sentences: [p.text], key, hunk: p.hunk, context, seq: seq++, patch: false, title: null };
          items.push(item);
          open = new Map([['review', item]]);
        }
        return;
      }
      for (const s of sentences) {
        const norm = normalizeSentence(s.text);
        if (quoted && !quotedContext.has(norm) && context.length > 0) quotedContext.set(norm, context);
        if (claimed.has(norm) || (quoted && isOwnedElsewhere(norm, voiceKey))) {
          open = new Map();
          continue;
        }
        claimed.add(norm);
        const kinds = classifySentence(s.text);
        for (const k of [...open.keys()]) if (!kinds.includes(k)) open.delete(k);
        for (const kind of kinds) {
          const run = open.get(kind);
          if (run !== undefined) {
            run.sentences.push(s.text);
            continue;
          }
          const item: RawItem = { kind, message: owner, author, date, sentences: [s.text], key: norm, hunk: null, context, seq: seq++, patch: false, title: null };
          items.push(item);
          open.set(kind, item);
        }
        const proposal = open.get('proposal');
        absorbing = proposal !== undefined && /(?::|\b(?:below|following)\b.*)$/i.test(s.text.trim()) ? { item: proposal, depth: p.depth } : null;
      }
    });
  }
  for (const item of items) {
    if (item.context.length === 0) item.context = quotedContext.get(item.key) ?? [];
  }
  return items;
}
