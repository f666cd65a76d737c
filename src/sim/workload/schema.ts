/**
 * The workload file format (data/workloads/*.json): named steps of operations.
 * Numbers may be written "$name" (or "$name*2", "$name/2", "$name-1", "$name+1")
 * over the file's params; a step may repeat a block, where "$i" in a string
 * is the round number. `instances` turn one file into several workloads
 * (sizes, orders) that share its steps.
 */
import { z } from 'zod';

const num = z.union([z.number(), z.string().regex(/^\$[a-z_][a-z0-9_]*([*/+-](\d+|\$[a-z_][a-z0-9_]*))?$/i, 'expected a number or "$param"')]);
const handle = z.string().min(1);

export const opSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('alloc'), buf: handle, pages: num }),
  z.strictObject({ op: z.literal('map'), ioas: handle, buf: handle, offset: num.optional(), pages: num.optional(), as: handle }),
  z.strictObject({ op: z.literal('copy'), from: handle, offset: num.optional(), pages: num.optional(), to: handle, as: handle }),
  z.strictObject({ op: z.literal('unmap'), area: handle }),
  z.strictObject({ op: z.literal('split'), area: handle, at: num, left: handle, right: handle }),
  z.strictObject({ op: z.literal('attach'), ioas: handle, domain: handle, coherent: z.boolean(), noSnoop: z.boolean().optional() }),
  z.strictObject({ op: z.literal('detach'), domain: handle }),
  z.strictObject({ op: z.literal('dma'), domain: handle, area: handle, offset: num.optional(), pages: num.optional(), write: z.boolean() }),
  z.strictObject({ op: z.literal('cpu'), buf: handle, offset: num.optional(), pages: num.optional(), kind: z.enum(['read', 'write', 'prefetch']) }),
  z.strictObject({ op: z.literal('nosnoop'), domain: handle, enabled: z.boolean() }),
  z.strictObject({ op: z.literal('migrate'), buf: handle, offset: num.optional(), pages: num.optional() }),
  z.strictObject({ op: z.literal('access'), area: handle, offset: num.optional(), pages: num.optional(), as: handle }),
  z.strictObject({ op: z.literal('unaccess'), access: handle }),
  z.strictObject({ op: z.literal('stale-dma'), domain: handle, buf: handle, offset: num.optional(), pages: num.optional(), write: z.boolean() }),
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
  instances: z.array(z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), title: z.string(), params: z.record(z.string(), z.number()) })).optional(),
  generator: z.strictObject({ kind: z.literal('random'), seed: z.number().int(), ops: z.number().int().min(1), pages: z.number().int().min(1) }).optional(),
  steps: z.array(stepSchema).optional(),
});
export type WorkloadFile = z.infer<typeof workloadSchema>;
