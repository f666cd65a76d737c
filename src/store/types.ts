/**
 * What the store hands to readers (export, extraction, the UI): typed views of
 * rows, never rows themselves.
 */
import type { Address, SourceRef } from '../mail/types.js';
import type { Patch } from '../patch/types.js';

export interface StoredMessage {
  readonly key: string;
  readonly messageId: string | null;
  /** Key of the message this one answers (may be a ghost's key), or null for a root. */
  readonly parent: string | null;
  readonly threadId: string;
  readonly author: Address;
  /** ISO 8601 with offset, or null. */
  readonly date: string | null;
  readonly subject: string;
  readonly body: string;
  readonly reconstructed: boolean;
  readonly ghost: boolean;
  readonly source: SourceRef;
  readonly patch: Patch | null;
}

export interface StoredThread {
  readonly id: string;
  readonly subject: string;
  /** Parents before children; siblings by date. */
  readonly messages: readonly StoredMessage[];
}
