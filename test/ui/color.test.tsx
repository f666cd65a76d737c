import './force-color.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { fixtureSource } from './fixture.js';
import { renderAt, type } from './frames.js';

const row = (frame: string, text: string): string =>
  frame.split('\n').find((l) => l.includes(text)) ?? assert.fail(`no row with ${text}:\n${frame}`);

it('colours the diff: file headers, @@ hunk headers, added and removed lines', async () => {
  const ui = await renderAt(<App source={fixtureSource} />, 80, 24);
  await type(ui, '\r', /message 1\/5/);
  const f = await type(ui, ' ', /TABBED-TAIL/);
  assert.match(row(f, '+++ b/drivers'), /\x1b\[33m/, 'file header in yellow');
  assert.match(row(f, '@@ -10,6 +10,7 @@'), /\x1b\[36m/, 'hunk header in cyan');
  assert.match(row(f, 'return -EINVAL'), /\x1b\[32m/, 'added line in green');
  assert.match(row(f, 'if (!pages)'), /\x1b\[31m/, 'removed line in red');
  ui.unmount();
});

const colourCode = /\x1b\[(?:[0-9;]*;)?(?:3[0-79]|9[0-7]|4[0-79]|10[0-7]|38;|48;)[0-9;]*m/;

it('draws no colour at all with NO_COLOR, and marks the selection without it', async () => {
  const ui = await renderAt(<App source={fixtureSource} color={false} />, 80, 24);
  let f = ui.lastFrame() ?? '';
  assert.doesNotMatch(f, colourCode);
  assert.match(f, /> \[PATCH 1\/2\]/, 'the selected thread keeps its marker');
  f = await type(ui, '\r', /message 1\/5/);
  f = await type(ui, ' ', /TABBED-TAIL/);
  assert.doesNotMatch(f, colourCode, 'the diff is not coloured');
  assert.match(f, /\x1b\[7m/, 'the selected tree row is shown inverse');
  ui.unmount();
});

it("leaves unselected rows in the terminal's own foreground (never forced white)", async () => {
  const ui = await renderAt(<App source={fixtureSource} />, 80, 24);
  let f = ui.lastFrame() ?? '';
  assert.doesNotMatch(f, /\x1b\[37m/);
  f = await type(ui, '\r', /message 1\/5/);
  assert.doesNotMatch(f, /\x1b\[37m/);
  const treePart = row(f, '● Jason Gunthorpe').split('┃│')[0] ?? '';
  assert.doesNotMatch(treePart, colourCode, 'an unselected tree row has no colour of its own');
  ui.unmount();
});

it('marks the words of the last search inverse in the pager, with or without colours', async () => {
  const fixture = fixtureSource.loadThread('t1') ?? assert.fail();
  const source = {
    ...fixtureSource,
    search: () => [
      { key: 'm2', threadId: 't1', subject: '', author: { name: null, email: null }, date: null, snippet: '' },
    ],
  };
  for (const color of [true, false]) {
    const ui = await renderAt(<App source={source} color={color} />, 80, 24);
    const f = await type(ui, '/iopt_table\r', /message 2\/5/);
    assert.equal(fixture.messages[1]?.key, 'm2');
    assert.match(row(f, '_remove_domain'), /\x1b\[7miopt_table\x1b\[27m/);
    ui.unmount();
  }
});
