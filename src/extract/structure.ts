/**
 * Structural evidence: where a sentence sits says as much as its words.
 *
 * - A reply paragraph right under a quote, opening with a short evaluative
 *   sentence, takes a stance toward what is quoted; its polarity (negation and
 *   contrast against agreement) decides support, oppose or concern, not a phrase.
 * - An opener that negates or contradicts the quoted claim ("I don't see why",
 *   "that is not what", "this doesn't work") is an objection, by its shape:
 *   a first or third person subject, a negated verb of seeing, agreeing or working.
 * - Descriptive prose (changelog lines, "This patch ..." narration) describes a
 *   design; it puts nothing forward unless it carries a proposer's own stance.
 */
import type { ItemKind } from './types.js';
import { EXTRACT_TUNING as T } from './tuning.js';

const LEAD = String.raw`^(?:(?:err|erm|um+|hmm+|uh|well|ah|oh|so|but|and|also|again|honestly|frankly|sorry|actually)[,.]* )*`;

/** Words that deny or turn against what came before. */
const NEGATION =
  /\b(?:no|not|nope|never|nothing|none|neither|nor|but|however|rather|instead|wrong|problem|problems|although|though|unless)\b|n't\b|\bcannot\b/;
/** Words that hedge a doubt rather than refuse: the sign of a concern. */
const DOUBT =
  /\b(?:not (?:\w+ )?sure|unsure|wonder(?:ing)?|afraid|worr(?:y|ied|ies)|concern(?:ed|s)?|problem|problems|risk(?:y|s)?|careful|tricky|unless|might|may|doubt(?:ful)?|unclear|hmm+|i guess)\b/;
/** Words of agreement and acknowledgement. */
const AGREEMENT =
  /\b(?:yes|yeah|yep|yup|right|agreed?|ok|okay|sure|indeed|exactly|correct|true|fine|good|great|nice|sensible|reasonable|fair|thanks?|ack(?:ed)?|absolutely|of course|likewise|makes? sense|sounds?|works? for)\b|\+1/;

/** A retraction by the proposal's own author: the only stance one takes toward one's own option. */
const RETRACTION =
  /\b(?:scratch that|never ?mind|on second thought|ignore (?:that|this|me)|forget (?:that|it|about it)|i was wrong|that (?:was|is) (?:wrong|bogus|nonsense)|doesn'?t work after all|won'?t work after all)\b/;

/** Doubt that needs no negation: "it depends on ...", "I wonder whether ...". */
const HEDGED = /\b(?:depends|unclear|wonder(?:ing)?|worr(?:y|ied|ies)|afraid|doubt(?:ful)?|suspicious)\b/;

/**
 * The stance is taken in the first breath: the opening clause, asides in brackets dropped,
 * fillers ("well", "oh") skipped. A clause of a word or two with no polarity reads on into the next.
 */
function openingClause(s: string): string {
  const t = s
    .replace(/\([^)]*\)/g, ' ')
    .replace(/^(?:(?:well|oh|ah|hmm+|um+|so|hi \w+|hello \w+)[,.!]*\s+)+/, '')
    .trim();
  const parts = t.split(/\s*(?:[,;:]|\s-+\s|\.\.+)\s*/).filter((x) => x !== '');
  const first = parts[0] ?? '';
  if (words(first) <= 2 && parts.length > 1) return `${first} ${parts[1] ?? ''}`;
  return first;
}

/** Words of a short opener: a stance is said in a breath. */
const MAX_WORDS = T.stanceOpenerWords.value;

function words(s: string): number {
  return s.split(/\s+/).filter((w) => w !== '').length;
}

/**
 * The stance a short opener takes toward the quoted proposal, from its polarity alone;
 * null when it carries none (a bare statement of fact, a question, a long argument).
 * The sentence is normalized (lower case, straight quotes).
 */
