/**
 * The thread stage: who answers whom, including the voices that survive only in quotes.
 *   reconstructVoices(msg)  -> the quoted voices of one message, as reconstructed messages
 *   threadMessages(inputs)  -> parents, threads, ghosts, merges for the whole database
 *   lineDepths(body)        -> quote depth per line, inferred when a dump lost its '>' markers
 */
export { reconstructVoices, type VoiceResult } from './voices.js';
export { threadMessages } from './plan.js';
export { seeksParent } from './headerless.js';
export type { ThreadInput, ThreadPlan } from './types.js';
export { lineDepths, layoutBody, type Layout } from './layout.js';
export { sameAuthor, normalizeName } from '../mail/names.js';
export { baseSubject, MAX_SUBJECT_CANDIDATES, shingles } from './match.js';
export { copiesMail, MIN_VOICE_SHINGLES, ownShingles, ownShinglesSorted, VOICE_OWN_SHARE } from './copies.js';
