/**
 * The shapes that flow read -> parse -> thread -> extract -> store.
 * Every stage is a pure function over these; only src/store writes SQLite.
 */
import type { ImportWarning } from '../errors.js';

export type SourceFormat =
  | 'mbox'
  | 'maildir'
  | 'eml'
  | 'public-inbox'
  | 'hypermail'
  | 'patchwork'
  | 'lore'
  | 'lkml-org'
  | 'marc'
  | 'openwall';

export interface SourceRef {
  /** Path of the input file (or the public-inbox repo + commit, "repo.git#<sha>"). */
  readonly file: string;
  /** Byte offset of the message's first byte in that file; null when it has none. */
  readonly offset: number | null;
}

export interface Address {
  readonly name: string | null;
  readonly email: string | null;
}

/** One raw message cut from an archive, not yet MIME-parsed. */
export interface RawMail {
  readonly source: SourceRef;
  readonly format: SourceFormat;
  /** The RFC 5322 bytes, with mbox escaping already undone. */
  readonly raw: Buffer;
}

/** A text attachment that may carry a patch (text/x-patch, text/x-diff, *.patch). */
export interface TextAttachment {
  readonly filename: string | null;
  readonly contentType: string;
  readonly text: string;
}

/**
 * A message after MIME decoding: what every later stage works on.
 * Web-archive dumps (hypermail, Patchwork) produce these directly, with
 * `messageId` null and threading hints instead of headers.
 */
export interface ParsedMessage {
  /** Stable key within the database: "<message-id>" form when there is one, else "sha256:<hex>" of the content. */
  readonly key: string;
  /** Normalised Message-ID without angle brackets, or null when the source had none. */
  readonly messageId: string | null;
  /** Message-IDs (no brackets) from In-Reply-To, in order, only the sane ones. */
  readonly inReplyTo: readonly string[];
  /** Message-IDs (no brackets) from References, in order, only the sane ones. */
  readonly references: readonly string[];
  readonly subject: string;
  readonly from: Address;
  /** ISO 8601 with offset, e.g. 2024-05-09T14:13:00+00:00; null when no date parsed. */
  readonly date: string | null;
  /** The decoded text/plain body (HTML-only mail: converted to text). */
  readonly body: string;
  readonly attachments: readonly TextAttachment[];
  readonly source: SourceRef;
  readonly format: SourceFormat;
  /** sha256 hex of the normalised content; tells "same id, same content" from "same id, different content". */
  readonly contentHash: string;
  /** Recovered from quotes inside another message, not archived itself. */
  readonly reconstructed: boolean;
  /**
   * Threading hints for messages without usable headers (web dumps):
   * the key of the message this one answers, when the reader already knows it
   * (e.g. Patchwork comments answer the patch unless their attribution says otherwise).
   */
  readonly parentHint?: string | null;
  /**
   * The page itself shows the parent (a lore thread tree, hypermail's "In reply to"):
   * then the hint outranks what attribution lines and quoted text suggest. A default
   * guess (a Patchwork comment answers the patch) is not firm.
   */
  readonly parentHintFirm?: boolean;
  /** Problems found while decoding this message. */
  readonly warnings: readonly ImportWarning[];
  /** The To and Cc headers as the mail carried them (encoded words decoded), when it had them; for reading, not threading. */
  readonly to?: string;
  readonly cc?: string;
}
