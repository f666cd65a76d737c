/** Wires the store, extraction and simulator into the read-only source the TUI draws from. */
import {
  cachedExtraction,
  listThreads,
  loadThread,
  loadThreadSeries,
  resolveRef,
  search,
  threadsWithPatches,
  type Db,
} from '../src/store/index.js';
import { extractThread } from '../src/extract/index.js';
import { extractorVersion } from '../src/extract/version.js';
import { Worker } from 'node:worker_threads';
import {
  counterexampleWorlds,
  DEFAULT_UNIVERSE,
  defaultParams,
  familyOfPolicy,
  loadPolicies,
  loadWorkloads,
  runWorkload,
  snapshotWorld,
  type LoadedFamily,
  type RunResult,
  type WorldSnapshot,
} from '../src/sim/index.js';
import { verdictKey, type VerdictStore } from './verdict-cache.js';
import { familyVerdict } from './verdict.js';
import type { CheckReply, CheckRequest } from './check-worker.js';
import { UserError } from '../src/errors.js';
import { oneLine, visibleDeep } from '../src/display.js';
import type { TuiSource } from '../src/ui/types.js';
import type { FamilyStep, SimSource, Verdict } from '../src/ui/sim-types.js';
import { tableOf } from '../src/ui/state-table.js';

/** Matches the search screen lists (it shows the best first; n/N walk these). */
const SEARCH_LIMIT = 100;

/**
 * Everything the TUI draws comes from here, so this is where mail text is made safe to
 * show (src/display.ts): the UI never sees a control character from a subject, a name
 * or a body. Extraction runs on the text as stored; only what it returns is made visible.
 */
export function storeSource(db: Db, opts: SimOptions = {}): TuiSource {
  let patchThreads: ReadonlySet<string> | null = null;
  return {
    // As `threadlab threads` lists them: quote fragments are not threads to browse. Made safe field
    // by field: the generic walk copied every one of the list's objects (60-180 ms at 12k threads).
    threads: listThreads(db, { fragments: false }).map((t) => ({
      ...t,
      id: oneLine(t.id),
      subject: oneLine(t.subject),
      people: t.people.map(oneLine),
      first: t.first === null ? null : oneLine(t.first),
      last: t.last === null ? null : oneLine(t.last),
    })),
    loadThread: (id) => (resolveRef(db, id) === null ? null : visibleDeep(loadThread(db, id))),
    extraction: (id) =>
      visibleDeep(cachedExtraction(db, id, extractorVersion(), () => extractThread(loadThread(db, id)))),
    // A screenful of matches is what the search screen shows; more would only slow typing.
    search: (query, scope) => visibleDeep(search(db, query, scope, SEARCH_LIMIT)),
    resolve: (ref) => resolveRef(db, ref),
    series: (id) => visibleDeep(loadThreadSeries(db, id)),
    patchThreads: () => (patchThreads ??= threadsWithPatches(db)),
    sim: simSource(opts),
  };
}

/**
 * Verdicts by policy fingerprint (the compiled policy, the bound, the universe and the
 * checker's code: verdict-cache.ts): a policy edited on disk is checked again, the same
 * one is not, however many sources ask.
 */
const verdictCache = new Map<string, Verdict>();

export interface SimOptions {
  /** Verdicts kept across sessions (the CLI's cache folder); none: this process only. */
  readonly verdicts?: VerdictStore;
}

