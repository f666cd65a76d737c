/** What the UI asks of the simulator, through the TuiSource (it never runs the engines itself). */
import type { CounterexampleStep, PageRun, RunResult, WorldSnapshot } from '../sim/index.js';
import type { StateTable } from './state-table.js';

export type { PageRun, WorldSnapshot };

export interface Verdict {
  readonly policy: string;
  /** safe only when every reachable state was searched; bounded: "no violation found within" a limit. */
  readonly result: 'safe' | 'unsafe' | 'bounded';
  /** One sentence saying how far the answer reaches ("no violation found within depth 6: not a safety claim ..."). */
  readonly bound: string;
  readonly property: string | null;
  readonly counterexample: readonly CounterexampleStep[] | null;
}

/** One step of a seed family's trace: the label its model gives it, the state before and after, the breach it ends in. */
export interface FamilyStep {
  readonly label: string;
  readonly before: StateTable;
  readonly after: StateTable;
  /** "S1 VIOLATED: ..." on the step that breaks a property, else null. */
  readonly violation: string | null;
}

export interface SimSource {
  readonly workloads: readonly { readonly id: string; readonly title: string; readonly model: string }[];
  /** The models a workload of model "any" runs on (a seed family's policy runs none of them); all when absent. */
  readonly anyModels?: readonly string[];
  /** Model of a policy id, or null when the id is unknown. */
  model(policy: string): string | null;
  /**
   * The checker's verdict at the CLI's default bound, or null while it is still
   * being computed (off the input path; onVerdict says when one arrives).
   */
  verdict(policy: string): Verdict | null;
  /** Ends the checker's work (the TUI quit). */
  close(): void;
  /** Called whenever a verdict arrives; returns the unsubscribe. */
  onVerdict(listener: () => void): () => void;
  /** A workload run with its per-step trace. */
  replay(policy: string, workload: string): RunResult;
  /**
   * The world after each step of a replay subject (a workload id, or 'counterexample'): one
   * snapshot per step of the trace or counterexample, or none where the model has no pages
   * to show (a seed family's policy) or the counterexample has not arrived.
   */
  worlds?(policy: string, subject: string): readonly WorldSnapshot[];
  /**
   * A seed family's policy: what can be replayed, its counterexample as written
   * ('counterexample') and one under each fault mode the family knows that breaks it
   * ('fault NAME'); null for a policy of the core model.
   */
  familySubjects?(policy: string): readonly string[] | null;
  /** The steps of one of those subjects, each with the family's state before and after it. */
  familyTrace?(policy: string, subject: string): readonly FamilyStep[];
}
