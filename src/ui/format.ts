/** Small presentational helpers shared by the screens. */
import type { StoredMessage } from '../store/types.js';
import { quoteDepth } from '../body/quote-depth.js';

export function day(iso: string | null): string {
  return iso === null ? '—' : iso.slice(0, 10);
}

export function authorName(m: Pick<StoredMessage, 'author'>): string {
  return m.author.name ?? m.author.email ?? 'unnamed';
}

export interface TreeRow {
  readonly message: StoredMessage;
  readonly depth: number;
}

/** Depth of each message from its parent links; messages come parents-first from the store. */
export function treeRows(messages: readonly StoredMessage[]): TreeRow[] {
  const depth = new Map<string, number>();
  return messages.map((message) => {
    const d = message.parent === null ? 0 : (depth.get(message.parent) ?? -1) + 1;
    depth.set(message.key, d);
    return { message, depth: d };
  });
}

/** Split a body into its own lines and runs of quoted lines, so quotes can be folded. */
export type BodyBlock = { readonly quoted: boolean; readonly lines: readonly string[] };

export function bodyBlocks(body: string): BodyBlock[] {
  const blocks: { quoted: boolean; lines: string[] }[] = [];
  for (const line of body.split('\n')) {
    const quoted = quoteDepth(line).depth > 0;
    const last = blocks[blocks.length - 1];
    if (last !== undefined && last.quoted === quoted) last.lines.push(line);
    else blocks.push({ quoted, lines: [line] });
  }
  return blocks;
}
