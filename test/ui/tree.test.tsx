import assert from 'node:assert/strict';
import { it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { sameSubject } from '../../src/ui/tree.js';
import { fixtureSource } from './fixture.js';
import { renderAt, type, visibleLines } from './frames.js';

/** The tree pane's rows: the text inside the left box. */
const treeText = (frame: string): string[] =>
  visibleLines(frame)
    .map((l) => /^[│┃] ?(.*?)\s*[│┃][│┃┌┏└┗]/.exec(l)?.[1] ?? '')
    .filter((l) => l !== '');

it("shows a message's subject in the tree only where it changes, and marks patches, recovered voices and ghosts", async () => {
  const ui = await renderAt(<App source={fixtureSource} />, 160, 24);
  const frame = await type(ui, '\r', /message 1\/5/);
  const rows = treeText(frame);
  const expected = [
    /^● Yan Zhao 05-07 patch$/,
    /^ {2}● Jason Gunthorpe 05-09$/,
    /^ {4}◌ Kevin Tian recovered$/,
    /^ {6}Re: iommufd: a different/,
    /^ {2}○ missing message$/,
    /^ {2}● Yan Zhao 05-07 patch$/,
    /^ {4}\[PATCH 2\/2\] vfio\/type1: Flush/,
  ];
  assert.equal(rows.length, expected.length, rows.join('\n'));
  rows.forEach((r, i) => assert.match(r, expected[i] ?? /^$/));
  ui.unmount();
});

it('counts "Re:" and spacing as the same subject, a new patch of a series as a new one', () => {
  assert.ok(sameSubject('Re: RE: [PATCH 1/2]  iommufd: x', '[PATCH 1/2] iommufd: x'));
  assert.ok(!sameSubject('[PATCH 2/2] vfio: y', '[PATCH 1/2] iommufd: x'));
});

it('indents deep replies by at most a third of the tree pane at 80 columns, so their names stay readable', async () => {
  const { fixtureThread } = await import('./fixture.js');
  const deep = {
    ...fixtureThread,
    messages: Array.from({ length: 12 }, (_, i) => ({
      ...(fixtureThread.messages[1] ?? assert.fail()),
      key: `d${i}`,
      parent: i === 0 ? null : `d${i - 1}`,
      author: { name: `Person${i}`, email: null },
    })),
  };
  const ui = await renderAt(<App source={{ ...fixtureSource, loadThread: () => deep }} />, 80, 24);
  const frame = await type(ui, '\r', /message 1\/12/);
  assert.match(frame, /● Person11 05-09/);
  ui.unmount();
});
