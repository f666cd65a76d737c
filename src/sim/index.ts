/**
 * The simulator's public API (what cli/commands/sim.ts and compare.ts call, and
 * what the extraction may use to link design options to policy ids).
 */
export { loadPolicies, loadPolicyFile, compilePolicy, type CompiledPolicy } from './policy/load.js';
export { loadWorkloads, loadWorkloadFile, type Workload, type Step } from './workload/load.js';
export { runWorkload, describeOp, type RunResult, type RunOptions, type TraceEntry } from './run.js';
export {
  snapshotWorld,
  counterexampleWorlds,
  SNAPSHOT_MAX_RUNS,
  type WorldSnapshot,
  type PageRun,
  type DomainState,
} from './snapshot.js';
export { check, type CheckOptions, type CheckResult, type CounterexampleStep } from './checker.js';
export { PARAMS, defaultParams, withOverrides, type Params, type ParamName } from './costs.js';
export { DEFAULT_UNIVERSE, type Universe } from './universe.js';
export {
  OP_NAMES,
  PROPERTY_TEXT,
  type Metrics,
  type Violation,
  type Op,
  type OpName,
  type Property,
  type ModelKind,
} from './types.js';
export type { EngineKind } from './store.js';

export const MODELS = [
  {
    id: 'iommufd',
    title: 'iommufd: IOAS/io_pagetable, areas over shared iopt_pages, storage_domain, lazy pinning, accesses',
  },
  {
    id: 'vfio-type1',
    title: 'VFIO type1: vfio_dma ranges (never shared or split), pinned while any domain exists, replay on attach',
  },
] as const;

// The other seed families (seeds 000, 001, 003, 004), beside the core model.
export { loadFamilies, familyOfPolicy, familyOfWorkload } from './family/registry.js';
export type { LoadedFamily, FamilyRun, FamilyCheck, FamilyPolicyInfo, FamilyWorkloadInfo } from './family/family.js';
