/**
 * The TUI's checker, off the input path: a worker thread runs `check` for one
 * policy at a time and posts the verdict back, so keys typed meanwhile are read
 * and acted on at once instead of after the search.
 */
import { parentPort } from 'node:worker_threads';
import { check, DEFAULT_UNIVERSE, defaultParams, loadPolicies } from '../src/sim/index.js';
import { CHECK_DEPTH } from './check-defaults.js';

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
  const params = defaultParams();
  port.on('message', (req: CheckRequest) => {
    const policy = policies.get(req.policy);
    if (policy === undefined) {
      port.postMessage({ policy: req.policy, result: 'bounded', bound: `unknown policy '${req.policy}'`, property: null, counterexample: null, error: 'unknown policy' } satisfies CheckReply);
      return;
    }
    const r = check(policy, params, { depth: CHECK_DEPTH, universe: DEFAULT_UNIVERSE });
    port.postMessage({ policy: req.policy, result: r.result, bound: r.bound, property: r.property, counterexample: r.counterexample } satisfies CheckReply);
  });
}
