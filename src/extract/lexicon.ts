/**
 * Cue lexicons: the words by which people on kernel lists put an option
 * forward, back it, attack it, worry about it or ask. Built from how design
 * talk is phrased in general (modal suggestions, evaluative "better to",
 * agreement and refusal openers, drawback nouns), not from any one thread.
 * DECA-style sentence patterns: precision first, so each cue is narrow.
 */
import type { ItemKind } from './types.js';

const ADVERBS = String.raw`(?:(?:possibly|also|just|simply|then|probably|instead|perhaps|rather|really|always|only|still) )`;

/** Putting an option forward. */
const PROPOSAL: readonly RegExp[] = [
  /\b(?:i|we) (?:would |'d |do |am |was )?(?:suggest|propose|recommend)(?:ing|ed)?\b/,
  /\b(?:my|the|our|one|another|an?) (?:suggestion|proposal|alternative|idea|plan|option) (?:is|was|would be|here is)\b/,
  /\b(?:the|an?) (?:augmentation|compromise|approach|solution|fix) (?:is|would be) (?:therefore |then |simply |just )?(?:that|to)\b/,
  /\bthe idea (?:is|was|that|being)\b/,
  /\bwith the idea that\b/,
  new RegExp(String.raw`(?<!\b(?:how|what|why|where|when|which|who|if) (?:\S+ )?)\b(?:could|should|might|shall|must)(?:n't| not)? (?!${ADVERBS}*(?:have (?:been|\w+ed|\w+en|gone|done|made)\b|work\b|happen|help\b|matter|fail|break|go wrong|be no\b|be (?:a |an |the )?(?:problem|issue|hard|difficult|racy|wrong|broken|slow|tricky|expensive|confusing|unsafe|fine|ok|okay|true|right|correct|possible|enough|the case)\b))${ADVERBS}*[a-z]+`),
  /\b(?:you|we|one) can (?:just |simply |then |also |instead )?(?:skip|avoid|use|add|drop|pass|store|keep|move|make|have|put|reuse|split|introduce|check|call|return|track|do the|flush|mark|record)\b/,
  /\b(?:we|you)(?:'d| would) (?:need|want|have) to (?!be\b)\w+/,
  /\bwhat (?:we|you|i)(?:'m| am)? (?:really |then |would |broadly |actually )*(?:need|want|thinking|suggesting|proposing)\b/,
  /\bi(?:'d| would) (?:love|like|prefer|rather|go with|suggest)\b/,
  /\bi(?:'m| am) (?:broadly |really |actually )?(?:thinking|suggesting|proposing)\b/,
  /\b(?:how|what) about\b/, /\bwhy not\b/, /\bwhat if (?:we|you)\b/, /\blet'?s\b/, /\balternatively\b/,
  /^(?:so,? |and |or |also,? |then,? |but,? )?instead\b/, /\binstead of (?:\w+ing|a|an|the)\b/,
  /(?<!\b(?:how|what|why|where|when|which|who) )\b(?:could|can|may|shall) (?:i|we)\b/,
  /\bdo you (?:want|think (?:it'?s?|it is|we|that) (?:\w+ )?(?:good|ok|okay|possible|better|fine|reasonable|acceptable|worth)|prefer|mind if)\b/,
  /\b(?:would|wouldn't|does|doesn't|won't) it (?:make (?:more )?sense|be (?:better|simpler|cleaner|easier|nicer|possible|ok|okay|preferable|enough))\b/,
  /\bis it (?:possible|ok|okay|acceptable|feasible|better|preferable) (?:for|to|if)\b/,
  /\b(?:more |most |much |a lot )?(?:robust|clean|simple|good|better|best|nicer|nicest|simpler|simplest|cleaner|cleanest|easier|easiest|safer|safest|preferable|sensible|reasonable)(?: and (?:more )?[a-z]+)? (?:to|if) (?!be\b|say\b|know\b|hear\b|see\b|learn\b)[a-z]+/,
  /\b(?:easiest|simplest|best|cleanest|safest|only|preferred|right|better) (?:way|option|approach|solution|choice|thing to do)\b/,
  /\b(?:options?|choice|alternative) but to\b/,
  /\b(?:has|have|needs?) to be (?:calculated|done|handled|moved|checked|tracked|flushed|decided|computed|kept|made|set|split|passed|stored)\b/,
  /\bto solve this\b/,
  /^(?:just |maybe |perhaps |so,? |then,? |and |simply |please |probably )?(?:have|make|use|move|add|pass|put|keep|drop|split|introduce|store|build|convert|rename|return|switch|leave|export|skip|replace|avoid|mark|track|organi[sz]e|push|turn|wrap|teach|extend|unify|merge|factor|hide|allocate|reuse|consider using|limit|restrict)\b(?! (?:you|me|us)\b)/,
];

/** A drawback or objection that is not a flat "no". */
const CONCERN: readonly RegExp[] = [
  /\b(?:the |a |one |another |big |real |main |other )?(?:problem|trouble|issue|downside|drawback|risk|concern|catch|complication|pain|danger|worry)s? (?:is|are|with|here|of|i see)\b/,
  /\b(?:this|that|it) (?:is|was|would be|will be|could be|might be|seems|looks) (?:\w+ )?(?:difficult|hard|ugly|racy|broken|wrong|expensive|slow|unfortunate|fragile|dangerous|confusing|problematic|tricky|overkill|unsafe|buggy)\b/,
  /\b(?:difficult|unfortunate(?:ly)?|inefficien\w+|regress\w*|overhead|penalt(?:y|ies)|race condition|deadlock|complications?|pain(?:ful)?)\b/,
  /\bnot (?:be )?(?:accurate|safe|enough|correct|sufficient|scalable|reliable|so easy|easy|that easy|trivial|obvious)\b/,
  /\b(?:doesn'?t|does not|won'?t|will not|wouldn'?t|would not|can'?t|cannot) (?:really )?(?:work|help|scale|cover|solve|handle)\b/,
  /\b(?:we|you|it) (?:don'?t|do not|can'?t|cannot|doesn'?t|does not) (?:really )?(?:know|tell)\b/,
  /\bwould (?:require|need) (?:\w+ing|a lot|more|extra|additional)\b/,
  /\btoo (?:big|much|many|slow|complex|complicated|expensive|late|early)\b/,
  /\b(?:will|would|could|might) (?:break|regress|hurt|leak|miss|lose|corrupt|slow)\b/,
  /\bthe problem of\b/,
  /\b(?:real|actual|serious|big|fundamental) (?:problem|issue|bug)s?\b/,
];

/** Opening words of agreement. */
const SUPPORT_OPENER = /^(?:yes|yeah|yep|yup|sure|agreed?|indeed|exactly|absolutely|correct|right|ok(?:ay)?|fine|good|great|makes? sense|sounds? (?:good|fine|reasonable|right|great|ok)|looks? (?:good|fine|ok|okay|reasonable|right)|probably(?:,)? yes|i agree|i like (?:it|this|that)|fair (?:enough|point)|good (?:idea|point|catch)|\+1|acked|that (?:could|would|should|will|can) work)\b/;
const SUPPORT_ANYWHERE = /\b(?:i agree|agreed|sounds good|makes sense|fine with me|works for me|that (?:could|would|should) work|good idea|is a good (?:\w+ )*(?:point|idea|start(?:ing point)?|direction|approach|plan)|i'?m (?:ok|okay|fine|happy) with|i like (?:this|that|the idea)|would be (?:fine|ok|okay|acceptable|good)\b(?!\s+(?:if|to|for)\b))\b/;

/** Opening words of refusal, and flat rejections anywhere. */
const OPPOSE_OPENER = /^(?:no|nope|nak|nack|err,? no|not really|not true|also not true|wrong|i disagree|i don'?t (?:agree|like)|i (?:really )?don'?t think (?:so|that'?s|this is|that is|it'?s)|that'?s not (?:true|right|correct)|this is not (?:right|correct)|(?:it|that|this) does not (?:quite )?(?:sound|seem|look) right|(?:it|that|this) doesn'?t (?:quite )?(?:sound|seem|look) right)\b/;
const OPPOSE_ANYWHERE = /\b(?:there should (?:really )?be no|does not (?:quite )?sound right|doesn'?t (?:quite )?sound right|not (?:more|another|yet another) \w+|(?:doesn'?t|does not) make sense|i (?:really )?(?:disagree|object)|strongly (?:against|object)|not (?:a )?(?:good|great) idea|nack(?:ed)?(?:-by)?)\b/;

function any(res: readonly RegExp[], s: string): boolean {
  return res.some((r) => r.test(s));
}

export function normalizeSentence(s: string): string {
  return s.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();
}

/**
 * The kinds one sentence expresses, most specific first. "Yes, I suspect the
 * design should ..." both agrees and puts an option forward, so it is both.
 */
export function classifySentence(sentence: string): ItemKind[] {
  const s = normalizeSentence(sentence).replace(/^(?:hi|hello|hey) \w+,?\s*/, '');
  if (s.length < 2 || !/[a-z]/.test(s)) return [];
  // A word or two is a reply ("Yes.", "No,") or a fragment of a re-wrapped quote, never a question or a concern.
  const short = s.split(' ').length < 3;
  const question = /\?\s*(?:\)|:\)|:-\))?$/.test(s);
  // Recounting what one thought earlier is not putting an option forward.
  const narrative = /^(?:in my (?:last|previous) (?:mail|reply|email)|i (?:thought|was wondering|had thought|misunderstood))\b/.test(s) || /^(?:sorry|apologies)\b/.test(s);
  const proposal = !narrative && s.split(' ').length >= 4 && any(PROPOSAL, s);
  const rest = s.replace(/^[^,.;:!?]{1,25}[,.;:!]\s*/, '');
  if (OPPOSE_OPENER.test(s)) return proposal && rest !== s && any(PROPOSAL, rest) ? ['oppose', 'proposal'] : ['oppose'];
  if (SUPPORT_OPENER.test(s)) {
    if (rest !== s && any(PROPOSAL, rest)) return ['support', 'proposal'];
    return ['support'];
  }
  if (proposal) return ['proposal'];
  if (short) return [];
  if (question) return ['question'];
  if (OPPOSE_ANYWHERE.test(s)) return ['oppose'];
  if (SUPPORT_ANYWHERE.test(s)) return ['support'];
  if (any(CONCERN, s)) return ['concern'];
  return [];
}
