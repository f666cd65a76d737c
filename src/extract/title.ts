/** Short option titles made from the proposer's own words. */
import { splitSentences } from './sentences.js';

const LEAD_IN = [
  /^(?:so|and|but|also|then|well|ok|okay|yes|yeah|sure|personally|instead|alternatively|however|though|hmm|right|as a summary)\s*[,.:]?\s+/i,
  /^(?:i think|i suspect|i guess|i believe|i feel|my feeling is|in my opinion|imo|to solve this)\s*(?:that\s+)?[,]?\s*/i,
  /^(?:i(?:'d| would) (?:suggest|propose|prefer|love|like)(?: to)?|i (?:suggest|propose)|i am suggesting(?: to)?|what i'?m (?:\w+ )?(?:thinking|suggesting) is(?: that)?|what we (?:then )?need is(?: to)?)\s+/i,
  /^(?:we|you) (?:could|should|can|might)(?: possibly| also| just| simply| then| probably)*\s+/i,
  // A reply's agreement before its own option ("Sounds fine (for X), but I'd ...") is not what the option is called.
  /^(?:that|this|it) (?:makes? sense|sounds? (?:good|fine|reasonable|ok)|looks? (?:good|fine|ok))(?: to me)?(?: \([^)]*\))?[,.;]?\s*(?:but|and|so)?\s*/i,
  /^(?:i was wondering|i wonder|i'm wondering) (?:if|whether) (?:we|you) (?:could|can|should|might)(?: also| just)?\s+/i,
  // The setting before the point: "Considering the limited number of X, it appears cleaner to ...".
  /^(?:considering|given|since) [^,]{3,80},\s*/i,
  /^it (?:appears|seems|looks) (?:\w+ ){0,4}?to\s+/i,
  /^(?:we|you)(?:'d| would) (?:need|have) to\s+/i,
  /^(?:it (?:would|might|could) be (?:\w+ )?(?:nicer|better|nicest|simpler|cleaner|easier|best|good) (?:to )?)/i,
  /^(?:(?:do you think|would it make sense|wouldn't it make sense|is it possible)(?: for \S+(?: \S+)?)?(?: it'?s? (?:possible|good|ok|better))?(?: to)?|could (?:i|we)|do you want to|how about|what about|why not|maybe|perhaps|just)\s+/i,
];

export function titleFrom(text: string, maxWords = 9): string {
  let s = (splitSentences(text)[0]?.text ?? text).replace(/\s+/g, ' ').trim();
  for (let pass = 0; pass < 3; pass++) for (const re of LEAD_IN) s = s.replace(re, '');
  const words = s.split(' ');
  let t = words
    .slice(0, maxWords)
    .join(' ')
    .replace(/[,;:.?!]+$/, '');
  if (words.length > maxWords) t += ' ...';
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** "Re: [PATCH v2 5/5] iommufd: Flush CPU caches" -> "iommufd: Flush CPU caches". */
export function titleFromSubject(subject: string): string {
  return subject
    .replace(/^(?:\s*(?:re|fwd?|aw)\s*:\s*)+/i, '')
    .replace(/^\s*\[[^\]]*\]\s*/, '')
    .replace(/^\[\d+\/\d+\]\s*/, '')
    .trim();
}
