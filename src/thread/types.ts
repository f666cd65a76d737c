import type { Address } from '../mail/types.js';

/** What threading needs of a message: a ParsedMessage, or a subset of it loaded back from the DB. */
export interface ThreadInput {
  key: string;
  messageId: string | null;
  inReplyTo: readonly string[];
  references: readonly string[];
  subject: string;
  from: Address;
  date: string | null;
  reconstructed: boolean;
  parentHint?: string | null;
  /** The source shows this parent outright (see ParsedMessage.parentHintFirm). */
  parentHintFirm?: boolean;
  /**
   * Present for messages without usable In-Reply-To/References (needed for attribution/quote matching),
   * for voices, and for archived mail a voice with no author may copy (its words are matched).
   */
  body?: string;
  /**
   * Archived mail whose words are matched but not carried: its body is read through
   * ThreadOptions.textOf when it is weighed (an incremental re-thread's context would
   * otherwise hold the bodies of every copy of a discussion). Set only where `body` is
   * absent, and only for a non-empty body.
   */
  worded?: boolean;
}

export interface ThreadPlan {
  /** Every input key (and ghost key) -> parent key or null. */
  parent: Map<string, string | null>;
  /** Every key -> thread id (the root's key). */
  thread: Map<string, string>;
  /** Placeholders for referenced, missing messages (key = the message id). */
  ghosts: { key: string; messageId: string }[];
  /** Reconstructed key -> key of the real message it duplicates. */
  merged: Map<string, string>;
  /** The voices of `merged` that were merged by author and time or by their words, not by where their quoter sits. */
  mergedByWords: ReadonlySet<string>;
  /** Subject-based suggestions, only with opts.loose. */
  loose: { key: string; parent: string }[];
}
