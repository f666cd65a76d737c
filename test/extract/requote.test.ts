import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requoteLostMarkers } from '../../src/extract/requote.js';

test('writes back the quote depths a dump lost: attributions stack, wrapped text is quoted, unwrapped text is the sender', () => {
  const own =
    'That is exactly why the unmap side needs its own hook, and folding it into the map path would only hide the cost from the drivers that care about it most.';
  const body = [
    'On 03/04/21 10:00, Ann Author wrote:',
    'On Wed, Mar 03, 2021 at 09:00:00AM +0000, Bob Builder wrote:',
    'We could pass a direction flag to the one callback',
    'instead of adding a second one.',
    '',
    'No, not another flag - callers get it wrong.',
    '',
    own,
  ].join('\n');
  const lines = requoteLostMarkers(body).split('\n');
  assert.equal(lines[2], '> > We could pass a direction flag to the one callback');
  assert.equal(lines[5], '> No, not another flag - callers get it wrong.');
  assert.equal(lines[7], own);
});

test('leaves a body with quote markers, or without attributions, as it is', () => {
  const quoted = 'On Mon, Bob wrote:\n> a quoted line\nmy answer';
  assert.equal(requoteLostMarkers(quoted), quoted);
  assert.equal(requoteLostMarkers('just text\nmore text'), 'just text\nmore text');
});
