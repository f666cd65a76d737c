/**
 * What the store hands to readers (export, extraction, the UI): typed views of
 * rows, never rows themselves.
 */
import type { Address, ParsedMessage, SourceRef } from '../mail/types.js';
import type { Patch, SeriesTag, Trailer } from '../patch/types.js';
import type { ImportWarning } from '../errors.js';
import type { ThreadInput } from '../thread/types.js';
import type { ContextKeys } from '../thread/keys.js';

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
  /** To and Cc as the mail carried them, when stored (mail imported before schema 4 has none). */
  readonly to?: string;
  readonly cc?: string;
}

export interface StoredThread {
  readonly id: string;
  readonly subject: string;
  /** Parents before children; siblings by date. */
  readonly messages: readonly StoredMessage[];
}

/** One row of `threadlab threads` (the same shape src/ui/types.ts shows). */
export interface ThreadSummary {
  readonly id: string;
  readonly subject: string;
  readonly messages: number;
  readonly reconstructed: number;
  /** Names (or addresses) of the people who wrote in it, first appearance first. */
  readonly people: readonly string[];
  readonly first: string | null;
  readonly last: string | null;
}

/** What the importer hands the store for one message: the parse plus what later stages found in it. */
export interface MessageRecord {
  readonly message: ParsedMessage;
  readonly patch: Patch | null;
  readonly trailers: readonly Trailer[];
  readonly series: SeriesTag | null;
  readonly changeId: string | null;
  /** What an incremental re-thread finds the message by (src/thread/keys.ts). */
  readonly keys: ContextKeys;
  /** What series planning joins it to others by (seriesKeys in src/patch/series.ts); empty without a series tag. */
  readonly seriesKeys: readonly string[];
}

/** One write: a batch of messages, the warnings met meanwhile, and public-inbox checkpoints now safe to record. */
export interface WriteBatch {
  readonly records: readonly MessageRecord[];
  readonly warnings: readonly ImportWarning[];
  readonly checkpoints: readonly { readonly repo: string; readonly commit: string }[];
}

export interface WriteOutcome {
  /** Keys inserted (archived and reconstructed). */
  readonly inserted: readonly string[];
  /** Archived messages inserted. */
  readonly archived: number;
  /** Archived messages already present with the same content. */
  readonly duplicate: number;
  /** Archived messages whose Message-ID was taken by different content: stored under "<id>#<hash>". */
  readonly renamed: number;
}

/** What threading and series planning need of each stored message: the threader's input plus series data. */
export type ThreadingRow = Readonly<ThreadInput> & {
  readonly series: SeriesTag | null;
  readonly changeId: string | null;
  /** Whether a patch was found in it (series planning: an unnumbered "[RFC]" without a diff is no series). */
  readonly hasPatch: boolean;
};

/** How threading used a message: 0 a voice placed by its quoter's headers, 1 text matching, 2 a voice merged by words or time. */
export type Matching = 0 | 1 | 2;

/** The result of threading everything, as the store records it. */
export interface ThreadingWrite {
  /** key -> [parent key or null, thread id] for every stored message. */
  readonly placement: ReadonlyMap<string, readonly [string | null, string]>;
  /** Reconstructed key -> real key it duplicates. */
  readonly merged: ReadonlyMap<string, string>;
  /** key -> how threading used it (the messages.matching column). */
  readonly matching: ReadonlyMap<string, Matching>;
  /** Keys whose words text matching read (the messages.worded column). */
  readonly worded: ReadonlySet<string>;
  /** Voice placed by headers -> the mail that decided where (the messages.decided_by column). */
  readonly decidedBy: ReadonlyMap<string, string>;
  readonly ghosts: readonly {
    readonly key: string;
    readonly messageId: string;
    readonly parent: string | null;
    readonly threadId: string;
  }[];
  readonly threads: readonly (ThreadSummary & { readonly rootKey: string; readonly lastMs: number | null })[];
  readonly series: readonly StoredSeries[];
}

export interface StoredSeries {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly author: string | null;
  readonly cover: string | null;
  readonly patches: readonly string[];
  readonly total: number | null;
  readonly missing: readonly number[];
  readonly previous: string | null;
}

export type SearchScope = 'all' | 'own' | 'quoted';

export interface SearchHit {
  readonly key: string;
  readonly threadId: string | null;
  readonly subject: string;
  readonly author: Address;
  readonly date: string | null;
  /** A line of the matching text around the first hit. */
  readonly snippet: string;
}