/** The checker's worker thread: from the built .js, or from the .ts sources under tsx (tests), as the parse pool does. */
function checkWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./check-worker.js', import.meta.url));
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./check-worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`,
    { eval: true },
  );
}

/** The simulator with the shipped policies and workloads; verdicts and runs are computed once each. */
export function simSource(opts: SimOptions = {}): SimSource {
  // Loaded at the first question, not at start: the thread list's first frame needs none of it.
  // A workload file that does not load is left out (`threadlab sim list` names it).
  let loaded: {
    policies: ReturnType<typeof loadPolicies>;
    workloads: ReturnType<typeof loadWorkloads>;
    params: ReturnType<typeof defaultParams>;
  } | null = null;
  const sim = () =>
    (loaded ??= { policies: loadPolicies(), workloads: loadWorkloads(() => undefined), params: defaultParams() });
  const runs = new Map<string, RunResult>();
  const worlds = new Map<string, readonly WorldSnapshot[]>();
  const policy = (id: string) => {
    const p = sim().policies.get(id);
    if (p === undefined) throw new UserError(`unknown policy '${id}'`);
    return p;
  };
  const listeners = new Set<() => void>();
  const asked = new Map<string, string>(); // policy id -> fingerprint asked for
  let worker: Worker | null = null;
  const ask = (id: string, key: string): void => {
    if (worker === null) {
      worker = checkWorker();
      worker.on('message', (r: CheckReply) => {
        const k = asked.get(r.policy);
        if (k === undefined) return;
        const v: Verdict = {
          policy: r.policy,
          result: r.result,
          bound: r.bound,
          property: r.property,
          counterexample: r.counterexample,
        };
        verdictCache.set(k, v);
        if (r.error === undefined) opts.verdicts?.put(k, v);
        for (const l of listeners) l();
      });
      // The worker must not keep the process alive once the TUI quits (close() ends it too).
      worker.unref();
    }
    asked.set(id, key);
    worker.postMessage({ policy: id } satisfies CheckRequest);
  };
  let workloadList: SimSource['workloads'] | null = null;
  // A seed family's checks are small (60-1,000 states): each (policy, fault) is searched once, here, when asked.
  const familyChecks = new Map<string, ReturnType<LoadedFamily['check']>>();
  const familyCheck = (family: LoadedFamily, id: string, fault: string | null) => {
    const key = `${id}\u0000${fault ?? ''}`;
    let r = familyChecks.get(key);
    if (r === undefined) familyChecks.set(key, (r = family.check(id, fault)));
    return r;
  };
  const traces = new Map<string, readonly FamilyStep[]>();
  return {
    get workloads() {
      return (workloadList ??= visibleDeep(
        [...sim().workloads.values()].map((w) => ({ id: w.id, title: w.title, model: w.model })),
      ));
    },
    anyModels: ['iommufd', 'vfio-type1'],
    // A seed family's policy (src/sim/family) has no workloads here; its verdict is the family's search to the fixpoint.
    model: (id) => sim().policies.get(id)?.model ?? familyOfPolicy(id)?.family.id ?? null,
    verdict(id) {
      // A seed family's policy: the family's own search to the fixpoint, small enough to answer at once.
      const familyKey = `family\u0000${id}`;
      const known = verdictCache.get(familyKey);
      if (known !== undefined) return known;
      const family = !sim().policies.has(id) ? familyVerdict(id) : null;
      if (family !== null) {
        verdictCache.set(familyKey, family);
        return family;
      }
      const key = verdictKey(policy(id));
      const v = verdictCache.get(key) ?? opts.verdicts?.get(key) ?? undefined;
      if (v !== undefined) {
        verdictCache.set(key, v);
        return v;
      }
      if (asked.get(id) !== key) ask(id, key);
      return null;
    },
    close() {
      void worker?.terminate();
      worker = null;
      asked.clear();
    },
    onVerdict(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replay(id, workload) {
      const key = `${id}\u0000${workload}`;
      let r = runs.get(key);
      if (r === undefined) {
        const w = sim().workloads.get(workload);
        if (w === undefined) throw new UserError(`unknown workload '${workload}'`);
        // One run gives the trace and the world after each step (the replay grid): a few hundred steps at most.
        const seen: WorldSnapshot[] = [];
        r = runWorkload(policy(id), w, sim().params, {
          trace: true,
          observe: (world) => seen.push(snapshotWorld(world)),
        });
        runs.set(key, r);
        worlds.set(key, visibleDeep(seen));
      }
      return r;
    },
    familySubjects(id) {
      const f = familyOfPolicy(id);
      if (f === null) return null;
      const faults = Object.keys(f.family.faults).filter(
        (fault) => familyCheck(f.family, id, fault).result === 'unsafe',
      );
      return [
        ...(familyCheck(f.family, id, null).result === 'unsafe' ? ['counterexample'] : []),
        ...faults.map((fault) => `fault ${fault}`),
      ];
    },
    familyTrace(id, subject) {
      const key = `${id}\u0000${subject}`;
      const known = traces.get(key);
      if (known !== undefined) return known;
      const f = familyOfPolicy(id);
      const fault = subject.startsWith('fault ') ? subject.slice('fault '.length) : null;
      if (f === null || (fault === null && subject !== 'counterexample')) return [];
      const r = familyCheck(f.family, id, fault);
      const states = r.trace === null ? null : f.family.states(id, fault, r.trace);
      if (r.trace === null || states === null) return [];
      const labels = r.trace.slice(1);
      const steps = labels.map((label, i): FamilyStep => {
        const last = i === labels.length - 1;
        return {
          label: label.trim(),
          before: tableOf(i === 0 ? states.initial : states.after[i - 1]),
          after: tableOf(states.after[i]),
          violation: last && r.breach !== null ? `${r.breach.property} VIOLATED: ${r.breach.message}` : null,
        };
      });
      const shown = visibleDeep(steps);
      traces.set(key, shown);
      return shown;
    },
    worlds(id, subject) {
      const key = `${id}\u0000${subject}`;
      const known = worlds.get(key);
      if (known !== undefined) return known;
      const p = sim().policies.get(id);
      // A seed family's model has no pages, caches or IOTLBs of the core model's kind to draw.
      if (p === undefined) return [];
      if (subject !== 'counterexample') {
        this.replay(id, subject);
        return worlds.get(key) ?? [];
      }
      const steps = this.verdict(id)?.counterexample;
      if (steps == null) return [];
      const seen = visibleDeep(counterexampleWorlds(p, sim().params, DEFAULT_UNIVERSE, steps));
      worlds.set(key, seen);
      return seen;
    },
  };
}
