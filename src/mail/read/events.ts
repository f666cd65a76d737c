/** What readSources yields; consumers switch on `kind`. */
import type { ImportWarning } from '../../errors.js';
import type { ParsedMessage, RawMail, SourceFormat } from '../types.js';

export type ReadEvent =
  | { kind: 'file'; file: string; format: SourceFormat; bytes: number } // a file/repo starts
  | { kind: 'mail'; mail: RawMail } // needs MIME parsing (parseMail, on import/plan-pool's workers)
  | { kind: 'parsed'; message: ParsedMessage } // web dumps: already parsed by src/mail/webdump
  | { kind: 'warning'; warning: ImportWarning } // file + byte offset + message
  | { kind: 'checkpoint'; repo: string; commit: string }; // public-inbox: all commits up to here were yielded

export interface ReadOptions {
  /** --format override. */
  format?: SourceFormat;
  /** Last commit already imported for that public-inbox repo, or null. */
  publicInboxSince?: (repo: string) => string | null;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /**
   * Where to start reading an input file given as a path (an uncompressed mbox imported before
   * that has grown: its old end, checked by the caller to be a message boundary after the
   * same bytes). The bytes before it are not read.
   */
  resumeAt?: (file: string) => number | undefined;
  /**
   * Whether a file found inside a folder or Maildir given was imported before, unchanged (the
   * caller checks its bytes): then it is not read. Files given by path are the caller's to pick.
   */
  known?: (file: string) => Promise<boolean>;
}

/** Counts bytes read (of the file as stored, so compressed bytes for .gz) for onProgress. */
export interface Progress {
  add(bytes: number): void;
}

/** One message larger than this is cut (with a warning): kernel lists reject mail far smaller. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export const warning = (file: string, offset: number | null, message: string): ReadEvent => ({
  kind: 'warning',
  warning: { file, offset, message },
});
