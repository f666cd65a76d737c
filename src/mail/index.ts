/**
 * src/mail: reading archives (mbox, Maildir, .eml, public-inbox, web dumps)
 * and MIME-decoding their messages. The rest of Threadlab calls only this.
 */
export type { ReadEvent, ReadOptions } from './read/events.js';
export { readSources } from './read/sources.js';
export { resolveInput } from './read/paths.js';
export { parseMail } from './parse/parse.js';
export { isSaneMessageId, parseMessageIds } from './ids.js';
export type { Address, ParsedMessage, RawMail, SourceFormat, SourceRef, TextAttachment } from './types.js';
