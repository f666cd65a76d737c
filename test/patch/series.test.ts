import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParsedMessage } from '../../src/mail/types.js';
import { planSeries, type SeriesInput, type SeriesPlan } from '../../src/patch/index.js';
import { corpus, readMbox, seriesInputs } from './corpus.js';

type Series = SeriesPlan['series'][number];

async function load(dir: string, files: string[]): Promise<ParsedMessage[]> {
  const out: ParsedMessage[] = [];
  for (const f of files) out.push(...(await readMbox(corpus(dir, f))));
  return out;
}

/** Follows `previous` links back from the newest series; returns the chain newest first. */
function chainFrom(plan: SeriesPlan, newest: Series): Series[] {
  const byId = new Map(plan.series.map((s) => [s.id, s]));
  const chain = [newest];
  for (let s = byId.get(newest.previous ?? ''); s; s = byId.get(s.previous ?? '')) chain.push(s);
  return chain;
}

/** Independent expectation for one posting: its cover letter and patches, read from the file's own subjects. */
function postingOf(msgs: readonly ParsedMessage[]): { cover: string | undefined; patches: string[] } {
  const own = msgs.filter((m) => /^\[[^\]]*\d+\/\d+\]/.test(m.subject));
  return {
    cover: own.find((m) => /\b0+\/\d+\]/.test(m.subject))?.key,
    patches: own.filter((m) => !/\b0+\/\d+\]/.test(m.subject)).map((m) => m.key),
  };
}

describe('series planning on real postings', () => {
  for (const [name, dir, files] of [
    ['nosnoop v1..v3', 'lkml-iommu-archive', ['nosnoop-v1.mbox', 'nosnoop-v2.mbox', 'nosnoop-v3.mbox']],
    [
      'vfio-type1 attach/detach v1..v5',
      'lkml-iommu-archive',
      [1, 2, 3, 4, 5].map((v) => `vfio-type1-attach-detach-v${v}.mbox`),
    ],
    [
      'cache coherency management RFC v1, v2..v6',
      'lkml-linux-arch-archive',
      [
        'cache-coherency-mgmt-subsystem-rfc-v1.mbox',
        ...[2, 3, 4, 5, 6].map((v) => `cache-coherency-mgmt-subsystem-v${v}.mbox`),
      ],
    ],
  ] as const) {
    it(`links ${name} into one chain, each posting with its cover letter and all its patches`, async () => {
      const perFile = await Promise.all(files.map((f) => load(dir, [f])));
      const plan = planSeries(seriesInputs(perFile.flat()));
      const newest = plan.series.find((s) => s.cover === postingOf(perFile[perFile.length - 1] ?? []).cover);
      assert.ok(newest, 'the last version is planned with its cover letter');
      const chain = chainFrom(plan, newest).reverse();
      assert.equal(chain.length, files.length);
      chain.forEach((s, i) => {
        const expected = postingOf(perFile[i] ?? []);
        assert.equal(s.cover, expected.cover, `version ${s.version} cover`);
        assert.deepEqual([...s.patches].sort(), [...expected.patches].sort(), `version ${s.version} patches`);
        assert.deepEqual(s.missing, []);
        assert.equal(s.total, s.patches.length);
        if (i > 0) assert.ok(s.version > (chain[i - 1]?.version ?? 0), 'versions increase along the chain');
      });
      assert.ok(!/cover-letter/i.test(newest.title), 'title is the subject without tags');
    });
  }

  it('links single-patch versions (of_device v1..v3) and keeps the series count null', async () => {
    const plan = planSeries(
      seriesInputs(
        await load(
          'lkml-iommu-archive',
          [1, 2, 3].map((v) => `of-device-include-recursion-v${v}.mbox`),
        ),
      ),
    );
    assert.equal(plan.series.length, 3);
    const v3 = plan.series.find((s) => s.version === 3);
    assert.ok(v3);
    assert.deepEqual(
      chainFrom(plan, v3).map((s) => s.version),
      [3, 2, 1],
    );
    assert.ok(plan.series.every((s) => s.total === null && s.patches.length === 1 && s.cover === null));
  });

  it('gathers the 22 patches threaded under a pull request, which is no cover letter', async () => {
    const msgs = await load('lkml-iommu-archive', ['vtd-pull-request-v5.6.mbox']);
    const plan = planSeries(seriesInputs(msgs));
    const numbered = msgs.filter((m) => /^\[PATCH \d+\/\d+\]/.test(m.subject));
    assert.equal(plan.series.length, 1);
    const s = plan.series[0];
    assert.equal(s?.cover, null);
    assert.deepEqual(
      s?.patches,
      numbered.map((m) => m.key),
    );
    assert.equal(s?.total, numbered.length);
    assert.deepEqual(s?.missing, []);
  });

  it('links versions by change-id when title and patch subjects changed', async () => {
    const inputs = seriesInputs(await load('lkml-iommu-archive', ['nosnoop-v1.mbox', 'nosnoop-v2.mbox']));
    // v2 renamed everything: only b4's change-id still ties it to v1.
    const renamed = inputs.map(
      (m): SeriesInput =>
        m.series?.version === 2 ? { ...m, subject: m.subject.replace(/\] .*/, `] renamed ${m.key}`) } : m,
    );
    const v2 = (plan: SeriesPlan): Series | undefined => plan.series.find((s) => s.version === 2 && s.cover !== null);
    assert.equal(v2(planSeries(renamed))?.previous, null, 'without a change-id the renamed v2 stands alone');
    const tagged = renamed.map((m) =>
      m.series?.index === 0 ? { ...m, changeId: '20220405-nosnoop-0123456789ab' } : m,
    );
    const plan = planSeries(tagged);
    assert.equal(v2(plan)?.previous, plan.series.find((s) => s.version === 1 && s.cover !== null)?.id);
  });
});

