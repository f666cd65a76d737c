/**
 * Sentences and tokens of mail prose from wink-nlp (its npm-shipped English
 * model: sentence boundaries, part of speech, negation scope), rather than
 * hand-written splitting.
 *
 * Kernel prose is full of code that a general English model cuts apart:
 * "area->pages", "iopt_unmap()", "v2.1", "drivers/iommu/pages.c". Such
 * spans are masked as one placeholder word before the model reads the text,
 * and put back into each sentence afterwards, so a sentence never ends
 * inside an identifier and an identifier is one token (of type `ident`).
 */
import { createRequire } from 'node:module';
import type { ItemSentence, Model, WinkMethods } from 'wink-nlp';
import { joinLines } from './sentences.js';

/**
 * The model is built at the first sentence analysed, not when this module loads: loading and
 * building it takes ~0.4 s, and every command that only imports extraction's module graph
 * (the TUI's first frame, `threads`, `search`) would pay for it without reading a sentence.
 * Both packages are CommonJS, so `require` loads them synchronously where they are first needed.
 */
let built: WinkMethods | null = null;
function nlp(): WinkMethods {
  if (built === null) {
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as (model: Model, pipe: string[]) => WinkMethods;
    const model = require('wink-eng-lite-web-model') as Model;
    built = winkNLP(model, ['sbd', 'negation', 'pos']);
  }
  return built;
}

/** Whether the model has been built in this process (what the first frame must not need). */
export function nlpLoaded(): boolean {
  return built !== null;
}

export interface Token {
  /** Lower-cased form ("don't" -> "do", "not" is its own token). */
  readonly normal: string;
  /** Universal POS tag ("VERB", "AUX", "PRON", ...); "IDENT" for a masked code span. */
  readonly pos: string;
  /** True inside the scope of a negation ("does not *work*"). */
  readonly negated: boolean;
}

export interface AnalyzedSentence {
  readonly text: string;
  readonly tokens: readonly Token[];
}

/**
 * Code-like spans: member access and calls, a member or file extension named with its
 * leading dot (".release()", ".c": the model ended a sentence at that dot), snake_case and
 * CONSTANTS with underscores, paths and URLs, dotted version numbers (stable series "5.4.y"
 * too), hex. A path starts where a run of
 * [\w.-] starts (the lookbehind): tried from inside a run too, it rescanned the run from
 * every character, quadratic in a long word.
 */
const CODE =
  /https?:\/\/\S+|(?<![\w.-])(?:[\w.-]+\/)+[\w.-]+|(?<![\w.)\]])\.[A-Za-z_]\w*(?:\(\))?|\b[A-Za-z_]\w*(?:(?:->|::|\.)[A-Za-z_]\w*)+(?:\(\))?|\b\w*_\w+(?:\(\))?|\b\w+\(\)|\bv?\d+(?:\.\d+)+(?:\.[xy]\b)?\w*|\b0x[0-9a-fA-F]+\b/g;
/**
 * "e.g.", "i.e.", "etc.": a general model ends sentences at them before a code span or a bracket.
 * "etc." before a capital ends a list and its sentence ("..., the workloads, etc. Nothing will ..."): left to the model.
 */
const ABBREVIATION = /\b(?:e\.g|i\.e|etc(?!\.\s+[A-Z])|vs|cf|approx|resp|incl|esp|viz)\.(?=[\s,;:)]|$)/gi;
/**
 * Bound (time): the longest word handed to wink-nlp. Its model tests each word with
 * /[a-z].*\.$/i, quadratic in the word's length: a 40,000-character word took 40 s.
 * Words of prose are far shorter; URLs, paths and identifiers are masked before (CODE);
 * the labelled corpus has no such run, so its features do not change.
 */
const MAX_WORD_CHARS = 200;
// Runs of word characters (wink splits tokens at other punctuation: a comma-separated address list stays whole).
const LONG_WORD = new RegExp(`(?<![\\w.-])[\\w.-]{${MAX_WORD_CHARS + 1},}`, 'g');
const PLACEHOLDER = 'zzcode';
const PLACEHOLDER_RE = /zzcode(\d+)q/g;

