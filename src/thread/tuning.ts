/**
 * The tuned numbers of threading without headers: how close an attribution's time must be,
 * how much of a quote must be a mail's own words. See src/tuning.ts for the tags.
 */
import type { Tuned } from '../tuning.js';

const MINUTE = 60_000;
const FIRST = 'threading commit 9ebd587 (2026-11-21), set on the seeds and the lkml corpus extracts';
const COPIES = 'commit a7c5d61 (2026-12-03), ../shared/corpus lkml extracts and seeds';

export const THREAD_TUNING = {
  knownZoneSlack: {
    value: 10 * MINUTE,
    unit: 'ms',
    why: "clock skew allowed between an attribution line that gives its zone and the mail's Date (archives show minutes)",
    source: `[E] ${FIRST}`,
  },
  unknownZoneSlack: {
    value: 3 * MINUTE,
    unit: 'ms',
    why: 'without a zone only the minutes compare, against every quarter-hour offset within 14 h; a wider slack matches the wrong mail an hour away',
    source: `[E] ${FIRST}`,
  },
  dayOnlySlack: {
    value: 30 * MINUTE,
    unit: 'ms',
    why: 'what a date with no time of day counts as when the mail falls on that day anywhere on earth (when.ts distance)',
    source: `[E] ${FIRST}`,
  },
  parentClockSkew: {
    value: MINUTE,
    unit: 'ms',
    why: "a parent may be dated up to this much after its reply (the senders' clocks disagree) and still be its parent",
    source: `[E] ${FIRST}`,
  },
  attributionQuoteShare: {
    value: 0.3,
    unit: 'share of shingles (0-1)',
    why: 'an attribution with no usable time names the candidate whose own words make up at least this much of what the reply quotes',
    source: `[E] ${FIRST}`,
  },
  quotedLinesMatched: {
    value: 2,
    unit: 'lines',
    why: 'a reply with no attribution is placed under the earlier mail whose own lines it quotes, this many at least (fewer if it quotes fewer)',
    source: `[E] ${FIRST}`,
  },
  voiceDateSlack: {
    value: 10 * MINUTE,
    unit: 'ms',
    why: "a recovered voice with a date is the same author's archived mail sent this close to it, unless their words disagree",
    source: `[E] ${FIRST}`,
  },
  minQuotedLineChars: {
    value: 12,
    unit: 'characters',
    why: 'a normalised quoted line shorter than this ("thanks", "ok") says nothing of whose mail is quoted',
    source: `[E] ${FIRST}`,
  },
  boilerplateLineOwners: {
    value: 50,
    unit: 'messages',
    why: 'a line in the own text of more messages than this is boilerplate (a list footer) and is no evidence of a parent',
    source: `[E] ${FIRST}`,
  },
  shingleWords: {
    value: 4,
    unit: 'words per shingle',
    why: "a voice is matched to a mail, and a quote to its author, by runs of this many words (src/shingles.ts); voices are often a few trimmed lines, and at 5 words (extraction's) 4 trimmed patch-mail voices on ../shared/corpus lost their mail and 2 merged into another",
    source: `[M] commit 87f338c (2026-11-22, 4-grams as hashes); kept at 4 when extraction's shingles became the same code (2026-12-03): 0 messages change thread on the seeds, ../shared/corpus and data/corpus/mbox`,
  },
  minVoiceShingles: {
    value: 2,
    unit: 'shingles (shingleWords words each)',
    why: 'a voice with fewer shingles is too short to call a copy of any mail by its words (one line of a diffstat or of code is two)',
    source: `[M] 3 until src/shingles.ts (2026-12-03), which reads identifiers and file names whole ("chosen.txt", "signed-off-by"): 2 keeps data/corpus/mbox's one-line diffstat voice of "arm64: add support for rng-seed" with its patch, and moves two one-line code voices to the mail whose own words they are (iommu/vt-d 22/22, block rq_integrity_vec v2)`,
  },
  minShingles: {
    value: 8,
    unit: 'shingles (shingleWords words each)',
    why: 'below this a text is too short to judge by its words (a quote of one line, a one-word reply)',
    source: `[E] ${FIRST}`,
  },
  contradictedShare: {
    value: 0.1,
    unit: 'share of shingles (0-1)',
    why: "same author and a close time are not the same mail when almost none of the voice's words are the candidate's own (people send two mails minutes apart)",
    source: `[E] ${FIRST}`,
  },
  voiceOwnShare: {
    value: 0.6,
    unit: 'share of shingles (0-1)',
    why: "a voice is a mail when this much of its words are the mail's own text (not its quotes)",
    source: `[E] ${FIRST}; kept in ${COPIES}: eval figures unchanged (seeds 97.0, held-out 89.0 / 90.3)`,
  },
  copyOwnShare: {
    value: 0.5,
    unit: 'share of shingles (0-1)',
    why: "an unnamed voice that carries the mail's quotes along (a trimmed, flattened copy) needs less of the mail's own words...",
    source: `[M] ${COPIES}: Roland Dreier's trimmed mail in vtd-pull-request-v5.6.mbox, 0.52 own; unnamed voices left apart 134 -> 28`,
  },
  copyWholeShare: {
    value: 0.8,
    unit: 'share of shingles (0-1)',
    why: "...when this much of it is in the mail's text, quotes included",
    source: `[M] ${COPIES}: the same mail, 0.89 whole; all 17 merges this changed read by author and date`,
  },
  maxSubjectCandidates: {
    value: 500,
    unit: 'messages',
    why: 'more archived mail under one subject than this is boilerplate ("[GIT PULL] iommu fixes"): no word-match candidates from it',
    source: `[E] ${COPIES}`,
  },
  unwrappedLineChars: {
    value: 100,
    unit: 'characters',
    why: "a line longer than this was not hard-wrapped by a mail client: the sender's own flowed text, at depth 0 when depths are inferred",
    source: '[E] web-dump commit 40fac1d (2026-11-21), set on the seeds (no quote markers)',
  },
  signOffChars: {
    value: 40,
    unit: 'characters',
    why: 'a one-line last paragraph this short is a sign-off ("Robin."), the sender\'s own, when depths are inferred',
    source: '[E] web-dump commit 40fac1d (2026-11-21), set on the seeds',
  },
} as const satisfies Record<string, Tuned>;
