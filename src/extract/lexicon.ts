/**
 * Cue lexicons: the words by which people on kernel lists put an option
 * forward, back it, attack it, worry about it or ask. Built from how design
 * talk is phrased in general, not from any one thread.
 *
 * A proposal needs a proposer's stance: a suggestion verb ("I'd suggest"),
 * a modal with a first/second person or impersonal subject ("we could",
 * "you should", "it would be nicer to"), a hedged possibility ("X could be
 * moved"), "how about / what if we / why not / could we", or, in a reply,
 * an imperative to the patch author. Normative spec text ("the domain must
 * block ...", "VFIO should call ...") describes a design; it does not put
 * one forward, so a cover letter or RFC body is one proposal as a whole
 * (see items.ts) plus the alternatives it names.
 */
import { isNarration, isObjectionOpener } from './structure.js';
import type { ItemKind } from './types.js';

/**
 * Where a sentence sits: a reply under a quote (imperatives count), a
 * statement quoting nothing, the text opening a thread (cover letter, RFC),
 * or a patch's commit message.
 */
export type Setting = 'reply' | 'statement' | 'opening' | 'patch';

const ADVERBS = String.raw`(?:(?:possibly|also|just|simply|then|probably|instead|perhaps|rather|really|always|only|still|even|easily|certainly|maybe|potentially|actually) )`;
/** What a modal is followed by when it describes an outcome (a risk, a past, an evaluation) rather than a suggestion. */
const NOT_A_SUGGESTION = String.raw`(?:have (?:been|\w+ed|\w+en|gone|done|made)\b|take \*?(?:many |several )?(?:hours|minutes|ages|forever|seconds|a (?:long|while))|work\b|happen|help\b|matter|fail|break|go wrong|cause|lead|result|corrupt|lose|leak|trigger|expose|overwrite|crash|hang|deadlock|miss|confuse|end up|see\b|mean|affect|exist|apply|differ|vary|nullify|race\b|be no\b|be (?:a |an |the )?(?:problem|issue|hard|difficult|racy|wrong|broken|slow|tricky|expensive|confusing|unsafe|fine|ok|okay|true|right|correct|possible|enough|the case|sufficient|safe|able)\b)`;
const PERSONAL = String.raw`(?:we|you|i|one|someone|somebody)`;

/** A clause that only sets the scene ("While we could X, ..."), cut before looking for a stance. */
const CONCESSIVE = /^(?:while|although|though|even (?:though|if)|whereas|given that|since|because|unless)\b[^,]*,\s*/;

