/**
 * The parent table under construction, refusing any link that would close a loop
 * (References chains in the wild do loop: forged ids, a message citing its own child).
 */
export class ParentTable {
  readonly parent = new Map<string, string | null>();
  /**
   * Keys that have been linked to as a parent (a superset: links undone through `parent`
   * stay in it). A key with no children cannot close a loop, so linking it needs no walk:
   * without this, each id of a References chain walked the whole ghost chain above it,
   * quadratic in the ids of one header (20,000 ids: 31 s; reliability review H32).
   */
  private readonly parents = new Set<string>();

  has(key: string): boolean {
    return this.parent.get(key) != null;
  }

  /** Links child -> parent unless that makes a cycle; returns whether it linked. */
  link(child: string, parent: string): boolean {
    if (child === parent || (this.parents.has(child) && this.reaches(parent, child))) return false;
    this.parent.set(child, parent);
    this.parents.add(parent);
    return true;
  }

  ensure(key: string): void {
    if (!this.parent.has(key)) this.parent.set(key, null);
  }

  /** Whether walking up from `from` meets `target` (iterative, bounded by the table size). */
  private reaches(from: string, target: string): boolean {
    let cur: string | null | undefined = from;
    let steps = 0;
    const limit = this.parent.size + 1;
    while (cur != null && steps++ <= limit) {
      if (cur === target) return true;
      cur = this.parent.get(cur);
    }
    return false;
  }

  /** key -> root key, memoised so the whole table costs O(n). */
  roots(): Map<string, string> {
    const root = new Map<string, string>();
    for (const key of this.parent.keys()) {
      const path: string[] = [];
      let cur: string = key;
      let found: string | undefined;
      for (;;) {
        found = root.get(cur);
        if (found !== undefined) break;
        path.push(cur);
        const up = this.parent.get(cur);
        if (up == null) {
          found = cur;
          break;
        }
        cur = up;
      }
      for (const p of path) root.set(p, found);
    }
    return root;
  }
}
