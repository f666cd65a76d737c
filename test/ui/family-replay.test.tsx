/**
 * The replay grid on the seed families' policies (seeds 001, 004, 003, 000), on
 * the real family models: r on an option linked to one replays its counterexample
 * as written, then (w) one per fault mode that breaks it; each step draws the
 * family's state as rows per index of its arrays and its other fields, what the
 * step changed marked, the breach under the last step. 80x24.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { simSource } from '../../cli/tui-source.js';
import type { Extraction } from '../../src/extract/types.js';
import type { TuiSource } from '../../src/ui/types.js';
import { fixtureSource } from './fixture.js';
import { renderAt, type, visibleLines } from './frames.js';

const sim = simSource();
after(() => sim.close());

/** One option per seed family, each linked to a policy of that family. */
const POLICIES = ['library-helpers', 'raw-cmdq-memcpy', 'three-checks', 'exported-arch-clean'] as const;
const extraction: Extraction = {
  items: POLICIES.map((p, i) => ({
    id: `i${i}`,
    kind: 'proposal' as const,
    thread: 't1',
    message: 'm1',
    author: 'Yan Zhao',
    date: '2024-05-07T14:22:12+08:00',
    text: `The design ${p} replays.`,
    target: null,
    file: null,
    hunk: null,
    option: `o${i}`,
    identifiers: [],
  })),
  options: POLICIES.map((p, i) => ({
    id: `o${i}`,
    thread: 't1',
    title: `Option ${i}: ${p}`,
    items: [`i${i}`],
    policy: p,
    status: 'open' as const,
    supersededBy: null,
  })),
};
const source: TuiSource = { ...fixtureSource, extraction: () => extraction, sim };

const lines = (frame: string): string[] => visibleLines(frame).map((l) => l.trimEnd());
const fits = (frame: string): void => {
  const l = lines(frame);
  assert.ok(l.length <= 24 && l.every((x) => [...x].length <= 80), frame);
};
/** The frame's words on one line, as the wrapped violation says them. */
const said = (frame: string): string => lines(frame).join(' ').replace(/\s+/g, ' ');
const rowOf = (frame: string, label: string): string =>
  lines(frame).find((l) => l.slice(3).startsWith(`${label} `)) ?? assert.fail(`no row ${label} in\n${frame}`);

it('seed 001: library-helpers under forget-one-path, the IOTLB entry per IOVA page outliving the unmap (T1 in 7 steps); w the next fault', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, 'd', /Decisions ·/);
  // Safe as written: what it can replay is the fault that breaks it.
  let f = await type(ui, 'r', /Replay library-helpers on fault forget-one-path {2}step 1 of 7/);
  fits(f);
  assert.match(f, /^ {6}pte +gen +tlb +queued$/m);
  assert.match(f, /▶ {2}1 iommu_map iova=0 pages=1/);
  assert.match(f, /\*op -→kind=map s=0 n=1/);
  f = await type(ui, 'G', /step 7 of 7/);
  fits(f);
  assert.match(f, /▶ {2}7 unmap returns/);
  // The PTE is cleared and the unmap returned, yet the IOTLB still holds page 0's entry of generation 1.
  assert.match(rowOf(f, '#0'), /^ {3}#0 0 +1 +1 +no$/);
  assert.match(f, /\*op kind=unmap .*→-/);
  assert.match(said(f), /! T1 VIOLATED: IOVA page 0: the IOTLB still translates it/);
  f = await type(ui, 'w', /Replay library-helpers on fault return-before-sync {2}step 1 of \d+/);
  fits(f);
  ui.unmount();
});

it('seed 004: raw-cmdq-memcpy as first proposed sends CFGI_CD vSID 0 to host StreamID 0 in one step (N2)', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, 'd', /Decisions ·/);
  await type(ui, 'j', /^> Option 1: raw-cmdq-memcpy/m);
  const f = await type(ui, 'r', /Replay raw-cmdq-memcpy on counterexample {2}step 1 of 1/);
  fits(f);
  assert.match(f, /▶ {2}1 entry 0 \(CFGI_CD vSID=0\) issued to the SMMU/);
  assert.match(f, /\*effected 0→1/);
  assert.match(f, /\*outside →StreamID 0/);
  assert.match(said(f), /! N2 VIOLATED: a guest command reached StreamID 0/);
  ui.unmount();
});

it('seed 003: three-checks without the lock, the host’s zeroes still dirty when the No-Snoop read comes (S1 in 6 steps)', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, 'd', /Decisions ·/);
  await type(ui, 'jj', /^> Option 2: three-checks/m);
  let f = await type(ui, 'r', /Replay three-checks on counterexample {2}step 1 of 6/);
  assert.match(f, /▶ {2}1 the VMM writes No-Snoop enable = 0/);
  assert.match(f, /\*nse yes→no/);
  f = await type(ui, 'jjjjj', /step 6 of 6/);
  fits(f);
  assert.match(f, /cache D\b/);
  assert.match(said(f), /! S1 VIOLATED: the No-Snoop read returned the previous owner's data/);
  // Then each fault the family knows that breaks it.
  f = await type(ui, 'w', /Replay three-checks on fault \S+ {2}step 1 of/);
  ui.unmount();
});

it('seed 000: exported-arch-clean under flush-before-sync, a page going back to the host under a stale clean copy (S2 in 10 steps), the IOTLB sync highlighted', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, 'd', /Decisions ·/);
  await type(ui, 'jjj', /^> Option 3: exported-arch-clean/m);
  let f = await type(ui, 'r', /Replay exported-arch-clean on fault forget-one-path/);
  f = await type(ui, 'w', /Replay exported-arch-clean on fault flush-before-sync {2}step 1 of 10/);
  assert.match(f, /^ {6}mapped +iotlb +cache +guest$/m);
  f = await type(ui, 'G', /step 10 of 10/);
  fits(f);
  assert.match(f, /▶ 10 vfio unpins: the page goes back to the host/);
  assert.match(rowOf(f, '#0'), /^ \* #0 no +no +S +no$/);
  assert.match(said(f), /! S2 VIOLATED: page 0 went back to the host with a clean cached copy older than memory/);
  ui.unmount();
});
