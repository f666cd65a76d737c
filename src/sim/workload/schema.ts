/**
 * The workload file format (data/workloads/*.json): named steps of operations.
 * Numbers may be written "$name" (or "$name*2", "$name/2", "$name-1", "$name+1")
 * over the file's params; a step may repeat a block, where "$i" in a string
 * is the round number. `instances` turn one file into several workloads
 * (sizes, orders) that share its steps.
 */
import { z } from 'zod';

/**
 * Bounds (memory, time) on what one workload file may ask for; the loader checks them
 * before expanding anything, so a bad file is one line and never takes every `sim`
 * command down (`repeat: 1e9` and `generator.pages: 1e9` ran Node out of memory at
 * 4.7-5.1 GB, and `sim list` loads every workload; reliability review M5-M8).
 * - steps: expanded steps of one workload; the shipped ones have at most 301.
 * - generator pages: the random generator enumerates candidate operations page by page;
 *   the shipped ones use 64.
 * - pages of an operation: the model keeps page ranges, so a terabyte (2^28 pages, as
 *   boot-teardown allocates) is cheap; 2^32 keeps every page and line count below 2^53.
 * - nesting: repeat blocks inside repeat blocks; the shipped ones nest 2 deep (zod's
 *   recursion overflowed the stack at 5,000).
 */
export const MAX_WORKLOAD_STEPS = 100_000;
export const MAX_GENERATOR_PAGES = 4096;
export const MAX_OP_PAGES = 2 ** 32;
export const MAX_STEP_NESTING = 32;

const num = z.union([
  z.number(),
  z.string().regex(/^\$[a-z_][a-z0-9_]*([*/+-](\d+|\$[a-z_][a-z0-9_]*))?$/i, 'expected a number or "$param"'),
]);
const handle = z.string().min(1);

export const opSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('alloc'), buf: handle, pages: num }),
  z.strictObject({
    op: z.literal('map'),
    ioas: handle,
    buf: handle,
    offset: num.optional(),
    pages: num.optional(),
    as: handle,
    order: num.optional(),
  }),
  z.strictObject({
    op: z.literal('copy'),
    from: handle,
    offset: num.optional(),
    pages: num.optional(),
    to: handle,
    as: handle,
    order: num.optional(),
  }),
  z.strictObject({ op: z.literal('unmap'), area: handle }),
  z.strictObject({ op: z.literal('split'), area: handle, at: num, left: handle, right: handle }),
  z.strictObject({
    op: z.literal('attach'),
    ioas: handle,
    domain: handle,
    coherent: z.boolean(),
    noSnoop: z.boolean().optional(),
  }),
  z.strictObject({ op: z.literal('detach'), domain: handle }),
  z.strictObject({
    op: z.literal('dma'),
    domain: handle,
    area: handle,
    offset: num.optional(),
    pages: num.optional(),
    write: z.boolean(),
  }),
  z.strictObject({
    op: z.literal('cpu'),
    buf: handle,
    offset: num.optional(),
    pages: num.optional(),
    kind: z.enum(['read', 'write', 'prefetch']),
  }),
  z.strictObject({ op: z.literal('nosnoop'), domain: handle, enabled: z.boolean() }),
  z.strictObject({ op: z.literal('enforce-cc'), domain: handle }),
  z.strictObject({ op: z.literal('migrate'), buf: handle, offset: num.optional(), pages: num.optional() }),
  z.strictObject({ op: z.literal('access'), area: handle, offset: num.optional(), pages: num.optional(), as: handle }),
  z.strictObject({ op: z.literal('unaccess'), access: handle }),
  z.strictObject({
    op: z.literal('stale-dma'),
    domain: handle,
    buf: handle,
    offset: num.optional(),
    pages: num.optional(),
    write: z.boolean(),
  }),
  z.strictObject({ op: z.literal('invalidate'), domain: handle }),
]);
export type RawOp = z.infer<typeof opSchema>;

export interface RawStep {
  label?: string | undefined;
  ops?: RawOp[] | undefined;
  repeat?: number | string | undefined;
  steps?: RawStep[] | undefined;
}
export const stepSchema: z.ZodType<RawStep> = z.lazy(() =>
  z.strictObject({
    label: z.string().optional(),
    ops: z.array(opSchema).optional(),
    repeat: num.optional(),
    steps: z.array(stepSchema).optional(),
  }),
);

export const workloadSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id'),
  title: z.string().min(1),
  /** Which model it runs on; "any" when it only uses operations both have. */
  model: z.enum(['any', 'iommufd', 'vfio-type1']),
  source: z.string().optional(),
  params: z.record(z.string(), z.number()).optional(),
  instances: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
        title: z.string(),
        params: z.record(z.string(), z.number()),
      }),
    )
    .optional(),
  generator: z
    .strictObject({
      kind: z.literal('random'),
      seed: z.number().int(),
      ops: z.number().int().min(1).max(MAX_WORKLOAD_STEPS),
      pages: z.number().int().min(1).max(MAX_GENERATOR_PAGES),
    })
    .optional(),
  steps: z.array(stepSchema).optional(),
});
export type WorkloadFile = z.infer<typeof workloadSchema>;