export function stanceByPolarity(sentence: string, ownProposal: boolean): ItemKind | null {
  if (/\?\s*\S{0,3}$/.test(sentence)) return null;
  const s = openingClause(sentence);
  const n = words(s);
  if (n === 0 || n > MAX_WORDS) return null;
  if (ownProposal) return RETRACTION.test(s) ? 'oppose' : null;
  // Saying what one does not know ("I don't know X", "I'm not familiar with Y") disclaims; it takes no side.
  if (
    /^(?:i|we) (?:(?:really|honestly|just) )?(?:don'?t|do not|didn'?t|did not) (?:know|remember|recall)\b|^i(?:'m| am) not (?:familiar|an expert)\b|^i (?:haven'?t|have not) (?:looked|checked|read)\b/.test(
      s,
    )
  )
    return null;
  const negative = NEGATION.test(s);
  // Agreement is said up front ("Sure, ...", "That seems a good ..."), not a word deep in a description.
  const agreeing = AGREEMENT.exec(s.split(/\s+/).slice(0, T.stanceAgreementWords.value).join(' '));
  if (!negative) return agreeing !== null ? 'support' : HEDGED.test(s) ? 'concern' : null;
  // "Right, but ..." turns: what follows the agreement is the point.
  if (DOUBT.test(s)) return 'concern';
  if (agreeing !== null) {
    const turn = /\b(?:but|however|though|although)\b/.exec(s);
    // An agreement with a negated clause and no turn ("Yes, it does not need it") still agrees.
    if (turn === null || turn.index < agreeing.index)
      return /\bnot? (?:really|quite|exactly)?\s*(?:right|correct|true|fine|good|ok|sure)\b/.test(s)
        ? 'oppose'
        : 'support';
    return 'oppose';
  }
  return 'oppose';
}

/**
 * An opener that negates or contradicts the quoted claim, by shape: a subject, a negated verb
 * of seeing, agreeing, wanting or working. Only meaningful for a sentence right under a quote.
 */
const OBJECTION: readonly RegExp[] = [
  // "I don't see why ...", "we do not need ...", "I can't follow ...", "I didn't agree ...".
  new RegExp(
    String.raw`${LEAD}(?:i|we) (?:really |still |just |honestly |simply )?(?:don'?t|do not|can'?t|cannot|didn'?t|did not) (?:really |quite |actually |even |necessarily )?(?:see|think|agree|buy|follow|get|understand|believe|want|need|like|care|accept)\b`,
  ),
  // "I'd rather not ...", "I would prefer not to ...".
  new RegExp(String.raw`${LEAD}i(?:'d| would) (?:much |really |still )?(?:rather|prefer) not\b`),
  // "That's not what ...", "this is not how ...", "it isn't the ...".
  new RegExp(
    String.raw`${LEAD}(?:that|this|it|which)(?:'s| is|s)?(?: not|n't| isn'?t) (?:what|how|why|where|when|the|a|an|true|quite|really|exactly|necessarily|so|correct|right|enough|needed|necessary|relevant|related|an issue|a problem)\b`,
  ),
  // "This doesn't work because ...", "that won't help", "it can't handle ...".
  new RegExp(
    String.raw`${LEAD}(?:that|this|it|which|the (?:patch|change|approach|idea|proposal|suggestion|code))(?: really| simply| just| still)? (?:doesn'?t|does not|won'?t|will not|can'?t|cannot|wouldn'?t|would not|isn'?t going to) (?:really |quite |actually |necessarily )?(?:work|help|solve|fix|apply|hold|matter|scale|handle|cover|address|follow|make sense|change anything)\b`,
  ),
  // "That's wrong", "this is backwards".
  new RegExp(
    String.raw`${LEAD}(?:that|this|it)(?:'s| is) (?:just |simply |plain |still )?(?:wrong|incorrect|backwards|bogus|the wrong)\b`,
  ),
];

export function isObjectionOpener(s: string): boolean {
  return OBJECTION.some((r) => r.test(s));
}

/** A changelog heading or line: "Changes since v1:", "v2: ...", "v1 -> v2", "Changelog". */
const CHANGELOG =
  /^(?:[-*] )?(?:(?:changes|changed|changelog|change log|updates?|differences?)\b[^.]{0,30}\bv\d|changelog|change log|since v\d|v\d+(?:\.\d+)?\s*(?:[:-]|->|=>|to v\d)|\[?v\d+\]?\s*:|(?:rfc|patch) ?v\d+\s*[:-])/i;

export function isChangelog(text: string): boolean {
  return CHANGELOG.test(text.trim());
}

/** "This patch adds ...", "The series moves ...", "Patch 3 converts ...": narration of what the change does. */
const NARRATION =
  /^(?:(?:so|now|then|also),? )?(?:this|the|these|that|our|my|patch(?:es)? \d+(?:\s*-\s*\d+)?|in this) ?(?:patch|patches|series|patchset|patch set|commit|change|changes|version|revision|respin|rfc|set)\b/;

export function isNarration(s: string): boolean {
  return NARRATION.test(s);
}
