import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseSeriesTag } from '../../src/patch/index.js';
import { corpus } from './corpus.js';

/** Subject lines as they stand in the corpus files (unfolded). */
function subjects(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(corpus(dir)).filter((n) => n.endsWith('.mbox'))) {
    const text = readFileSync(corpus(dir, f), 'latin1');
    for (const m of text.matchAll(/^Subject: (.*(?:\n[ \t].*)*)/gm)) out.push((m[1] ?? '').replace(/\n[ \t]+/g, ' '));
  }
  return out;
}

describe('subject tags', () => {
  it('reads version, index, total, RFC and other prefixes from real subjects', () => {
    // Each subject is copied from ../shared/corpus (series/, lkml-*).
    const cases: [string, object][] = [
      [
        '[PATCH v5 0/5] cover-letter: Simplify vfio_iommu_type1 attach/detach',
        { version: 5, index: 0, total: 5, rfc: false },
      ],
      ['[RFC PATCH 0/6] Cache coherency management subsystem', { version: 1, index: 0, total: 6, rfc: true }],
      [
        '[PATCH net-next v3 0/4] net: dsa: Multi-CPU ground work (v3)',
        { version: 3, index: 0, total: 4, prefixes: ['PATCH', 'net-next'] },
      ],
      [
        '[RFC PATCH v2 00/11] riscv: Add DMA_COHERENT support for Allwinner D1',
        { version: 2, index: 0, total: 11, rfc: true },
      ],
      [
        '[PATCH RESEND v1 2/4] lib/vdso: Add vdso_data pointer as input to __arch_get_timens_vdso_data()',
        { version: 1, index: 2, total: 4, prefixes: ['PATCH', 'RESEND'] },
      ],
      [
        '[net,v2,1/2] net: ieee802154: remove explicit set skb->sk',
        { version: 2, index: 1, total: 2, prefixes: ['net'] },
      ],
      ['[PATCH 1 of 2] contrib: fix check-commit to not reject commits', { version: 1, index: 1, total: 2 }],
      ['[PATCH V2 0/4] PM / OPP: Minor cleanups', { version: 2, index: 0, total: 4 }],
      [
        '[RFC 00/20] Introduce /dev/iommu for userspace I/O address space management',
        { version: 1, index: 0, total: 20, rfc: true },
      ],
      [
        '[Buildroot] [PATCH 01/11] package/rpi-userland: rename patches',
        { index: 1, total: 11, prefixes: ['Buildroot', 'PATCH'] },
      ],
      [
        '[PATCH] of_device: removed #include that caused a recursion in included headers',
        { version: 1, index: null, total: null },
      ],
      ['[PATCH 3/2] test: Remove Markdown formatting', { index: 3, total: 2 }],
    ];
    for (const [subject, want] of cases) {
      const tag = parseSeriesTag(subject);
      assert.ok(tag, subject);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(tag[k as keyof typeof tag], v, `${subject}: ${k}`);
    }
  });

  it('gives no tag to replies, pull requests and untagged subjects', () => {
    for (const s of [
      'Re: [PATCH v2 5/5] vfio/iommu_type1: Simplify group attachment',
      'RE: [PATCH RFC 0/3] riscv: Add DMA_COHERENT support',
      '答复: [PATCH 22/22] iommu/vt-d: Add a quirk flag for scope mismatched devices',
      '[PULL REQUEST] iommu/vt-d: patches for v5.6',
      '[GIT PULL] soc: updates for v5.5',
      'kernel BUG at drivers/iommu/intel-iommu.c:667!',
    ])
      assert.equal(parseSeriesTag(s), null, s);
  });

  it('tags every non-reply "[PATCH ...]" subject of the kernel corpus, with index never above total there', () => {
    const all = [...subjects('lkml-iommu-archive'), ...subjects('lkml-linux-arch-archive')];
    const patches = all.filter((s) => /^\[[^\]]*PATCH/i.test(s));
    assert.ok(patches.length >= 150);
    for (const s of patches) {
      const tag = parseSeriesTag(s);
      assert.ok(tag, s);
      if (tag.index !== null && tag.total !== null) assert.ok(tag.index <= tag.total, s);
    }
  });
});
