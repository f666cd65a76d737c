/**
 * Stored values in the shape of the public `--json` contract
 * (../shared/design/CONTRACT.md): field names here are a public interface.
 */
import type { Patch } from '../patch/types.js';
import type { StoredMessage, StoredThread } from './types.js';

export interface ContractPatch {
  readonly files: readonly {
    readonly path: string;
    readonly added: number;
    readonly deleted: number;
    readonly hunks: readonly {
      readonly header: string;
      readonly section: string | null;
      readonly oldStart: number;
      readonly oldLines: number;
      readonly newStart: number;
      readonly newLines: number;
      /** Changed lines of the hunk (README's contract table). */
      readonly added: number;
      readonly deleted: number;
    }[];
  }[];
  readonly added: number;
  readonly deleted: number;
}

export interface ContractMessage {
  readonly key: string;
  readonly messageId: string | null;
  readonly parent: string | null;
  readonly author: { readonly name: string | null; readonly email: string | null };
  readonly date: string | null;
  readonly subject: string;
  readonly reconstructed: boolean;
  readonly ghost?: boolean;
  readonly source: { readonly file: string; readonly offset: number | null };
  readonly patch: ContractPatch | null;
  readonly body?: string;
}

export interface ContractThread {
  readonly id: string;
  readonly subject: string;
  readonly messages: readonly ContractMessage[];
}

export function contractPatch(p: Patch | null): ContractPatch | null {
  if (p === null) return null;
  return {
    files: p.files.map((f) => ({
      path: f.path,
      added: f.added,
      deleted: f.deleted,
      hunks: f.hunks.map((h) => ({
        header: h.header,
        section: h.section,
        oldStart: h.oldStart,
        oldLines: h.oldLines,
        newStart: h.newStart,
        newLines: h.newLines,
        added: h.added,
        deleted: h.deleted,
      })),
    })),
    added: p.added,
    deleted: p.deleted,
  };
}

export function contractMessage(m: StoredMessage, withBody = false): ContractMessage {
  return {
    key: m.key,
    messageId: m.messageId,
    parent: m.parent,
    author: { name: m.author.name, email: m.author.email },
    date: m.date,
    subject: m.subject,
    reconstructed: m.reconstructed,
    ...(m.ghost ? { ghost: true } : {}),
    source: { file: m.source.file, offset: m.source.offset },
    patch: contractPatch(m.patch),
    ...(withBody ? { body: m.body } : {}),
  };
}

export function contractThread(t: StoredThread, withBody = false): ContractThread {
  return { id: t.id, subject: t.subject, messages: t.messages.map((m) => contractMessage(m, withBody)) };
}
