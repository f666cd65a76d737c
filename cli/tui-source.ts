/** Wires the store, extraction and simulator into the read-only source the TUI draws from. */
import { cachedExtraction, listThreads, loadThread, loadThreadSeries, resolveRef, search, type Db } from '../src/store/index.js';
import { extractThread } from '../src/extract/index.js';
import { extractorVersion } from '../src/extract/version.js';
import { check, DEFAULT_UNIVERSE, defaultParams, familyOfPolicy, loadPolicies, loadWorkloads, runWorkload, type RunResult } from '../src/sim/index.js';
import { UserError } from '../src/errors.js';
import { visibleDeep } from '../src/display.js';
import type { TuiSource } from '../src/ui/types.js';
import type { SimSource, Verdict } from '../src/ui/sim-types.js';

/** Deep enough to refute the thread's unsafe proposals, shallow enough to answer while the user waits (~0.2 s). */
const TUI_CHECK_DEPTH = 5;

/** Matches the search screen lists (it shows the best first; n/N walk these). */
const SEARCH_LIMIT = 100;

/**
 * Everything the TUI draws comes from here, so this is where mail text is made safe to
 * show (src/display.ts): the UI never sees a control character from a subject, a name
 * or a body. Extraction runs on the text as stored; only what it returns is made visible.
 */
export function storeSource(db: Db): TuiSource {
  return {
    // As `threadlab threads` lists them: quote fragments are not threads to browse.
    threads: visibleDeep(listThreads(db, { fragments: false })),
    loadThread: (id) => (resolveRef(db, id) === null ? null : visibleDeep(loadThread(db, id))),
    extraction: (id) => visibleDeep(cachedExtraction(db, id, extractorVersion(), () => extractThread(loadThread(db, id)))),
    // A screenful of matches is what the search screen shows; more would only slow typing.
    search: (query, scope) => visibleDeep(search(db, query, scope, SEARCH_LIMIT)),
    resolve: (ref) => resolveRef(db, ref),
    series: (id) => visibleDeep(loadThreadSeries(db, id)),
    sim: simSource(),
  };
}

/** The simulator with the shipped policies and workloads; verdicts and runs are computed once each. */
export function simSource(): SimSource {
  // Loaded at the first question, not at start: the thread list's first frame needs none of it.
  // A workload file that does not load is left out (`threadlab sim list` names it).
  let loaded: { policies: ReturnType<typeof loadPolicies>; workloads: ReturnType<typeof loadWorkloads>; params: ReturnType<typeof defaultParams> } | null = null;
  const sim = () => (loaded ??= { policies: loadPolicies(), workloads: loadWorkloads(() => undefined), params: defaultParams() });
  const verdicts = new Map<string, Verdict>();
  const runs = new Map<string, RunResult>();
  const policy = (id: string) => {
    const p = sim().policies.get(id);
    if (p === undefined) throw new UserError(`unknown policy '${id}'`);
    return p;
  };
  let workloadList: SimSource['workloads'] | null = null;
  return {
    get workloads() {
      return (workloadList ??= visibleDeep([...sim().workloads.values()].map((w) => ({ id: w.id, title: w.title, model: w.model }))));
    },
    anyModels: ['iommufd', 'vfio-type1'],
    // A seed family's policy (src/sim/family) has no workloads here; its verdict is the family's search to the fixpoint.
    model: (id) => sim().policies.get(id)?.model ?? familyOfPolicy(id)?.family.id ?? null,
    verdict(id) {
      let v = verdicts.get(id);
      const family = v === undefined && !sim().policies.has(id) ? familyOfPolicy(id) : null;
      if (v === undefined && family !== null) {
        const r = family.family.check(id, null);
        const steps = (r.trace ?? []).slice(1).map((line, i, all) => ({
          op: line.trim(), args: {}, note: i === all.length - 1 && r.breach !== null ? `${r.breach.property} VIOLATED: ${r.breach.message}` : '-',
        }));
        v = visibleDeep({ policy: id, result: r.result, bound: r.summary, property: r.property, counterexample: r.result === 'unsafe' ? steps : null });
        verdicts.set(id, v);
      }
      if (v === undefined) {
        const r = check(policy(id), sim().params, { depth: TUI_CHECK_DEPTH, universe: DEFAULT_UNIVERSE });
        v = { policy: id, result: r.result, bound: r.bound, property: r.property, counterexample: r.counterexample };
        verdicts.set(id, v);
      }
      return v;
    },
    replay(id, workload) {
      const key = `${id}\u0000${workload}`;
      let r = runs.get(key);
      if (r === undefined) {
        const w = sim().workloads.get(workload);
        if (w === undefined) throw new UserError(`unknown workload '${workload}'`);
        r = runWorkload(policy(id), w, sim().params, { trace: true });
        runs.set(key, r);
      }
      return r;
    },
  };
}
