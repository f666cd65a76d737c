/**
 * The replay grid at 80x24, on the real simulator: the checker's counterexample
 * for v1-sticky (S1 in 4 operations) stepped with j/k and n/p, the world after
 * each step drawn as rows of pages (cache, memory, pins, domains, IOTLB, areas),
 * what the step changed marked, and the page the violation happens on in red
 * with the words below; then a workload of the policy's model.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { simSource } from '../../cli/tui-source.js';
import type { TuiSource } from '../../src/ui/types.js';
import { fixtureSource } from './fixture.js';
import { frameWhere, renderAt, type, visibleLines } from './frames.js';

const sim = simSource();
after(() => sim.close());

/** The fixture thread with one option, linked to v1-sticky as the seed thread's first option is. */
const source: TuiSource = {
  ...fixtureSource,
  extraction: () => ({
    items: [
      {
        id: 'i1',
        kind: 'proposal',
        thread: 't1',
        message: 'm1',
        author: 'Yan Zhao',
        date: '2024-05-07T14:22:12+08:00',
        text: 'Flush CPU caches on DMA pages before mapping them into the first non-coherent domain.',
        target: null,
        file: null,
        hunk: null,
        option: 'o1',
        identifiers: [],
      },
    ],
    options: [
      {
        id: 'o1',
        thread: 't1',
        title: 'Sticky per-pages bit, lazy flush before unpin',
        items: ['i1'],
        policy: 'v1-sticky',
        status: 'open',
        supersededBy: null,
      },
    ],
  }),
  sim,
};

const screen = (frame: string): string[] => visibleLines(frame).map((l) => l.trimEnd());
const row = (frame: string, pages: string): string =>
  screen(frame).find((l) => l.slice(3).startsWith(pages)) ?? assert.fail(`no row ${pages} in\n${frame}`);

it('steps through the counterexample with j/k and n/p, the world drawn per step, the violation on its page', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, 'd', /Decisions ·/);
  // The worker checks at the CLI's default bound; the ceiling only bounds a hang.
  await frameWhere(ui, (f) => /checker: UNSAFE, S1 in 4 steps/.test(f), 'the v1-sticky verdict', 300_000);
  let f = await type(ui, 'r', /Replay v1-sticky on counterexample {2}step 1 of 4/);
  const fits = (fr: string) => {
    const lines = screen(fr);
    assert.ok(lines.length <= 24 && lines.every((l) => [...l].length <= 80), fr);
  };
  fits(f);
  assert.match(f, /▶ {2}1 map ioas=I1 buf=b0 offset=0 pages=2 as=area1/);
  assert.match(f, / domains none attached/);
  assert.match(f, /pages +cache +memory +pins +mapped in +IOTLB +areas/);
  assert.match(f, /^ IOTLB +no domain, no entries$/m);
  // The host's zeroing is still dirty in the cache over memory of an earlier owner: no domain maps it yet.
  assert.match(row(f, 'b0[0..1]'), /^ {3}b0\[0\.\.1\] +DIRTY +OLD +0 +- +- +area1$/);

  // A burst of keys in one read: three steps forward, to the violation.
  f = await type(ui, 'jjj', /step 4 of 4/);
  fits(f);
  assert.match(f, /▶ {2}4 dma domain=nc4 area=area3/);
  assert.match(f, / domains nc4 \(I1, non-coherent, No-Snoop\)/);
  assert.match(row(f, 'b0[0]'), /^ {3}b0\[0\] +none +cur +1 +nc4 +nc4 +area2$/);
  assert.match(f, /^ IOTLB +nc4 2 live$/m);
  assert.match(row(f, 'b0[1]'), /^ ! b0\[1\] +DIRTY +OLD +1 +nc4 +nc4 +area3$/);
  assert.match(
    screen(f).join(' '),
    /! S1 VIOLATED at b0\[1\]: No-Snoop read by nc4 returned the previous owner's data/,
  );

  // k and p step back; what the attach changed is marked, and it flushed one page of the two.
  f = await type(ui, 'k', /step 3 of 4/);
  assert.match(f, /▶ {2}3 attach ioas=I1 domain=nc4 coherent=false {2}→ flushed 1 page; pinned 2/);
  assert.match(row(f, 'b0[0]'), /^ \* b0\[0\] +none +cur +1 +nc4/);
  assert.match(row(f, 'b0[1]'), /^ \* b0\[1\] +DIRTY +OLD +1 +nc4/);
  assert.doesNotMatch(f, /VIOLATED/);
  f = await type(ui, 'p', /step 2 of 4/);
  assert.match(row(f, 'b0[1]'), /^ \* b0\[1\] +DIRTY +OLD +0 +- +- +area3$/);
  f = await type(ui, 'n', /step 3 of 4/);

  // w: the next thing to replay, a workload of the policy's model, with its own domains and pages.
  f = await type(ui, 'w', /Replay v1-sticky on (?!counterexample)\S+ {2}step 1 of \d+/);
  fits(f);
  f = await type(ui, 'G', /step (\d+) of \1\b/);
  fits(f);
  assert.match(f, / domains /);
  ui.unmount();
});

it('the ? help on the replay lists its step keys from the keymap', async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  await type(ui, 'd', /Decisions ·/);
  await type(ui, 'r', /Replay v1-sticky on/);
  const f = await type(ui, '?', /step forward/);
  assert.match(f, /j n l → ↓ +step forward: the world after the next operation/);
  assert.match(f, /k p h ← ↑ +step back/);
  ui.unmount();
});
