/**
 * From a thread's units to raw items: each unit is classified by the learnt
 * model (model.ts over features.ts); consecutive units of one kind in one
 * paragraph make one item. Structure adds what no sentence says:
 *
 * - a patch, a cover letter or the text opening a thread is one proposal as a
 *   whole (the option the thread is about);
 * - a review trailer (Reviewed-by, Acked-by, Tested-by) in a reply backs the
 *   patch it answers; a Nacked-by opposes it.
 */
import type { StoredMessage, StoredThread } from '../store/types.js';
import { threadFeatures } from './features.js';
import { normalizeSentence } from './lexicon.js';
import { encodeSentences, knownSentenceInput, quantize } from './encoder.js';
import { decide, defaultModel, isItemKind, project, scores, type Model, type UnitKind } from './model.js';
import { authorName } from './people.js';
import { isPatchText, threadUnits, type Unit } from './units.js';
import type { ItemKind } from './types.js';
import type { QuotedHunk } from '../body/index.js';
import { quoteDepth } from '../body/quote-depth.js';
import { EXTRACT_TUNING as T } from './tuning.js';

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
  /** The item this one answers when structure says so (a trailer answers the patch), whatever the quotes say. */
  answers?: RawItem;
  /** The model's probability of the item's kind for its first sentence (1 for structure: patches, trailers). */
  confidence: number;
}

/** "Reviewed-by: Name <addr>" in a reply's own lines. */
const REVIEW_TRAILER = /^\s*(Reviewed|Acked|Tested|Nacked|NAKed|Nak'ed)-by:\s*(.+?)\s*$/i;

function trailerItems(message: StoredMessage): { kind: ItemKind; line: string; name: string | null }[] {
  const out: { kind: ItemKind; line: string; name: string | null }[] = [];
  for (const line of message.body.split('\n')) {
    if (quoteDepth(line).depth > 0) continue;
    const m = REVIEW_TRAILER.exec(line);
    if (m === null) continue;
    const name = /^"?([^"<]+?)"?\s*</.exec(m[2] ?? '')?.[1]?.trim() ?? null;
    out.push({ kind: /^n/i.test(m[1] ?? '') ? 'oppose' : 'support', line: line.trim(), name });
  }
  return out;
}

/** The network inputs of each unit's sentence vector, when the model reads one (patch texts are not encoded). */
function sentenceInputs(units: readonly Unit[], model: Model): (Float32Array | undefined)[] {
  const input = model.sentence;
  if (input === null) return [];
  const wanted = units.filter((u) => !isPatchText(u) && knownSentenceInput(u.text) === undefined).map((u) => u.text);
  const encoded = encodeSentences(wanted);
  const vectors = new Map(wanted.map((t, i) => [t, encoded[i]]));
  return units.map((u) => {
    if (isPatchText(u)) return undefined;
    const v = vectors.get(u.text);
    return v === undefined ? knownSentenceInput(u.text) : quantize(project(input, v));
  });
}

/** The kind of each unit of a thread by the model, with the model's probability of it. */
export function classifyUnits(units: readonly Unit[], model: Model): { kind: UnitKind; p: number }[] {
  const features = threadFeatures(units, isPatchText);
  const sentences = sentenceInputs(units, model);
  return units.map((u, i) => {
    // A patch's own commit message is the patch option itself (see collectItems): nothing to classify.
    if (isPatchText(u)) return { kind: 'none', p: 1 };
    const p = scores(model, features[i] ?? [], sentences[i]);
    const best = decide(model, p);
    return { kind: model.kinds[best] ?? 'none', p: p[best] ?? 0 };
  });
}