/** Explicit stance, valid in any setting: the writer puts something forward. */
const STANCE: readonly RegExp[] = [
  /\b(?:i|we) (?:would |'d |do |am |was )?(?:suggest|propose|recommend)(?:ing|ed)?\b/,
  /\b(?:my|our|one|another|an?) (?:suggestion|proposal|alternative|idea|plan|option|preference) (?:is|was|would be|here is|might be|could be)\b/,
  /\bi(?:'d| would) (?:(?:strongly|much|really|very much|definitely|still|also) )?(?:love|like|prefer|rather|go with|suggest|vote for|lean towards)\b/,
  /\bi(?:'m| am) (?:broadly |really |actually )?(?:thinking|suggesting|proposing)\b/,
  /\bwhat (?:we|you|i)(?:'m| am)? (?:really |then |would |broadly |actually )*(?:need|want|thinking|suggesting|proposing)\b/,
  /\b(?:how|what) about\b/,
  /\bwhy not\b/,
  /\bwhat if (?:we|you|i)\b/,
  // "Let's not be flippant", "let's be honest" set a tone; they put nothing forward.
  /\blet'?s\b(?! (?:not )?be\b)/,
  /(?<!\b(?:how|what|why|where|when|which|who) )\b(?:could|can|may|shall|should) (?:i|we)\b(?! (?:not|never|know|tell|see)\b)/,
  /\bdo you (?:want|think (?:it'?s?|it is|we|that) (?:\w+ )?(?:good|ok|okay|possible|better|fine|reasonable|acceptable|worth)|prefer|mind if)\b/,
  /\b(?:would|wouldn't|does|doesn't|won't) it (?:make (?:more )?sense|be (?:better|simpler|cleaner|easier|nicer|possible|ok|okay|preferable|enough))\b/,
  /\bis it (?:possible|ok|okay|acceptable|feasible|better|preferable) (?:for|to|if)\b/,
  /\b(?:maybe|perhaps|something like|could (?:also )?go like|looking at something like) this\s*[:?]?$/,
  /\b(?:i plan|i intend|my plan (?:is|was)) to\b/,
  // The writer restating their own option: "my point was to make it ...".
  /\bmy (?:point|intent|intention|thinking) (?:is|was) (?:to|that)\b/,
  // Wanting a design, not reporting one: "we really want an explicit ...", "we probably want X instead".
  /(?<!\b(?:where|when|if|that|which|unless|because) )\b(?:we|you) (?:really|probably|likely|may|might) (?:want|need) (?:to \w+|an?|the|some)\b/,
  // A helper or shape named as the way to go: "something like below:", "along the lines of".
  /\b(?:something|anything) (?:like|along the lines of) (?:below|the following)\b/,
  // A hedged opinion that something ought to be: "I suspect the design should ...", "IMHO X could ...".
  /\b(?:i (?:think|suspect|believe|guess|feel|would say)|imho|imo|ideally|in my (?:opinion|view))\b[^.;?]*\b(?:should|ought to|could) (?!(?:not |n't )?(?:be (?:fine|ok|okay|enough|possible|true|the case)|have been|work\b|happen))/,
  new RegExp(
    String.raw`\b(?:i'll|i will) (?:${ADVERBS})?(?:move|add|change|drop|switch|rework|rewrite|rephrase|restructure|make|split|convert|rename|use|put|introduce|implement|remove|replace|export|keep|pass|store)\b`,
  ),
  // A hedged opinion that something is necessary: "I think we have to use X".
  /\b(?:i (?:think|suspect|believe|guess|feel)|imho|imo)\b[^.;?]*\b(?:we|you) (?:have|need) to (?!be\b|know\b|understand\b|see\b|check\b|figure\b|assume\b|consider\b|think\b|accept\b|remember\b|keep in mind\b)[a-z]+/,
];

/** Putting an option forward in a reply (stance by modal, evaluation or imperative). */
const SUGGESTION: readonly RegExp[] = [
  new RegExp(
    String.raw`\b${PERSONAL} (?:could|should|might|shall|must|ought to)(?:n't| not)? (?!${ADVERBS}*${NOT_A_SUGGESTION})${ADVERBS}*[a-z]+`,
  ),
  // A hedged possibility or a passive "ought" ("X could be copied into Y", "VMID should be ignored") has no person to carry it.
  // "There should be limited effect" predicts; it does not ask for anything.
  new RegExp(
    String.raw`(?<!\bthere )\b(?:could|might|should) (?!${ADVERBS}*${NOT_A_SUGGESTION})${ADVERBS}*be (?:\w+ed|done|kept|made|put|split|set|built|taken|held|run)\b`,
  ),
  new RegExp(
    String.raw`\b(?:could|might) (?!${ADVERBS}*${NOT_A_SUGGESTION})${ADVERBS}*(?:become|go|live|sit|move|use|take|carry|record|skip|store)\b`,
  ),
  /\b(?:could|might|can|should) (?:just|simply|instead)\b(?! (?:work|happen|be (?:fine|ok|okay))\b)/,
  // "X is better served by Y", "drivers would be better off doing Y".
  /\b(?:is|are|would be|'d be) (?:much |far |probably )?better (?:served|off)\b/,
  /\b(?:you|we|one|i) can (?:just |simply |then |also |instead )?(?:skip|avoid|use|add|drop|pass|store|keep|move|make|have|put|reuse|split|introduce|check|call|return|track|do the|flush|mark|record)\b/,
  /\b(?:we|you)(?:'d| would) (?:need|want|have) to (?!be\b)\w+/,
  /\b(?:an? |the )?alternative(?:ly| (?:solution|approach|option|would be|is|might be|could be|may be))\b/,
  // Cheapness of a thing not there yet: "it would be easy to encode that as a resource".
  /\b(?:would|could|should) be (?:fairly |quite |very |relatively |pretty )?(?:easy|trivial|straightforward) to (?!miss|get|forget|break|overlook|confuse)[a-z]+/,
  // A softened order after a vocative or condition: "Conor, if you are happy doing so, maybe push it to ...".
  /, (?:maybe|perhaps|please) (?:just )?(?:push|take|queue|pick|merge|apply|send|drop|move|add|use|keep|split|fold|squash|route|hold)\b/,
  /^(?:so,? |and |or |also,? |then,? |but,? )?instead\b/,
  /\binstead of (?:\w+ing|a|an|the)\b/,
  /\b(?:the|an?) (?:augmentation|compromise|approach|solution|fix) (?:is|would be) (?:therefore |then |simply |just )?(?:that|to)\b/,
  /\bthe idea (?:is|was|that|being)\b/,
  /\bwith the idea that\b/,
  // "It was just simpler to relax X" recounts a past choice.
  /(?<!\b(?:was|were) (?:just |much |far |a lot |a bit )?)\b(?:more |most |much |a lot )?(?:robust|clean|simple|good|better|best|nicer|nicest|simpler|simplest|cleaner|cleanest|easier|easiest|safer|safest|preferable|sensible|reasonable)(?: and (?:more )?[a-z]+)? (?:to|if) (?!be\b|say\b|know\b|hear\b|see\b|learn\b)[a-z]+/,
  /\bwould (?:\w+ )?be (?:better|preferable|nicer|simpler|cleaner|best|the (?:right|best|cleanest) (?:thing|way|approach))\b/,
  /\b(?:easiest|simplest|best|cleanest|safest|preferred|right|better) (?:way|option|approach|solution|choice|fix|thing to do)\b/,
  /\bthe only (?:way|option|approach|solution|choice|fix) (?:is|would be) (?:to|that)\b/,
  /\b(?:options?|choice|alternative) but to\b/,
  /\b(?:has|have|needs?) to be (?:calculated|done|handled|moved|checked|tracked|flushed|decided|computed|kept|made|set|split|passed|stored)\b/,
  /\bto solve this\b/,
  // Usefulness of a thing not there yet: "it might be useful to have a helper".
  /\b(?:might|would|could|may) (?:\w+ )?be (?:useful|helpful|worthwhile|worth it|nice|good) (?:to|if)\b/,
];

/** An imperative addressed to the author of what is quoted above: only a reply can give one. */
const IMPERATIVE =
  /(?:^|[,;] so (?=just |simply ))(?:just |maybe |perhaps |so,? |then,? |and |simply |please |probably )?(?:have|make|use|move|add|pass|put|keep|drop|split|introduce|store|build|convert|rename|return|switch|leave|export|skip|replace|avoid|mark|track|organi[sz]e|push|turn|wrap|teach|extend|unify|merge|factor|hide|allocate|reuse|consider using|limit|restrict)\b(?! (?:you|me|us)\b)/;

/** A cover letter or patch naming an option it did not take, or a second one it offers. */
const ALTERNATIVE: readonly RegExp[] = [
  /\b(?:an? |the |other )?alternative(?:ly| (?:solution|approach|option|would be|is|was|might be|could be))\b/,
  /\banother (?:option|approach|way|possibility|solution) (?:is|would be|was)\b/,
  /\b(?:we|you|one) could also\b/,
  /\bv\d+ (?:series |version )?(?:proposed|used|tried|did)\b/,
  /\bwould (?:\w+ )?be (?:better|preferable)\b/,
];

/** A drawback or objection that is not a flat "no". */
const CONCERN: readonly RegExp[] = [
  /\b(?:the |a |one |another |big |real |main |other )?(?:problem|trouble|issue|downside|drawback|risk|concern|catch|complication|pain|danger|worry)s? (?:is|are|with|here|of|i see)\b/,
  /\b(?:this|that|it) (?:is|was|would be|will be|could be|might be|seems|looks) (?:\w+ ){0,2}(?:difficult|hard|ugly|racy|broken|wrong|expensive|slow|unfortunate|fragile|dangerous|confusing|problematic|tricky|overkill|unsafe|buggy)\b/,
  /\b(?:difficult|unfortunate(?:ly)?|sadly|inefficien\w+|regress\w*|overhead|penalt(?:y|ies)|race condition|deadlock|complications?|pain(?:ful)?)\b/,
  // Cost: "more costly", "the most expensive thing", "an intolerable performance cost", "could take hours", "for many milliseconds".
  /\b(?:costly|expensive|(?:performance|runtime|memory|space|significant|high|huge|big|real|intolerable|prohibitive|extra)(?: performance| runtime| memory)? (?:cost|hit|impact)s?)\b/,
  /\btak(?:e|es|ing) (?:\*?(?:many |several )?(?:hours|minutes|ages|forever|seconds|milliseconds)\b|(?:a|an) (?:very )?(?:long|unbounded|unacceptable) (?:time|while)\b)/,
  /\bfor (?:many|several|tens of|hundreds of) \*?(?:milli|micro)?seconds\b/,
  // Correctness: "X is buggy", "this breaks Y", "you corrupt Z", "non-optimal", "not strictly necessary", "something is wrong".
  /\b(?:is|are|was|seems|looks) (?:\w+ ){0,2}?(?:buggy|broken|racy|incorrect|unsafe|insecure)\b/,
  /\b(?:breaks|destroys|interferes with|clobbers|defeats|trashes|undermines|violates)\b|(?<!\bwithout (?:\w+ ){0,3})\bcorrupt(?:s|ing|ion)?\b/,
  /\b(?:non|sub)-?optimal\b|\bnot (?:\w+ )?optimal\b/,
  /\bnot (?:strictly |really |actually |always )?(?:necessary|needed|required)\b|\bunnecessar(?:y|ily)\b/,
  /\bsomething (?:is|seems|looks) (?:wrong|off|broken|fishy)\b/,
  /\b(?:the only|another|other|bigger|separate) (?:problem|issue|concern)\b/,
  /\bnot (?:be )?(?:accurate|safe|enough|correct|sufficient|scalable|reliable|so easy|easy|that easy|trivial|obvious)\b/,
  /\b(?:doesn'?t|does not|won'?t|will not|wouldn'?t|would not|can'?t|cannot) (?:really |actually |quite |necessarily |always )?(?:work|help|scale|cover|solve|handle)\b/,
  /\b(?:we|you|it) (?:don'?t|do not|can'?t|cannot|doesn'?t|does not) (?:really |easily |reliably |even )*(?:know|tell|verify|check|guarantee|detect|enforce|prove)\b/,
  /\bwould (?:require|need) (?:\w+ing|a lot|more|extra|additional|some|new|changes|another|further)\b/,
  // Left with no choice: "then X is the only option".
  /\b(?:is|are|being) the only (?:option|way|choice)\b/,
  /\b(?:leave|leaves|leaving|left) (?:\w+ )?stale\b/,
  /\btoo (?:big|much|many|slow|complex|complicated|expensive|late|early)\b/,
  // "ATTACH will fail if the ranges conflict" specifies an interface; an unconditional "may start to fail" warns.
  /\b(?:will|would|could|might|may) (?:\w+ )?(?:start to |end up |eventually )?(?:break|regress|hurt|leak|miss|lose|corrupt|slow|fail(?! (?:if|unless|when|with)\b)|deadlock|crash|hang|overflow|stop working)\b/,
  /\bthe problem of\b/,
  // Consequences and defects: "sounds incorrect", "leaks the domain", "is racy against", "perhaps overkill", "I doubt it can work".
  /\b(?:is|are|was|seems|looks|sounds) (?:\w+ ){0,2}?(?:incorrect|wrong|racy|bogus|dubious)\b/,
  /\b(?:leaks?|leaking|racy|overkill|use-after-free|double free|dangling|wasted?|wasteful|wasting)\b/,
  /\bi (?:really )?doubt\b|\bi'?m (?:not sure|unsure|doubtful) (?:that |whether |if )?(?:this|that|it|\w+ing)\b|\bi'?m (?:(?:still|really|just) )?(?:not (?:really |quite |entirely |totally )?sure|unsure) (?:that|whether|if|about|how)\b/,
  // Reservations held or voiced: "some doubts were expressed", "I have reservations", "fundamental questions about".
  /\b(?:doubts|reservations|misgivings)\b|\b(?:fundamental|serious|open) questions\b/,
  // Overreach: "feels more specific than it should be", "bigger than it needs to be".
  /\b(?:more|less) \w+ than (?:it|they|this|that) (?:should|needs? to|ought to) be\b|\b\w+er than (?:it|they) (?:should|needs? to) be\b/,
  /\b(?:doesn'?t|does not|don'?t|do not) (?:look|seem|sound) (?:correct|right|safe|complete)\b/,
  // Incomplete conversion: "not all drivers are converted", "X is missing", "you missed Y".
  /\bnot all (?:\w+ ){0,2}(?:are|were|have been|is|get|got) (?:\w+ )?(?:converted|updated|handled|covered|changed|fixed)\b|\b(?:you|it) (?:missed|forgot)\b|\b(?:is|are) (?:still )?missing\b/,
  /\bconfus(?:ing|ion)\b/,
  /\b(?:real|actual|serious|big|fundamental) (?:problem|issue|bug)s?\b/,
];

/** Interjections before an answer ("Err, no", "Hmm, yes"). */
const HEDGE = String.raw`(?:(?:err|erm|um+|hmm+|uh|well|ah|oh|so)(?:[,.]* |[,.]+))?`;
/** One-word answers count only as whole answers ("Right," / "Fine."), not as the first word of a sentence ("Right now ..."). */
const ANSWER_WORD = String.raw`(?:sure|agreed?|indeed|exactly|absolutely|correct|right|ok(?:ay)?|fine|good|great|true)(?=[,.!;:]|$)`;

/** A commitment to do what was asked ("Will fix that.", "I'll update it in v3", "Done."): the asked-for option is taken. */
const COMMITMENT = String.raw`(?:(?:i|we)(?:'ll| will| shall) |will )(?:(?:do|fix|change|update|add|address|correct|move|drop|remove|rework|rename|send|incorporate|include|take|adjust|clarify|reword|fold|squash|split|merge|use|switch|apply|look into|follow)\b(?! (?:you|me|us)\b)(?!.*\b(?:instead|rather than|but)\b))|(?:i(?:'ve| have)? |we(?:'ve| have)? )?(?:just )?(?:updated|fixed|changed|addressed|reworded|done|dropped)\b(?= (?:that|this|it|them|these|those)\b|[.!,]|$)|done(?=[.!,]|$)`;

const COMMITTED = new RegExp(
  String.raw`^${HEDGE}(?:(?:thanks|thank you|ok(?:ay)?|sure|right|yes|yeah)[,.!]* )?${COMMITMENT}`,
);

/** Opening words of agreement. */
const SUPPORT_OPENER = new RegExp(
  String.raw`^${HEDGE}(?:(?:thanks|thank you|ok(?:ay)?|sure|right|yes|yeah)[,.!]* )?(?=(?:i|we)(?:'ll| will)|will |i |we |i'|we'|done|you|he|she|they|updated|fixed|changed|addressed)(?:${COMMITMENT}|(?:you(?:'re| are)|they(?:'re| are)) (?:absolutely |quite |totally )?right\b)|^${HEDGE}(?:(?:probably|likely|mostly|i think|i guess|i believe)[,]? )?(?:yes|yeah|yep|yup)\b|^${HEDGE}(?:${ANSWER_WORD}|(?:that |this |it )?makes? sense|(?:that |this |it )?sounds? (?:good|fine|reasonable|right|great|ok)|(?:that |this |it )?looks? (?:good|fine|ok|okay|reasonable|right)|i agree|i like (?:it|this|that)|fair (?:enough|point)|(?:that|this|it)(?:'s| is) (?:a )?fair(?: point| enough)?|good (?:idea|point|catch)|\+1|acked|(?:applied|queued|picked up)(?: (?:to|into|in|on)| it| them| this| the series)|(?:you(?:'re| are)|he(?:'s| is)|she(?:'s| is)|they(?:'re| are)) (?:absolutely |quite |totally )?right|${COMMITMENT}|(?:that|this|it) (?:could|would|should|will|can) work)\b`,
);
const SUPPORT_ANYWHERE =
  /\b(?:(?:is|should be|would be|seems) (?:(?:also|still|probably|definitely|really|indeed|quite|perfectly) )?(?:sufficient|the (?:most |only )?(?:correct|right|sane|proper) (?:thing|approach|fix))|i agree|agreed|(?:i'?m|i am|we'?re|we are) (?:fully |totally |completely |all )?on board|sounds good|makes sense|fine (?:with|by|for) me|works for me|(?:is|are|looks|seems) (?:also |still |perfectly |quite )?(?:fine|ok|okay)(?: (?:to|by|with|for) me)?(?= *[.!,;]|$)|that (?:could|would|should) work|good idea|is a good (?:\w+ )*(?:point|idea|start(?:ing point)?|direction|approach|plan)|i'?m (?:ok|okay|fine|happy) with|(?:this|that|it|(?:this|that|the|your) (?:\w+ )?(?:version|patch|change|approach|code|suggestion)(?: (?:below|above))?) (?:is|looks) (?:also |still )?(?:much |far |a lot |way )?(?:cleaner|nicer|simpler|fine(?: too)?)(?= *[.!,;]|$)|i like (?:this|that|the idea)|would be (?:fine|ok|okay|acceptable|good)\b(?!\s+(?:if|to|for)\b))\b/;

/** Opening words of refusal, and flat rejections anywhere. */
const OPPOSE_OPENER = new RegExp(
  String.raw`^${HEDGE}(?:why(?=\?$)|no|nope|nak|nack|wrong|i disagree|not (?:really|necessarily|quite|exactly)|(?:also |again |still )?not (?:true|right|correct)|i don'?t (?:agree|like|think so)|i (?:really )?don'?t think (?:so|that'?s|this is|that is|it'?s)|(?:that|this|it)'?s? (?:is )?not (?:true|right|correct)|(?:it|that|this) (?:does not|doesn'?t) (?:quite )?(?:sound|seem|look) right|(?:this|that|it) (?:should|must) not (?:be|happen)(?=[.!]*$))\b`,
);
const OPPOSE_ANYWHERE =
  /\b(?:there (?:should|must|shall) (?:\w+ )?(?:be no|not be|never be)|(?:does not|doesn'?t) (?:quite )?(?:sound|seem|look) right|not (?:more|another|yet another) \w+|(?:doesn'?t|does not) make sense|i (?:really )?(?:disagree|object)|strongly (?:against|object)|not (?:a )?(?:good|great) idea|nack(?:ed)?(?:-by)?|not (?:\w+ )?(?:keen|thrilled|convinced|comfortable) (?:on|about|with|by|that)|not a (?:big )?fan of|(?:has|have) nothing to do with|(?:isn'?t|is not|not) (?:that|so|too) (?:bad|expensive|costly|slow|hard|complicated|difficult)|not a big deal|i (?:really |still |quite )?(?:don'?t|do not) (?:quite |really )?(?:understand|see) (?:why|the (?:need|reason|point|reluctance|benefit|value))|(?:doesn'?t|does not|don'?t) (?:seem|look|sound) (?:ideal|necessary|needed|like a good)|i (?:really |still )?don'?t think (?:we|you|it|this|that|there)\b[^.?]*\b(?:should|need|needs|must|ought|want|is (?:needed|necessary|right|worth)|makes? sense|works?|will work|is a good))\b/;

function any(res: readonly RegExp[], s: string): boolean {
  return res.some((r) => r.test(s));
}

/**
 * A thread's sentences are normalized several times each (ownership, claiming, classifying).
 * Kept for one thread only (extractThread calls forgetNormalized): a repeat run over the same text must cost what the first did.
 */
const normalized = new Map<string, string>();

export function forgetNormalized(): void {
  normalized.clear();
}

export function normalizeSentence(s: string): string {
  let out = normalized.get(s);
  if (out !== undefined) return out;
  out = s
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
  if (normalized.size >= 20000) normalized.clear();
  normalized.set(s, out);
  return out;
}

/** The clause after a concession ("X, but it costs Y", "X; although ..., it is slow"): where a proposer names the option's drawback. */
const DRAWBACK_CLAUSE = /(?:[,;]\s*|\s)(?:but|although|though|however|except that)\b(.*)$/;

/** An option put forward together with its drawback is a proposal and a concern. */
function withDrawback(s: string): ItemKind[] {
  const tail = DRAWBACK_CLAUSE.exec(s)?.[1];
  return tail !== undefined && any(CONCERN, tail) ? ['proposal', 'concern'] : ['proposal'];
}

/** Does the sentence put an option forward, in this setting? */
function proposes(s: string, setting: Setting): boolean {
  if (s.split(' ').length < 4) return false;
  const main = s.replace(CONCESSIVE, '');
  if (setting === 'opening' || setting === 'patch') return any(ALTERNATIVE, main);
  return any(STANCE, main) || any(SUGGESTION, main) || (setting === 'reply' && IMPERATIVE.test(main));
}

/**
 * The kinds one sentence expresses, most specific first. "Yes, I suspect the
 * design should ..." both agrees and puts an option forward, so it is both.
 */
/** Where the sentence sits in its message, beyond the setting. */
export interface Position {
  /** First sentence of a reply paragraph right under a quote of someone else's words. */
  readonly opener?: boolean;
  /** Part of a changelog: describes the change, puts nothing forward without a stance. */
  readonly descriptive?: boolean;
}

export function classifySentence(sentence: string, setting: Setting = 'reply', position: Position = {}): ItemKind[] {
  const s = normalizeSentence(sentence).replace(/^(?:hi|hello|hey) \w+,?\s*/, '');
  if (s.length < 2 || !/[a-z]/.test(s)) return [];
  // A word or two is a reply ("Yes.", "No,") or a fragment of a re-wrapped quote, never a question or a concern.
  const short = s.split(' ').length < 3;
  const question = /\?\s*(?:\)|:\)|:-\))?$/.test(s);
  // Recounting what one thought earlier is not putting an option forward.
  const narrative =
    /^(?:in my (?:last|previous) (?:mail|reply|email)|i (?:thought|was wondering|had thought|misunderstood))\b/.test(
      s,
    ) ||
    /^(?:sorry|apologies)\b/.test(s) ||
    // Asking what the other meant ("Do you mean that we should ...?") checks understanding; it puts nothing forward.
    (question && /^(?:do|did) you mean\b|^(?:are|were) you (?:saying|suggesting)\b|^you mean\b/.test(s));
  // Changelog lines and "This patch ..." narration describe the change: only an explicit stance makes them a proposal.
  // A reviewer's "this patch should ..." asks for something: narration is the author's own, outside replies.
  const descriptive = position.descriptive === true || (setting !== 'reply' && isNarration(s));
  const proposal = !narrative && proposes(s, setting) && (!descriptive || any(STANCE, s.replace(CONCESSIVE, '')));
  if (setting === 'patch') return proposal ? ['proposal'] : [];
  if (setting === 'opening') {
    if (proposal) return withDrawback(s);
    if (short) return [];
    return question ? ['question'] : any(CONCERN, s) ? ['concern'] : [];
  }
  // What follows an answer ("Yes, ...", "Sounds fine (for now), but I'd rather ...") may put an option forward too.
  const answer = OPPOSE_OPENER.exec(s) ?? SUPPORT_OPENER.exec(s);
  const rest = answer === null ? '' : s.slice(answer[0].length).replace(/^[\s,.;:!]+/, '');
  const restProposes = rest !== '' && !narrative && proposes(rest, setting);
  if (OPPOSE_OPENER.test(s)) return restProposes ? ['oppose', 'proposal'] : ['oppose'];
  // An opener under a quote that negates or contradicts it ("I don't see why ...", "that's not what ...") objects by its shape.
  if (position.opener === true && setting === 'reply' && !question && isObjectionOpener(s)) {
    const tail = /[,;:]\s*(.*)$/.exec(s)?.[1] ?? '';
    return tail !== '' && !narrative && proposes(tail, setting) ? ['oppose', 'proposal'] : ['oppose'];
  }
  // "Yes, but ...", "Sure, but ...": the concession is politeness, what follows "but" is the point.
  if (answer !== null && /^(?:but|however)\b/.test(rest))
    return rebuttal(rest.replace(/^(?:but|however)[\s,]*/, ''), setting);
  // "I'll move the flush into unmap": a commitment that also names the option it takes.
  // A commitment ("I'll fix it in v2") backs the reviewer's point; it puts no new option forward.
  if (SUPPORT_OPENER.test(s)) return restProposes ? ['support', 'proposal'] : ['support'];
  if (proposal) return withDrawback(s);
  if (short) return [];
  if (question) return ['question'];
  if (OPPOSE_ANYWHERE.test(s)) return ['oppose'];
  if (SUPPORT_ANYWHERE.test(s)) return ['support'];
  if (any(CONCERN, s)) return ['concern'];
  return [];
}

/** What a "but" after an agreement says: its own kinds when it has any, else an objection. */
export function rebuttal(rest: string, setting: Setting): ItemKind[] {
  const kinds = rest.split(' ').length < 3 ? [] : classifySentence(rest, setting).filter((k) => k !== 'support');
  return kinds.length > 0 ? kinds : ['oppose'];
}

/** "Will fix.", "Done, thanks.": a short commitment, which stays one even right under a quoted hunk. */
export function isAcknowledgement(sentence: string): boolean {
  const s = normalizeSentence(sentence);
  return s.split(' ').length <= 6 && COMMITTED.test(s);
}