/**
 * Replies quote the same paragraphs again and again: each distinct text is read once. Bounded, and
 * cleared per thread by the caller (forgetAnalyses), so nothing of one thread lingers into the next.
 */
const analyses = new Map<string, AnalyzedSentence[]>();
export function forgetAnalyses(): void {
  analyses.clear();
}

/** Sentences of one passage; line breaks inside a sentence become spaces. */
export function analyze(passage: string): AnalyzedSentence[] {
  const key = passage.replace(/\s+/g, ' ').trim();
  let out = analyses.get(key);
  if (out === undefined) {
    out = analyzeText(key);
    if (analyses.size > 20000) analyses.clear();
    analyses.set(key, out);
  }
  return out;
}

function analyzeText(passage: string): AnalyzedSentence[] {
  const spans: string[] = [];
  const abbreviations = new Set<number>();
  const masked = joinLines(passage)
    .replace(ABBREVIATION, (m) => {
      abbreviations.add(spans.length);
      spans.push(m);
      return `${PLACEHOLDER}${spans.length - 1}q`;
    })
    .replace(CODE, (m) => {
      // A trailing '.' ends the sentence; it is not part of the span.
      const dot = m.endsWith('.') ? '.' : '';
      spans.push(dot === '' ? m : m.slice(0, -1));
      return `${PLACEHOLDER}${spans.length - 1}q${dot}`;
    });
  const bounded = masked.replace(LONG_WORD, (w) => w.slice(0, MAX_WORD_CHARS));
  const unmask = (s: string): string => s.replace(PLACEHOLDER_RE, (_, i: string) => spans[Number(i)] ?? '');
  const wink = nlp();
  const its = wink.its;
  const doc = wink.readDoc(bounded);
  const out: AnalyzedSentence[] = [];
  doc.sentences().each((s: ItemSentence) => {
    const text = unmask(s.out()).trim();
    if (text === '') return;
    // Whole columns per sentence: one call per property, not one per token.
    const toks = s.tokens();
    const types = toks.out(its.type) as string[];
    const values = toks.out(its.value) as string[];
    const normals = toks.out(its.normal) as string[];
    const tags = toks.out(its.pos) as string[];
    const negations = toks.out(its.negationFlag) as unknown as boolean[];
    const tokens: Token[] = [];
    for (let i = 0; i < types.length; i++) {
      const type = types[i];
      if (type === 'tabCRLF' || type === 'spacing') continue;
      const value = values[i] ?? '';
      if (value.startsWith(PLACEHOLDER)) {
        const at = Number(/\d+/.exec(value)?.[0] ?? -1);
        tokens.push(
          abbreviations.has(at)
            ? { normal: (spans[at] ?? '').toLowerCase(), pos: 'ADV', negated: false }
            : { normal: 'ident', pos: 'IDENT', negated: false },
        );
        continue;
      }
      tokens.push({ normal: normals[i] ?? '', pos: tags[i] ?? 'X', negated: negations[i] === true });
    }
    out.push({ text, tokens });
  });
  return mergeFragments(out);
}

/**
 * The model ends a sentence at "see v2." even when mail goes on in lower case
 * ("... fixed in v2. then we can ..."); a piece with no letter word of its own
 * (a stray number or symbol) joins the sentence before it.
 */
function mergeFragments(sentences: AnalyzedSentence[]): AnalyzedSentence[] {
  const out: AnalyzedSentence[] = [];
  for (const s of sentences) {
    const prev = out[out.length - 1];
    const wordless = !s.tokens.some((t) => /\p{L}/u.test(t.normal) && t.pos !== 'IDENT');
    if (prev !== undefined && wordless && s.tokens.length <= 3) {
      out[out.length - 1] = { text: `${prev.text} ${s.text}`, tokens: [...prev.tokens, ...s.tokens] };
    } else out.push(s);
  }
  return out;
}
