/**
 * The mail-body tree our unified plugins share. A body is first cut into
 * blocks of lines at one quote depth; later plugins give each block a role
 * (attribution, diff, trailer, ...) and a voice, and the prose plugin turns
 * the prose blocks into passages.
 */
import type { Node } from 'unist';

/** Who wrote the words of a block: the message author at depth 0, the attributed author deeper. */
export interface Voice {
  readonly name: string | null;
  readonly email: string | null;
  /** ISO 8601 (with offset when the source gave one), or null when unknown. */
  readonly date: string | null;
  /** True when the voice comes from an attribution line, not the message headers. */
  readonly attributed: boolean;
}

/** The diff hunk a quoted diff block shows. */
export interface QuotedHunk {
  /** Path of the file, when the quote or the thread's patch says which one. */
  readonly file: string | null;
  /** The "@@ -a,b +c,d @@ section" line, or null when the quote kept no header. */
  readonly header: string | null;
}

/** 'code': code pasted into a mail (no diff syntax): neither discussion nor a hunk a reply answers. */
export type BlockRole = 'prose' | 'attribution' | 'diff' | 'code' | 'trailer' | 'signature';

export interface MailLine {
  /** The line without its quote markers. */
  readonly text: string;
  readonly depth: number;
  /** 0-based line number in the body. */
  readonly line: number;
}

export interface MailBlock extends Node {
  type: 'mailBlock';
  role: BlockRole;
  depth: number;
  lines: MailLine[];
  voice: Voice | null;
  /** For diff blocks: the hunk they show. */
  hunk: QuotedHunk | null;
}

export interface MailRoot extends Node {
  type: 'mailRoot';
  children: MailBlock[];
}

/** A paragraph (or list item) of prose with its place in the conversation. */
export interface Passage {
  readonly depth: number;
  readonly voice: Voice;
  /** The words, quote markers removed, line breaks kept. */
  readonly text: string;
  /** 0-based line of the passage's first line in the body. */
  readonly line: number;
  /** True for an item of a bulleted or numbered list. */
  readonly listItem: boolean;
  /** The quoted diff hunk this passage answers (the nearest deeper block above it is a diff). */
  readonly hunk: QuotedHunk | null;
}

/** What the caller knows about the message and its thread. */
export interface BodyContext {
  readonly author: Voice;
  /** Files and hunk headers of the thread's patches, to name the file of a quoted hunk that lost its header. */
  readonly patchHunks: readonly { readonly file: string; readonly header: string; readonly section: string | null }[];
  /** Added and removed lines of the thread's patches (diffLineKey) to the file they change: names the file of a quote that kept no header. */
  readonly patchLines?: ReadonlyMap<string, string>;
}

declare module 'vfile' {
  interface DataMap {
    /** Input: who wrote the message, and the thread's patch hunks. */
    mailContext: BodyContext;
    /** Output of the prose plugin. */
    passages: Passage[];
  }
}
