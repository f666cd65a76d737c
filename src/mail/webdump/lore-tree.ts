/**
 * The little thread trees lore (public-inbox) prints above every message of a thread
 * page. Layout from public-inbox's lib/PublicInbox/View.pm (_th_index_lite, skel_dump,
 * _skel_ghost, pad_link): each line is a 2-column pad ("  ", or "@ " for the message
 * itself), the date as strftime('%Y-%m-%d %k:%M') in UTC (so " 6:18" keeps a blank),
 * one blank, two blanks per level below the first, "` " for any level but the root:
 *
 *   * Re: [PATCH 5/5] iommufd: Flush CPU caches ...
 *     2024-05-07  6:22 [PATCH 5/5] iommufd: Flush CPU ... Yan Zhao   <- level 0: the parent
 *   @ 2024-05-09 14:13 ` Jason Gunthorpe                              <- level 1: this message
 *     2024-05-10  8:03   ` Yan Zhao                                   <- level 2: a reply
 *          [not found] <20240507061802.20184-1-yan.y.zhao@intel.com>  <- a ghost, with its id
 *                      ` (3 preceding siblings ...)                   <- elided, no date
 *     0 siblings, 1 reply; 64+ messages in thread
 */

/** A line of the tree: a dated message (subject and/or author text) or a ghost with its id. */
export type TreeLine =
  | { kind: 'message'; level: number; minute: string; text: string; self: boolean }
  | { kind: 'ghost'; level: number; messageId: string; self: boolean };

const DATED = /^(@ | {2})(\d{4}-\d{2}-\d{2}) ([ \d]\d):(\d{2}) (.*)$/;
const GHOST = /^(@ | {2}) +\[not found\] (.*)$/;
const COUNTS = /^ {2}\d+ siblings?, \d+ repl(?:y|ies);/;
const ELIDED = /^ {19,}(?:` )?\(/;

/** Splits "  ` rest" into its level and text ("rest" alone is level 0). */
function leveled(s: string): { level: number; text: string } {
  const m = /^( *)` (.*)$/.exec(s);
  if (!m) return { level: 0, text: s.trim() };
  return { level: Math.floor((m[1] ?? '').length / 2) + 1, text: (m[2] ?? '').trim() };
}

/** One tree line, or null when `line` is not one. */
export function treeLine(line: string): TreeLine | null {
  const d = DATED.exec(line);
  if (d) {
    const { level, text } = leveled(d[5] ?? '');
    const minute = `${d[2] ?? ''}T${(d[3] ?? '').trim().padStart(2, '0')}:${d[4] ?? ''}`;
    return { kind: 'message', level, minute, text, self: d[1] === '@ ' };
  }
  const g = GHOST.exec(line);
  if (g) {
    const { level, text } = leveled(g[2] ?? '');
    const id = /^<([^<>\s]+)>/.exec(text)?.[1];
    return id ? { kind: 'ghost', level, messageId: id, self: g[1] === '@ ' } : null;
  }
  return null;
}

/** Lines that belong to the tree block above a message (so the block's start can be found). */
export function isTreeChrome(line: string): boolean {
  return treeLine(line) !== null || COUNTS.test(line) || ELIDED.test(line);
}

/**
 * The parent line of the message marked "@" in a tree block: the nearest line above it
 * one level up (public-inbox prints the parent first, then preceding siblings). Null for
 * a root, or when the block has no "@" line.
 */
export function parentInTree(block: readonly string[]): TreeLine | null {
  const lines = block.map(treeLine);
  const at = lines.findIndex((l) => l?.self === true);
  const self = lines[at];
  if (!self || self.level === 0) return null;
  for (let i = at - 1; i >= 0; i--) {
    const l = lines[i];
    if (l && l.level === self.level - 1) return l;
  }
  return null;
}
