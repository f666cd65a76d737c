/**
 * The small interface a seed family's model offers the checker: initial
 * states, the successors of a state (each with the step that leads there),
 * the invariant, and a canonical key. Anything that can be written this way
 * can be searched by the generic breadth-first search below (search.ts) or by
 * the core checker.
 */

export interface Successor<S> {
  /** The operation or kernel phase, as a reviewer would write it ("unmap iova=0: clear PTE"). */
  readonly label: string;
  readonly next: S;
}

export interface Breach {
  /** A property id of the family (e.g. "T1"), listed in its `properties`. */
  readonly property: string;
  readonly message: string;
}

export interface TransitionSystem<S> {
  initial(): readonly S[];
  /** Every step enabled in s. May return nothing (a final state). */
  successors(s: S): readonly Successor<S>[];
  /** The first property s breaks, or null. Checked on every reached state, the initial ones included. */
  invariant(s: S): Breach | null;
  /** Equal keys mean equal states up to the symmetries the model declares harmless. */
  key(s: S): string;
  /** What the initial state is, for the first line of a trace. */
  describeInitial(s: S): string;
}