export function collectItems(thread: StoredThread, model: Model = defaultModel()): RawItem[] {
  const units = threadUnits(thread);
  const kinds = classifyUnits(units, model);
  const items: RawItem[] = [];
  let seq = 0;
  const add = (item: Omit<RawItem, 'seq'>): RawItem => {
    const full = { ...item, seq: seq++ };
    items.push(full);
    return full;
  };
  // The option each message's patch or opening text stands for, found first so replies can answer it.
  const patchOf = new Map<string, RawItem>();
  const byKey = new Map(thread.messages.map((m) => [m.key, m]));
  const seen = new Set<string>();
  const ownUnits = new Map<string, Unit[]>();
  for (const u of units)
    if (u.role !== 'reply' && u.depth === 0) ownUnits.set(u.message.key, [...(ownUnits.get(u.message.key) ?? []), u]);
  for (const u of units) {
    if (u.role === 'reply' || u.depth > 0 || seen.has(u.message.key)) continue;
    seen.add(u.message.key);
    const own = ownUnits.get(u.message.key) ?? [];
    const texts: string[] = [];
    for (const x of own) if (texts.at(-1) !== x.passage.text) texts.push(x.passage.text);
    patchOf.set(
      u.message.key,
      add({
        kind: 'proposal',
        message: u.message,
        author: authorName(u.message),
        date: u.message.date,
        sentences: texts,
        key: normalizeSentence(own[0]?.text ?? ''),
        hunk: null,
        context: [],
        patch: true,
        title: null,
        confidence: 1,
      }),
    );
  }
  /** The patch a reply answers: the nearest ancestor carrying one, else the thread's first. */
  const patchAnswered = (m: StoredMessage): RawItem | undefined => {
    let key = m.parent;
    for (let hops = 0; key !== null && hops < T.patchAncestorHops.value; hops++) {
      const p = patchOf.get(key);
      if (p !== undefined) return p;
      key = byKey.get(key)?.parent ?? null;
    }
    return items.find((i) => i.patch);
  };
  let open: { item: RawItem; unit: Unit } | null = null;
  units.forEach((u, i) => {
    const kind = kinds[i]?.kind ?? 'none';
    const confidence = kinds[i]?.p ?? 0;
    if (!isItemKind(kind)) {
      open = null;
      return;
    }
    // A patch's own sentences put forward the patch itself: only what they add beyond it is an item.
    if (u.role !== 'reply' && u.depth === 0 && kind === 'proposal') {
      open = null;
      return;
    }
    const run: { item: RawItem; unit: Unit } | null = open;
    if (run !== null && run.item.kind === kind && run.unit.message === u.message && run.unit.passage === u.passage) {
      run.item.sentences.push(u.text);
      open = { item: run.item, unit: u };
      return;
    }
    const item = add({
      kind,
      message: u.message,
      author: u.author,
      date: u.date,
      sentences: [u.text],
      key: normalizeSentence(u.text),
      hunk: u.hunk,
      context: [...u.context],
      patch: false,
      title: null,
      confidence,
    });
    open = { item, unit: u };
  });
  for (const m of thread.messages) {
    if (m.ghost) continue;
    // A patch carries the review tags its earlier versions earned; a reply gives them to the patch it answers.
    const target = patchOf.get(m.key) ?? patchAnswered(m);
    if (target === undefined) continue;
    for (const t of trailerItems(m)) {
      add({
        kind: t.kind,
        message: m,
        author: t.name ?? authorName(m),
        date: m.date,
        sentences: [t.line],
        key: normalizeSentence(t.line),
        hunk: null,
        context: [],
        patch: false,
        title: null,
        answers: target,
        confidence: 1,
      });
    }
  }
  items.sort((a, b) => a.seq - b.seq);
  return mergeNearDuplicates(items);
}

const WORD = /[\p{L}\p{N}_]{3,}/gu;
function wordSet(sentences: readonly string[]): Set<string> {
  return new Set(sentences.join(' ').toLowerCase().match(WORD) ?? []);
}

/**
 * The same point made twice in one message (a restated proposal, a question
 * asked again after an example) is one item: the later copy joins the first.
 */
function mergeNearDuplicates(items: RawItem[]): RawItem[] {
  const out: RawItem[] = [];
  const words = new Map<RawItem, Set<string>>();
  const inMessage = new Map<string, RawItem[]>();
  for (const item of items) {
    if (item.patch || item.answers !== undefined) {
      out.push(item);
      continue;
    }
    const mine = wordSet(item.sentences);
    words.set(item, mine);
    const candidates = inMessage.get(item.message.key) ?? [];
    const twin = candidates.find(
      (o) =>
        o.kind === item.kind &&
        o.author === item.author &&
        jaccard(words.get(o) ?? new Set(), mine) >= T.sameItemWords.value,
    );
    if (twin !== undefined) twin.sentences.push(...item.sentences);
    else {
      out.push(item);
      candidates.push(item);
      inMessage.set(item.message.key, candidates);
    }
  }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}