describe("series planning on Patchwork's series test mails", () => {
  const plan = async (file: string): Promise<SeriesPlan> =>
    planSeries(seriesInputs(await load('patchwork-tests', [`series/${file}`])));

  it('finds a cover letter delivered after its patches', async () => {
    const p = await plan('base-out-of-order.mbox');
    assert.equal(p.series.length, 1);
    assert.ok(p.series[0]?.cover);
    assert.equal(p.series[0]?.patches.length, 2);
  });

  it('reports the missing patches of an incomplete series', async () => {
    const p = await plan('base-incomplete.mbox');
    assert.deepEqual(
      p.series.map((s) => s.missing),
      [[2]],
    );
  });

  it('puts patches sent without References back together by sender, version and count', async () => {
    const p = await plan('base-no-references.mbox');
    assert.equal(p.series.length, 1);
    assert.equal(p.series[0]?.patches.length, 2);
  });

  it('keeps three interleaved postings of the same patch apart', async () => {
    const p = await plan('bugs-spamming.mbox');
    assert.equal(p.series.length, 3);
  });

  it('links a v2 threaded under v1 (to the cover, to a patch, or not at all) to v1', async () => {
    for (const f of [
      'revision-basic.mbox',
      'revision-threaded-to-cover.mbox',
      'revision-threaded-to-patch.mbox',
      'revision-no-cover-letter.mbox',
      'revision-out-of-order.mbox',
    ]) {
      const p = await plan(f);
      const v1 = p.series.find((s) => s.version === 1);
      const v2 = p.series.find((s) => s.version === 2);
      assert.equal(p.series.length, 2, f);
      assert.equal(v2?.previous, v1?.id, f);
      assert.equal(v2?.patches.length, 2, f);
    }
  });

  it('reads Mercurial\'s "[PATCH 1 of 2]" series', async () => {
    const p = await plan('mercurial-cover-letter.mbox');
    assert.equal(p.series.length, 1);
    assert.ok(p.series[0]?.cover);
    assert.equal(p.series[0]?.patches.length, 2);
  });
});
