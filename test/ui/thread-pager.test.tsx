import assert from 'node:assert/strict';
import { it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { fixtureSource } from './fixture.js';
import { renderAt, type, visibleLines } from './frames.js';

const PGDN = '\x1b[6~';
const PGUP = '\x1b[5~';
const CTRL_D = '\x04';
const CTRL_U = '\x15';

/** The pager pane's rows: the text between the right box's borders. */
function pagerText(frame: string): string {
  return visibleLines(frame)
    .map((l) => /[│┃]\s?([^│┃]*?)\s*[│┃]$/.exec(l)?.[1] ?? '')
    .join('\n');
}

async function openThread() {
  const ui = await renderAt(<App source={fixtureSource} />, 80, 24);
  await type(ui, '\r', /message 1\/5/);
  return ui;
}

it('wraps long body lines to the pane at 80x24 instead of cutting them with an ellipsis', async () => {
  const ui = await openThread();
  const frame = ui.lastFrame() ?? '';
  assert.doesNotMatch(pagerText(frame), /…/);
  assert.doesNotMatch(visibleLines(frame).at(-1) ?? '', /…/, 'the key help fits 80 columns');
  assert.match(pagerText(frame), /WRAPPED-TAIL\./);
  for (const line of visibleLines(frame))
    assert.ok([...line].length <= 80, `line fits 80 columns: ${JSON.stringify(line)}`);
  assert.equal(visibleLines(frame).length, 23, 'the frame keeps its height (the title stays on screen)');
  ui.unmount();
});

it('expands tabs to 8-column stops so diff lines stay inside the box', async () => {
  const ui = await openThread();
  const frame = await type(ui, 'G', /TABBED-TAIL|END-OF-PATCH/);
  const all = await type(ui, 'g', /Flush CPU caches on DMA pages before/);
  assert.ok(all);
  ui.stdin.write('\t');
  const f = await type(ui, ' ', /TABBED-TAIL/);
  assert.doesNotMatch(f, /\t/);
  assert.match(pagerText(f), /^ {8}struct iopt_pages \*pages/m, "a context line's tab becomes spaces to column 8");
  for (const line of visibleLines(f)) {
    assert.ok([...line].length <= 80, `line fits: ${JSON.stringify(line)}`);
    if (/^[│┃]/.test(line)) assert.match(line, /[│┃]$/, `the right border is in place: ${JSON.stringify(line)}`);
  }
  assert.match(pagerText(f), /TABBED-TAIL/, 'the text after the tabs wraps onto the next row, nothing is cut');
  assert.ok(frame);
  ui.unmount();
});

it('scrolls the pager with Space, PgDn, PgUp, Ctrl-D, Ctrl-U, g and G, and j/k once Tab gave it focus', async () => {
  const ui = await openThread();
  let f = ui.lastFrame() ?? '';
  assert.match(f, /\b1-\d+\/\d+/, 'the position shows the first line');
  // 18 rows of text at 24 rows: a page is 17 lines, half a page 9.
  f = await type(ui, ' ', /\b18-35\//);
  f = await type(ui, PGUP, /\b1-18\//);
  f = await type(ui, PGDN, /\b18-35\//);
  f = await type(ui, CTRL_U, /\b9-26\//);
  f = await type(ui, CTRL_D, /\b18-35\//);
  f = await type(ui, 'G', /END-OF-PATCH/);
  const [, , last, total] = /(\d+)-(\d+)\/(\d+)/.exec(f) ?? [];
  assert.equal(last, total, 'G shows the last line');
  f = await type(ui, 'g', /\b1-\d+\/\d+/);
  assert.match(f, /message 1\/5/);

  // j moves in the tree until Tab gives the pager focus; then j/k scroll.
  f = await type(ui, 'j', /message 2\/5/);
  f = await type(ui, 'k', /message 1\/5/);
  ui.stdin.write('\t');
  f = await type(ui, 'j', /\b2-\d+\/\d+/);
  assert.match(f, /message 1\/5/, 'j scrolled the pager instead of moving to the next message');
  f = await type(ui, 'k', /\b1-\d+\/\d+/);
  f = await type(ui, '\t', /j\/k message/);
  await type(ui, 'j', /message 2\/5/);
  ui.unmount();
});

it('folds each quoted block to a marker plus its last two lines, dims nothing away on z, and shows full headers on h', async () => {
  const ui = await openThread();
  let f = await type(ui, 'j', /message 2\/5/);
  let text = pagerText(f);
  assert.match(text, /▸ 8 quoted lines \(z to unfold\)/);
  assert.doesNotMatch(text, /quoted line 8 of/);
  assert.match(
    text,
    /> quoted line 9 of the patch\n> quoted line 10 of the patch/,
    'the last two quoted lines stay as context',
  );
  assert.match(text, /> a second quote, short/, 'a one-line quote is not folded');
  assert.match(text, /On Tue, May 07, 2024 at 02:22:12PM \+0800, Yan\nZhao wrote:/);
  f = await type(ui, 'z', /quoted line 1 of the patch/);
  assert.doesNotMatch(f, /quoted lines \(z to unfold\)/);
  f = await type(ui, 'h', /Message-ID: <m2@example\.org>/);
  text = pagerText(f);
  assert.match(text, /Subject: Re: \[PATCH 1\/2\] iommufd: Flush CPU\ncaches on DMA pages/);
  assert.match(text, /From: Jason Gunthorpe <jgg@nvidia\.com>/);
  assert.match(text, /Date: 2024-05-09 11:13:00 -0300/);
  f = await type(ui, 'h', /^(?![\s\S]*Message-ID:)/);
  ui.unmount();
});

it('keeps the message count in the title at 80 columns however long the subject, and h shows the headers from the top', async () => {
  const long: typeof fixtureSource = {
    ...fixtureSource,
    loadThread: (id) => {
      const t = fixtureSource.loadThread(id);
      return t === null
        ? null
        : { ...t, subject: `${t.subject} and a subject long enough to reach past eighty columns` };
    },
  };
  const ui = await renderAt(<App source={long} />, 80, 24);
  let f = await type(ui, '\r', /message 1\/5/);
  assert.match(visibleLines(f)[0] ?? '', /…\s+message 1\/5$/);
  f = await type(ui, ' ', /\b18-/);
  f = await type(ui, 'h', /Subject: \[PATCH 1\/2\]/);
  assert.match(f, /\b1-\d+\//);
  ui.unmount();
});
