/**
 * The tuned numbers of extraction outside the learnt model (whose weights are data/model/):
 * when items merge, when a proposal opens an option, how much of a quote names its owner.
 * See src/tuning.ts for the tags.
 */
import type { Tuned } from '../tuning.js';

export const EXTRACT_TUNING = {
  proposalWeight: {
    value: 1.5,
    unit: "factor on the model's probability of a proposal",
    why: 'a unit is a proposal when 1.5 times its probability of being one beats every other kind: the network trained with class weights still under-calls proposals (precision above recall), and F1 is best near where they meet',
    source:
      '[M] 10 folds by thread on the 236-thread corpus, with the word classes: proposal F1 46.0 (P 48.2 R 44.0) at 1, 46.4 (46.1/46.7) at 1.22, 46.5 (43.7/49.7) at 1.5, 46.6 (41.7/52.8) at 1.8, 46.2 at 2.2; item kinds F1 44.6, 44.8, 44.9, 44.9, 44.6. On 211 threads: 45.4 at 1, 46.3 at 1.5',
  },
  opensOption: {
    value: 0.3,
    unit: "model's probability (0-1)",
    why: 'a proposal the model is less sure of joins the option it answers instead of opening one',
    source:
      '[M] npm run eval "options per thread" with the network classifier, each corpus thread extracted by a model trained without it (10 folds by thread, 67 threads, 412 labelled options): 0 gives 315 options (median 0.67 of the labelled per thread), 0.3 gives 304 (0.67), 0.5 gives 263 (0.57), 0.7 gives 198 (0.33); the network\'s probabilities are softer than the logistic regression\'s that 0.7 was chosen for (545 options at 0.7)',
  },
  nearDuplicate: {
    value: 0.5,
    unit: 'share of content words (0-1)',
    why: 'two proposals sharing this much of their content words are one option put forward twice',
    source: '[E] commit b2b6ecd (2026-12-03, the learnt classifier)',
  },
  sameItemWords: {
    value: 0.6,
    unit: 'Jaccard similarity of words (0-1)',
    why: 'two items of one kind by one author in one message this alike are one item said twice ("near-duplicates in one message merge")',
    source: '[E] commit 159dee5 (2026-11-21)',
  },
  patchAncestorHops: {
    value: 32,
    unit: 'replies',
    why: 'how far up the reply chain a review looks for the patch it answers; a bound on a walk over user data (a Reference loop must end)',
    source: '[E] commit b2b6ecd (2026-12-03)',
  },
  stanceOpenerWords: {
    value: 14,
    unit: 'words',
    why: 'a short opener right under a quote takes a stance by polarity only when it is said in a breath',
    source: '[E] commit c63f6fa (2026-11-22, structural evidence)',
  },
  stanceAgreementWords: {
    value: 5,
    unit: 'words',
    why: 'agreement counts only among the first words of an opener ("Yes, but ..."), not anywhere in it',
    source: '[E] commit c63f6fa (2026-11-22, structural evidence)',
  },
  shingleWords: {
    value: 5,
    unit: 'words per shingle',
    why: 'whose words a quote holds, which item a passage targets, which option a policy quotes: by runs of this many words (src/shingles.ts TextIndex)',
    source: '[E] commit 159dee5 (2026-11-21, extract/text-index.ts)',
  },
  namedQuoteShare: {
    value: 0.5,
    unit: 'share of word shingles (0-1)',
    why: "a quoted passage is a named voice's words when it holds this much of their shingles",
    source: '[E] commit 3d5e970 (2026-12-03, the labelled corpus)',
  },
  copiedWholeChars: {
    value: 40,
    unit: 'characters',
    why: "a quoted paragraph this long found verbatim in some mail's own text is skipped whole (its sentences are that mail's); shorter ones are too common to tell",
    source: '[E] commit 3d5e970 (2026-12-03)',
  },
  policyMinShare: {
    value: 0.5,
    unit: "share of a citation's words (0-1)",
    why: "an option links a simulator policy when it holds most of the policy's quoted provenance, not a phrase in common",
    source: '[E] commit e57903b (2026-11-21), on seed 002',
  },
  policyTie: {
    value: 0.15,
    unit: 'share difference (0-1)',
    why: 'shares this close are a tie (a re-wrapped quote or an "(e.g. ...)" moves a share by a few points); the citation specific to the option wins',
    source: "[M] commit 48d42c0 (2026-11-22): seed 002's patch links v1-sticky, not none",
  },
} as const satisfies Record<string, Tuned>;
