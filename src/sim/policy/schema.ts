/**
 * The policy file format: declarative rules over the model's events
 * (gem5-style: a narrow set of verbs over per-object state the policy owns).
 * Parsed once at the boundary with zod; the model only sees CompiledPolicy.
 */
import { z } from 'zod';

export const EVENTS = ['attach', 'detach', 'fill', 'storage-set', 'unfill', 'iotlb-sync', 'unpin'] as const;
export type EventName = (typeof EVENTS)[number];

/**
 * Where an event comes from. fill: iopt_area_fill_domains (a new area into every
 * domain) / iopt_area_fill_domain (every area into a new domain); VFIO calls them
 * pin_map (vfio_pin_map_dma) and replay (vfio_iommu_replay). storage-set also
 * fires on `switch` (iopt_unfill_domain moving storage_domain to domains[0]).
 * unfill / iotlb-sync / unpin: `unmap` (the area goes), `detach` (the domain
 * goes), `unaccess` (an in-kernel access drops its pins).
 */
export const PATHS = [
  'fill_domains',
  'fill_domain',
  'pin_map',
  'replay',
  'switch',
  'unmap',
  'detach',
  'unaccess',
] as const;
export const SOURCES = ['fresh-pin', 'xarray', 'storage-coherent', 'storage-noncoherent'] as const;
export type PfnSource = (typeof SOURCES)[number];
export const SCOPES = ['pages', 'area', 'ioas'] as const;
export type Scope = (typeof SCOPES)[number];

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name');
const flagTest = z.strictObject({ scope: z.enum(SCOPES), name, is: z.boolean() });
const counterTest = z
  .strictObject({ name, gt: z.number().optional(), eq: z.number().optional(), lt: z.number().optional() })
  .refine((c) => c.gt !== undefined || c.eq !== undefined || c.lt !== undefined, 'expected one of gt, eq, lt');

const when = z.strictObject({
  path: z.array(z.enum(PATHS)).min(1).optional(),
  /** The event's domain; for fill, "noncoherent" when ANY target domain is. */
  domain: z.enum(['coherent', 'noncoherent']).optional(),
  counters: z.array(counterTest).optional(),
  flags: z.array(flagTest).optional(),
  /** fill only: restrict to the runs whose PFNs came from these places (pfn_reader). */
  source: z.array(z.enum(SOURCES)).min(1).optional(),
  /** fill only: restrict to runs read back from a storage domain whose AREA carries this flag value. */
  sourceAreaFlag: z.strictObject({ name, is: z.boolean() }).optional(),
});

const action = z.union([
  z.strictObject({
    /** range: the event's pages (fill: the selected runs); pinned: every pinned PFN of the iopt_pages. */
    flush: z.enum(['range', 'pinned']),
  }),
  z.strictObject({
    set: z.strictObject({ scope: z.enum(SCOPES), name }),
    /** A constant, or the coherency of the event's domain. */
    to: z.union([z.boolean(), z.literal('domain-noncoherent')]),
  }),
  /** by a constant, or by the number of non-coherent domains of the event (fill: its targets; unfill, iotlb-sync: 0 or 1), added or taken away. */
  z.strictObject({
    add: name,
    by: z.union([z.number().int(), z.enum(['noncoherent-domains', '-noncoherent-domains'])]),
  }),
]);

export const ruleSchema = z.strictObject({
  on: z.enum(EVENTS),
  when: when.optional(),
  do: z.array(action).min(1),
  why: z.string().optional(),
});

export const policySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case id'),
  model: z.enum(['iommufd', 'vfio-type1']),
  title: z.string().min(1),
  summary: z.string().optional(),
  provenance: z.strictObject({
    thread: z.string().min(1),
    author: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
    messageId: z.string().optional(),
    quote: z.string().min(1),
  }),
  state: z
    .strictObject({
      flags: z.array(z.strictObject({ scope: z.enum(SCOPES), name, note: z.string().optional() })).optional(),
      /** ioas (the default): one count per IOAS, as v1's noncoherent_domain_cnt; pages: one per iopt_pages (at most one such counter). */
      counters: z
        .array(z.strictObject({ name, scope: z.enum(['ioas', 'pages']).optional(), note: z.string().optional() }))
        .optional(),
    })
    .optional(),
  /**
   * When the IOTLB invalidation of an unmap runs. before-unpin (the default, and
   * what iommufd and VFIO do: iommu_iotlb_sync, then batch_unpin / unpin); or
   * deferred: queued, as the DMA API's lazy flush queue does, so the pages are
   * unpinned while the domain's IOTLB may still translate to them; the stale
   * entries live until an `invalidate` operation.
   */
  iotlbInvalidation: z.enum(['before-unpin', 'deferred']).optional(),
  rules: z.array(ruleSchema),
});

export type PolicyFile = z.infer<typeof policySchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Action = Rule['do'][number];
export type When = NonNullable<Rule['when']>;
