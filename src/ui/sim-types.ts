/** What the UI asks of the simulator, through the TuiSource (it never runs the engines itself). */
import type { CounterexampleStep, RunResult } from '../sim/index.js';

export interface Verdict {
  readonly policy: string;
  readonly result: 'safe' | 'unsafe' | 'incomplete';
  /** One sentence saying how far the answer reaches ("no violation up to depth 5 in this universe"). */
  readonly bound: string;
  readonly property: string | null;
  readonly counterexample: readonly CounterexampleStep[] | null;
}

export interface SimSource {
  readonly workloads: readonly { readonly id: string; readonly title: string; readonly model: string }[];
  /** The models a workload of model "any" runs on (a seed family's policy runs none of them); all when absent. */
  readonly anyModels?: readonly string[];
  /** Model of a policy id, or null when the id is unknown. */
  model(policy: string): string | null;
  verdict(policy: string): Verdict;
  /** A workload run with its per-step trace. */
  replay(policy: string, workload: string): RunResult;
}
