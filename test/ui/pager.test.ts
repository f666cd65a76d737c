import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bodyLines, expandTabs, pagerLines, wrapLine } from '../../src/ui/pager.js';

it('expands tabs to the next 8-column stop, counting from where the tab sits', () => {
  assert.equal(expandTabs('\tx'), '        x');
  assert.equal(expandTabs('+\tif (a)\t\t/* c */'), '+       if (a)          /* c */');
  assert.equal(expandTabs('abcdefgh\ti'), 'abcdefgh        i');
});

it('wraps at a space near the end of the row and hard-breaks a word longer than the row', () => {
  assert.deepEqual(wrapLine('aaa bbb ccc', 7), ['aaa bbb', 'ccc']);
  assert.deepEqual(wrapLine('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
  assert.deepEqual(wrapLine('', 4), ['']);
  for (const l of pagerLines([{ kind: 'add', text: '+\t\tvery long\tline with tabs that goes on and on' }], 20))
    assert.ok(l.text.length <= 20 && l.kind === 'add');
});

it("tells the diff's file headers, hunk headers and +/- lines apart, and ends the diff at the signature", () => {
  const body = [
    'Fix it.',
    '',
    'diff --git a/x.c b/x.c',
    '--- a/x.c',
    '+++ b/x.c',
    '@@ -1,2 +1,2 @@ f',
    ' keep',
    '-old',
    '+new',
    '-- ',
    '2.34.1',
  ].join('\n');
  assert.deepEqual(
    bodyLines(body, true).map((l) => l.kind),
    ['text', 'text', 'file', 'file', 'file', 'hunk', 'diff', 'del', 'add', 'text', 'text'],
  );
});

it('folds each quoted block apart, keeps its last two lines, and marks the attribution above it', () => {
  const body = ['On Mon, X wrote:', '> 1', '> 2', '> 3', '> 4', 'answer', '> a', '> b', '> c', 'more'].join('\n');
  assert.deepEqual(
    bodyLines(body, true).map((l) => `${l.kind}:${l.text}`),
    [
      'attribution:On Mon, X wrote:',
      'fold:▸ 2 quoted lines (z to unfold)',
      'quote:> 3',
      'quote:> 4',
      'text:answer',
      'quote:> a',
      'quote:> b',
      'quote:> c',
      'text:more',
    ],
  );
  assert.equal(bodyLines(body, false).filter((l) => l.kind === 'quote').length, 7);
});

it("repeats a quote's marks on each row it wraps to", () => {
  assert.deepEqual(
    pagerLines([{ kind: 'quote', text: '> > one two three four five' }], 14).map((l) => l.text),
    ['> > one two', '> > three four', '> > five'],
  );
});
