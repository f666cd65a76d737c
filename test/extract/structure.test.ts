import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifySentence } from '../../src/extract/lexicon.js';
import { isChangelog, isNarration, isObjectionOpener, stanceByPolarity } from '../../src/extract/structure.js';

// Sentences written for these tests; none is from the seeds, the training, held-out or blind labels.

test('a short opener under a quoted proposal takes a stance by its polarity', () => {
  assert.equal(stanceByPolarity('sure, that works for the pinning path.', false), 'support');
  assert.equal(stanceByPolarity('that seems a reasonable split.', false), 'support');
  assert.equal(stanceByPolarity("the allocator doesn't have that constraint, so this buys nothing.", false), 'oppose');
  assert.equal(stanceByPolarity('right, but the table is per device.', false), 'oppose');
  assert.equal(stanceByPolarity("i'm not sure the counter survives a reset.", false), 'concern');
  assert.equal(stanceByPolarity('it depends on the bus.', false), 'concern');
  // A bare statement of fact, a question, or a long argument takes no stance by position.
  assert.equal(stanceByPolarity('the flush happens in unmap.', false), null);
  assert.equal(stanceByPolarity('is the flush not done in unmap?', false), null);
  assert.equal(stanceByPolarity("i don't know much about that loader - it seems odd though.", false), null);
  // An aside in brackets carries no polarity.
  assert.equal(stanceByPolarity('here is a quick sketch (not compiled).', false), null);
});

test("a proposal's own author takes a stance toward it only by retracting it", () => {
  assert.equal(stanceByPolarity('no, the lock is needed there.', true), null);
  assert.equal(stanceByPolarity('scratch that, the lock is needed there.', true), 'oppose');
});

test('openers that negate or contradict the quoted claim are objections, by shape', () => {
  for (const s of [
    "I don't see why the driver should care about the group.",
    "I'd rather not grow the uAPI for one user.",
    "That's not what the spec says about snooping.",
    "This doesn't work because the domain outlives the device.",
    'We do not need a second table for that.',
  ]) {
    assert.ok(isObjectionOpener(s.toLowerCase()), s);
    assert.ok(classifySentence(s, 'reply', { opener: true }).includes('oppose'), s);
  }
  // Only as an opener under a quote: mid-paragraph the same words are no stance.
  assert.deepEqual(classifySentence('We do not need a second table for that.', 'reply'), []);
  assert.ok(!isObjectionOpener('the driver does not need the group.'));
});

test('changelog lines and patch narration put no option forward without a stance', () => {
  assert.ok(isChangelog('Changes since v2:'));
  assert.ok(isChangelog('v3: use a per-domain lock instead of a global one'));
  assert.ok(!isChangelog('Virtual machines need this.'));
  assert.ok(isNarration('this series moves the flush into the core.'));
  assert.deepEqual(
    classifySentence('Use a per-domain lock instead of a global one.', 'patch', { descriptive: true }),
    [],
  );
  assert.deepEqual(classifySentence('This patch would be better split in two, but it is small.', 'patch'), []);
  assert.deepEqual(
    classifySentence('This series moves the flush to unmap, which would be better for every driver.', 'opening'),
    [],
  );
  assert.deepEqual(
    classifySentence('This series keeps the old ioctl; we could also add a new one, I would suggest.', 'opening'),
    ['proposal'],
  );
  // A reviewer's "this patch should ..." in a reply asks for something: it stays a proposal.
  assert.deepEqual(classifySentence('This patch should be split in two.', 'reply'), ['proposal']);
});
