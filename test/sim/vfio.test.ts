/**
 * VFIO type1 is not the iommufd engine renamed: when the last domain leaves the
 * container (vfio_iommu_type1_detach_group with the domain list singular),
 * vfio_iommu_unmap_unpin_all removes every vfio_dma, where iommufd keeps its
 * areas lazily and fills them again into the next domain.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOp } from '../../src/sim/model/ops.js';
import { DEFAULT_UNIVERSE, initialWorld } from '../../src/sim/universe.js';
import type { Op } from '../../src/sim/types.js';
import { params, policy } from './helpers.js';

const OPS: Op[] = [
  { op: 'alloc', buf: 'ram', pages: 8 },
  { op: 'map', ioas: 'I0', buf: 'ram', as: 'ram' },
  { op: 'attach', ioas: 'I0', domain: 'igpu', coherent: false },
  { op: 'detach', domain: 'igpu' },
  { op: 'attach', ioas: 'I0', domain: 'nic', coherent: true },
];

test('the last domain leaving a type1 container takes every vfio_dma with it; iommufd keeps its areas and fills them again', () => {
  const run = (id: string) => {
    const w = initialWorld(policy(id), params, DEFAULT_UNIVERSE);
    for (const op of OPS) applyOp(w, op);
    return w;
  };
  const vfio = run('vfio-type1-replay');
  assert.deepEqual([vfio.ioas[0]?.areas.length, vfio.metrics.pins, vfio.metrics.unpins], [0, 8, 8]);
  const iommufd = run('summary-3-step');
  assert.deepEqual([iommufd.ioas[0]?.areas.length, iommufd.metrics.pins, iommufd.metrics.unpins], [1, 16, 8]);
  // VFIO_IOMMU_UNMAP_DMA over the range afterwards unmaps nothing and succeeds.
  applyOp(vfio, { op: 'unmap', area: 'ram' });
  assert.equal(vfio.metrics.unpins, 8);
});
