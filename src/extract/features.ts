/**
 * What the classifier sees of a unit: sparse binary features, each a name.
 *
 * - words: the sentence's tokens (wink-nlp's normal forms, code spans as
 *   `ident`), their word classes learnt from unlabelled mail (classes.ts),
 *   bigrams, the first words and the part-of-speech shape of the
 *   opening (an imperative opens with a verb, a question with an auxiliary);
 * - negation: whether a verb is in a negation's scope;
 * - structure: the message's role (patch, opening, reply), quote depth,
 *   what the paragraph sits under (a quote of someone else's words, of one's
 *   own, a quoted hunk, nothing), place in the paragraph and the message,
 *   list items, changelogs, a diff of one's own;
 * - context: what the quote above holds (a question, a cue of a proposal),
 *   and the opening words of the sentence before;
 * - the old cue lexicons, as evidence among the rest: `lex:proposal` is one
 *   feature with a learnt weight, not a rule.
 */
import { defaultWordClasses } from './classes.js';
import { classifySentence, isAcknowledgement, normalizeSentence } from './lexicon.js';
import { analyze } from './nlp.js';
import { isNarration, isObjectionOpener, stanceByPolarity } from './structure.js';
import type { Unit } from './units.js';

const bucket = (n: number, edges: readonly number[]): string => {
  for (const e of edges) if (n <= e) return `<=${e}`;
  return `>${edges[edges.length - 1] ?? 0}`;
};

/** Cue kinds of the last sentence of a quoted passage: what the reply most likely answers. */
const quoteCache = new Map<string, string[]>();
function quoteFeatures(text: string): string[] {
  let out = quoteCache.get(text);
  if (out !== undefined) return out;
  const sentences = analyze(text);
  const last = sentences[sentences.length - 1]?.text ?? '';
  out = classifySentence(last, 'reply').map((k) => `qa:lex:${k}`);
  const opening = /^[\s"'(]*([A-Za-z']+)/.exec(last)?.[1];
  if (opening !== undefined) out.push(`qa:f1:${opening.toLowerCase()}`);
  if (/\?\s*$/.test(last)) out.push('qa:question');
  if (sentences.length <= 1) out.push('qa:short');
  if (quoteCache.size > 5000) quoteCache.clear();
  quoteCache.set(text, out);
  return out;
}

/** What the cue lexicons say of a unit, computed once: a unit is also the next one's "sentence before". */
const cues = new WeakMap<Unit, string[]>();
function lexical(prefix: string, unit: Unit): string[] {
  let out = cues.get(unit);
  if (out === undefined) {
    const norm = normalizeSentence(unit.text);
    out = classifySentence(unit.text, unit.setting, {
      opener: unit.above !== null && unit.inPassage === 0,
      descriptive: unit.changelog,
    }).map((k) => `lex:${k}`);
    if (isAcknowledgement(unit.text)) out.push('lex:ack');
    if (isNarration(norm)) out.push('lex:narration');
    if (isObjectionOpener(norm)) out.push('lex:objection');
    const stance = stanceByPolarity(norm, false);
    if (stance !== null) out.push(`pol:${stance}`);
    cues.set(unit, out);
  }
  return prefix === '' ? out : out.map((f) => `${prefix}${f}`);
}

/** The feature names of one unit; `before` is the unit before it in the same message, if any. */
export function unitFeatures(unit: Unit, before: Unit | null): string[] {
  const f: string[] = ['bias', `role:${unit.role}`, `set:${unit.setting}`];
  if (unit.ownDiff) return [...f, 'own-diff'];
  const words = unit.tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SPACE' && t.pos !== 'SYM');
  const classes = defaultWordClasses().features;
  for (const t of words) {
    f.push(`w:${t.normal}`);
    const c = classes.get(t.normal.toLowerCase());
    if (c !== undefined) f.push(c[0], c[1]);
  }
  for (let i = 0; i + 1 < words.length; i++) f.push(`b:${words[i]?.normal}_${words[i + 1]?.normal}`);
  const first = words.slice(0, 3);
  if (first[0] !== undefined) f.push(`f1:${first[0].normal}`, `p1:${first[0].pos}`);
  if (first[1] !== undefined)
    f.push(`f2:${first[0]?.normal}_${first[1].normal}`, `p2:${first[0]?.pos}_${first[1].pos}`);
  if (first[2] !== undefined) f.push(`p3:${first.map((t) => t.pos).join('_')}`);
  if (words.some((t) => t.negated && (t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'ADJ'))) f.push('neg');
  for (const t of words) if (t.negated && t.pos === 'VERB') f.push(`negv:${t.normal}`);
  const text = unit.text.trim();
  if (/\?\s*(?:\)|:\)|:-\))?$/.test(text)) f.push('q:end');
  if (/^(?:why|how|what|when|where|which|who)\b/i.test(text)) f.push('q:wh');
  f.push(`len:${bucket(words.length, [2, 4, 8, 16, 30])}`);
  const idents = words.filter((t) => t.pos === 'IDENT').length;
  if (idents > 0) f.push(`ident:${bucket(idents, [1, 3])}`);
  f.push(unit.byOpener ? 'author:opener' : 'author:other');
  if (unit.above?.opener === true) f.push('above:opener');
  if (unit.depth > 0) f.push('quoted-voice', unit.author === null ? 'quoted-voice:anonymous' : 'quoted-voice:named');
  if (unit.above === null) f.push('above:none');
  else {
    f.push(unit.above.ownWords ? 'above:own' : 'above:other');
    if (unit.inPassage === 0) f.push('opener', ...quoteFeatures(unit.above.text));
  }
  if (unit.hunk !== null) f.push('under:hunk', unit.inPassage === 0 ? 'under:hunk:first' : 'under:hunk:later');
  f.push(`inpassage:${bucket(unit.inPassage, [0, 1, 3])}`, `inmessage:${bucket(unit.inMessage, [0, 2, 6, 15])}`);
  if (unit.listItem) f.push('list-item');
  if (unit.changelog) f.push('changelog');
  if (unit.message.reconstructed) f.push('reconstructed');
  f.push(...lexical('', unit));
  if (before === null) f.push('prev:none');
  else {
    const pw = before.tokens.filter((t) => t.pos !== 'PUNCT');
    if (pw[0] !== undefined) f.push(`prev:f1:${pw[0].normal}`);
    if (/\?\s*$/.test(before.text)) f.push('prev:q');
    if (before.passage === unit.passage) f.push('prev:same-passage');
    f.push(...lexical('prev:', before));
  }
  return f;
}

/** Features of every unit of a thread, each with the unit before it in its message (none for the units `skip` names). */
export function threadFeatures(units: readonly Unit[], skip: (u: Unit) => boolean = () => false): string[][] {
  const lastIn = new Map<string, Unit>();
  return units.map((u) => {
    const before = lastIn.get(u.message.key) ?? null;
    lastIn.set(u.message.key, u);
    return skip(u) ? [] : unitFeatures(u, before);
  });
}
