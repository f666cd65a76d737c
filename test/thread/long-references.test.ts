/**
 * One References header of tens of thousands of ids (the 1 MB header cap allows 80,635)
 * is threaded in time linear in its ids: it was quadratic (10,000 ids 8 s, 20,000 ids
 * 31 s), and because every import re-threads, one such mail slowed every later import.
 * 40,000 ids here: minutes before; the test asserts on the result only.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ThreadInput, threadMessages } from '../../src/thread/index.js';

const N = 40_000;

function mail(key: string, inReplyTo: string[], references: string[]): ThreadInput {
  return {
    key,
    messageId: key,
    inReplyTo,
    references,
    subject: 'Re: root',
    from: { name: 'A', email: 'a@b.example' },
    date: '2024-01-01T00:00:00+00:00',
    reconstructed: false,
    parentHint: null,
  };
}

test(`a reply whose References hold ${N.toLocaleString('en')} missing ids hangs under its real parent, with the ids as one ghost chain`, () => {
  const ids = Array.from({ length: N }, (_, i) => `r${i}@x.example`);
  // Duplicates and a loop back to the message itself, as forged headers have them.
  const refs = ['root@x', ...ids, ...ids.slice(0, 100), 'long@x'];
  const plan = threadMessages([
    mail('root@x', [], []),
    mail('long@x', ['root@x'], refs),
    mail('after@x', ['long@x'], [...ids.slice(-3), 'long@x']),
  ]);
  assert.equal(plan.parent.get('long@x'), 'root@x');
  assert.equal(plan.parent.get('after@x'), 'long@x');
  assert.equal(plan.ghosts.length, N);
  assert.equal(plan.parent.get(`r${N - 1}@x.example`), `r${N - 2}@x.example`);
  assert.equal(plan.parent.get('r0@x.example'), 'root@x');
  assert.equal(new Set(plan.thread.values()).size, 1);
});
