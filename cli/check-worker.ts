/**
 * The TUI's checker, off the input path: a worker thread runs `check` for one
 * policy at a time and posts the verdict back, so keys typed meanwhile are read
 * and acted on at once instead of after the search.
 */
import { parentPort } from 'node:worker_threads';
import { loadPolicies } from '../src/sim/index.js';
import { coreVerdict } from './verdict.js';

export interface CheckRequest {
  readonly policy: string;
}
export interface CheckReply {
  readonly policy: string;
  readonly result: 'safe' | 'unsafe' | 'bounded';
  readonly bound: string;
  readonly property: string | null;
  readonly counterexample: readonly { op: string; args: Record<string, unknown>; note: string }[] | null;
  readonly error?: string;
}

const port = parentPort;
if (port !== null) {
  const policies = loadPolicies();
  port.on('message', (req: CheckRequest) => {
    const policy = policies.get(req.policy);
    if (policy === undefined) {
      port.postMessage({
        policy: req.policy,
        result: 'bounded',
        bound: `unknown policy '${req.policy}'`,
        property: null,
        counterexample: null,
        error: 'unknown policy',
      } satisfies CheckReply);
      return;
    }
    const v = coreVerdict(policy);
    port.postMessage({
      policy: req.policy,
      result: v.result,
      bound: v.bound,
      property: v.property,
      counterexample: v.counterexample,
    } satisfies CheckReply);
  });
}
