import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkPolicies } from '../../src/extract/policies.js';
import type { DesignOption, Item } from '../../src/extract/types.js';

const item = (id: string, kind: Item['kind'], text: string): Item => ({
  id, kind, thread: 't', message: 'm', author: 'A', date: null, text, target: null, file: null, hunk: null, option: 'o1', identifiers: [],
});
const option = (id: string, items: string[]): DesignOption => ({ id, thread: 't', title: id, items, policy: null, status: 'open', supersededBy: null });

test('names the policy whose cited words an option holds, re-wrapped and with a note after the quote', () => {
  const items = [
    item('i1', 'proposal', 'We could keep one counter per IOAS and\nskip the flush while it stays at zero for every domain.'),
    item('i2', 'support', 'Sure, that could work.'),
    item('i3', 'proposal', 'Alternatively pin the pages once at attach and never flush them again until release.'),
  ];
  const options = [option('o1', ['i1', 'i2']), option('o2', ['i3'])];
  const linked = linkPolicies(options, items, [
    { id: 'counter-skip', quote: '> We could keep one counter per IOAS and skip the flush while it stays at zero for every domain. (B, 2024-01-02: "Sure.")' },
    { id: 'unrelated', quote: 'Flush the whole cache on every unmap of any domain, whatever the domain coherency says.' },
  ]);
  assert.deepEqual(linked.map((o) => o.policy), ['counter-skip', null]);
});

test('names no policy when an option only shares a phrase with a citation', () => {
  const items = [item('i1', 'proposal', 'We could skip the flush for coherent domains and be done with it.')];
  const linked = linkPolicies([option('o1', ['i1'])], items, [{ id: 'p', quote: 'Flush before unpin when the pages were ever mapped into a non-coherent domain, and skip the flush for coherent domains otherwise.' }]);
  assert.equal(linked[0]?.policy, null);
});
