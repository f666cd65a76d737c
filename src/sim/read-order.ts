/**
 * One rule both engines share (model/pfns.ts spans, compact/iopt.ts sources).
 */

/**
 * Which of two areas covering a pages index the pfn_reader reads back from:
 * the lowest start (interval_tree_iter_first), and among equal starts, where
 * the kernel takes the one inserted first into domains_itree (history the
 * model does not keep), the one with a non-coherent storage domain, then the
 * lower area flags, then the shorter. This order does not depend on IOAS
 * numbering (the checker's symmetry reduction relies on it), and it resolves
 * ties against the skipping policies: the read-back source they skip on wins.
 */
export function readFirst(
  start: number,
  nc: number,
  flags: number,
  len: number,
  bStart: number,
  bNc: number,
  bFlags: number,
  bLen: number,
): boolean {
  if (start !== bStart) return start < bStart;
  if (nc !== bNc) return nc > bNc;
  if (flags !== bFlags) return flags < bFlags;
  return len < bLen;
}
