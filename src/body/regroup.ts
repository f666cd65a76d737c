/**
 * Shared by the plugins that give lines a role: re-cut a block wherever the
 * role of its lines changes, keeping depth, voice and hunk.
 */
import type { BlockRole, MailBlock, MailRoot } from './types.js';

export function regroup(block: MailBlock, roles: readonly BlockRole[]): MailBlock[] {
  const out: MailBlock[] = [];
  let current: MailBlock | null = null;
  block.lines.forEach((line, i) => {
    const role = roles[i] ?? block.role;
    if (current === null || current.role !== role) {
      current = { type: 'mailBlock', role, depth: block.depth, lines: [], voice: block.voice, hunk: block.hunk };
      out.push(current);
    }
    current.lines.push(line);
  });
  return out;
}

/** Replace every prose block by the blocks `roleLines` cuts it into. */
export function mapProse(tree: MailRoot, roleLines: (block: MailBlock, index: number) => BlockRole[] | null): void {
  const next: MailBlock[] = [];
  tree.children.forEach((block, index) => {
    const roles = block.role === 'prose' ? roleLines(block, index) : null;
    if (roles === null) next.push(block);
    else next.push(...regroup(block, roles));
  });
  tree.children = next;
}
