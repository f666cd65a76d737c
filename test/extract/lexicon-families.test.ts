import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifySentence } from '../../src/extract/lexicon.js';

// Sentences written for these tests, one or two per family of phrasing; none is from the seeds or the held-out labels.

test('reads drawbacks phrased as cost, breakage, failure or needless work as concerns', () => {
  for (const s of [
    'Walking the whole table on every unmap is rather costly.',
    'That path carries a huge runtime cost for small mappings.',
    'Draining the queue could take *minutes* on a large guest.',
    'The helper interferes with the page allocator on NUMA systems.',
    'Sharing the buffer this way corrupts the neighbouring slab object.',
    'The refcount juggling in this helper is buggy.',
    'Duplicating the list under the lock is sub-optimal.',
    'The extra barrier is not strictly necessary on this path.',
    'A mapping made before the reset may start to fail afterwards.',
    'Moving the flush into the driver would need new hooks in every caller.',
  ])
    assert.ok(classifySentence(s).includes('concern'), s);
});

test('a conditional failure that specifies an interface, or harm avoided, is not a concern', () => {
  assert.ok(!classifySentence('The ioctl will fail if the range overlaps a reserved region.').includes('concern'));
  assert.ok(
    !classifySentence('This lets the guest skip the flush without causing any data corruption.').includes('concern'),
  );
});

test('an option put forward with its drawback is a proposal and a concern', () => {
  assert.deepEqual(classifySentence('We could pin every page at attach, but that is expensive for large guests.'), [
    'proposal',
    'concern',
  ]);
});

test('reads "yes, but" as the point after the but, and reluctance or dismissal as objection', () => {
  assert.deepEqual(classifySentence('Sure, but that forces every driver to carry the same table.'), ['oppose']);
  assert.deepEqual(classifySentence('Yes, but could we keep the counter in the domain instead?'), ['proposal']);
  assert.deepEqual(classifySentence("I'm not keen on adding another flag to the uAPI for this."), ['oppose']);
  assert.deepEqual(classifySentence('The lock contention here is not that bad in practice.'), ['oppose']);
});

test('reads endorsement of an option as support', () => {
  assert.deepEqual(classifySentence('Flushing once at detach should be sufficient for this case.'), ['support']);
  assert.deepEqual(classifySentence("That's fair, the helper can stay."), ['support']);
  assert.deepEqual(classifySentence("I'm fully on board with dropping the legacy path."), ['support']);
});

test('a tone-setting "let\'s" and a predicted outcome put nothing forward', () => {
  assert.ok(!classifySentence("Let's not be hasty; rebuilding the tree could take hours.").includes('proposal'));
  assert.ok(!classifySentence('There should be limited impact on the fast path.').includes('proposal'));
  assert.deepEqual(classifySentence('I would strongly prefer the helper to return an error code.'), ['proposal']);
  assert.deepEqual(classifySentence('Drivers would be better off calling the generic helper.'), ['proposal']);
});

test('reads short commitments to do what was asked as support', () => {
  for (const s of [
    'Will do.',
    'Will fix in the next version.',
    'Sure, will rework it in v4.',
    "Thanks, I've updated it.",
    'Done.',
    "OK, I'll rename the helper.",
    'Hmm, you are right.',
  ]) {
    assert.ok(classifySentence(s).includes('support'), s);
  }
  assert.ok(classifySentence('This version looks much cleaner.').includes('support'));
});

test('reads objections phrased as disbelief and consequences phrased as defects', () => {
  assert.deepEqual(classifySentence("I don't really see the need for a second lock here."), ['oppose']);
  assert.deepEqual(classifySentence("I don't think we need the flag at all."), ['oppose']);
  for (const s of [
    'The error path leaks the group reference.',
    'Checking the count outside the lock is racy.',
    'I doubt the counter survives a hot unplug.',
    'Not all callers are updated, e.g. the s390 one.',
    'A full kref here is overkill.',
  ]) {
    assert.ok(classifySentence(s).includes('concern'), s);
  }
});

test('reads wanting, usefulness and hedged suggestions as proposals, and not a relative "where we need to"', () => {
  assert.deepEqual(classifySentence('We probably want a per-domain flag instead.'), ['proposal']);
  assert.deepEqual(classifySentence('It would be useful to have a helper that drains the queue.'), ['proposal']);
  assert.ok(
    !classifySentence('It only matters on parts where we really need to flush by set/way.').includes('proposal'),
  );
});

test('acceptance, reservations and softened orders in words no seed uses', () => {
  assert.deepEqual(classifySentence('Either branch is fine by me.'), ['support']);
  assert.deepEqual(classifySentence('The locking change is also ok, given the numbers.'), ['support']);
  assert.deepEqual(classifySentence('Queued into the fixes branch, thanks.'), ['support']);
  assert.deepEqual(classifySentence("I'm still not entirely sure whether the fence covers the remap path."), [
    'concern',
  ]);
  assert.deepEqual(classifySentence('Several maintainers raised doubts about routing it this way.'), ['concern']);
  assert.deepEqual(classifySentence('The new flag feels broader than it needs to be.'), ['concern']);
  assert.deepEqual(classifySentence('Greg, if nobody objects, maybe take it through your tree.'), ['proposal']);
  assert.deepEqual(classifySentence('It would be trivial to expose the limit as a module parameter.'), ['proposal']);
  assert.deepEqual(classifySentence('Another alternative might be to keep the table per group.'), ['proposal']);
  assert.deepEqual(classifySentence('Do you mean that we should drop the lock entirely?'), ['question']);
  assert.ok(!classifySentence('Back then it was just simpler to copy the table.').includes('proposal'));
  assert.ok(!classifySentence('I think we need to assume the firmware is sane.').includes('proposal'));
});
