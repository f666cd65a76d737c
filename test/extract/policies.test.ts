import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkPolicies } from '../../src/extract/policies.js';
import type { DesignOption, Item } from '../../src/extract/types.js';

const item = (id: string, kind: Item['kind'], text: string): Item => ({
  id,
  kind,
  thread: 't',
  message: 'm',
  author: 'A',
  date: null,
  text,
  target: null,
  file: null,
  hunk: null,
  option: 'o1',
  identifiers: [],
});
const option = (id: string, items: string[]): DesignOption => ({
  id,
  thread: 't',
  title: id,
  items,
  policy: null,
  status: 'open',
  supersededBy: null,
});

test('names the policy whose cited words an option holds, re-wrapped and with a note after the quote', () => {
  const items = [
    item(
      'i1',
      'proposal',
      'We could keep one counter per IOAS and\nskip the flush while it stays at zero for every domain.',
    ),
    item('i2', 'support', 'Sure, that could work.'),
    item('i3', 'proposal', 'Alternatively pin the pages once at attach and never flush them again until release.'),
  ];
  const options = [option('o1', ['i1', 'i2']), option('o2', ['i3'])];
  const linked = linkPolicies(options, items, [
    {
      id: 'counter-skip',
      quote:
        '> We could keep one counter per IOAS and skip the flush while it stays at zero for every domain. (B, 2024-01-02: "Sure.")',
    },
    {
      id: 'unrelated',
      quote: 'Flush the whole cache on every unmap of any domain, whatever the domain coherency says.',
    },
  ]);
  assert.deepEqual(
    linked.map((o) => o.policy),
    ['counter-skip', null],
  );
});

test('names no policy when an option only shares a phrase with a citation', () => {
  const items = [item('i1', 'proposal', 'We could skip the flush for coherent domains and be done with it.')];
  const linked = linkPolicies([option('o1', ['i1'])], items, [
    {
      id: 'p',
      quote:
        'Flush before unpin when the pages were ever mapped into a non-coherent domain, and skip the flush for coherent domains otherwise.',
    },
  ]);
  assert.equal(linked[0]?.policy, null);
});

test('when two policies cite words of one option, the one naming what it proposes wins and the other keeps its next-best option', () => {
  const commit =
    'Such a layout could let a guest read stale data left in the cache by an earlier owner of the page. Flush the cache of every page before mapping it into the first non-coherent domain and after unmapping it from the last one.';
  const items = [
    item('i1', 'proposal', commit),
    item(
      'i2',
      'proposal',
      'We could also note that a guest may read stale data left in the cache by an earlier owner of the page, which is the whole point.',
    ),
  ];
  const options = [
    { ...option('o1', ['i1']), title: 'iommu: flush the cache of pages mapped into non-coherent domains' },
    option('o2', ['i2']),
  ];
  const linked = linkPolicies(options, items, [
    {
      id: 'background',
      quote: 'Such a layout could let a guest read stale data left in the cache by an earlier owner of the page.',
      author: 'A',
      date: null,
    },
    {
      id: 'fix',
      quote:
        'Flush the cache of every page before mapping it into the first non-coherent domain and after unmapping it from the last one.',
      author: 'A',
      date: null,
    },
  ]);
  assert.deepEqual(
    linked.map((o) => o.policy),
    ['fix', 'background'],
  );
});

test('among near-equal citations of one option, the one by its proposer on its day wins', () => {
  const text =
    'Keep a per-domain counter of non-coherent attachments and skip the flush while it stays at zero. Drop the counter when the last device detaches from the domain.';
  const items = [{ ...item('i1', 'proposal', text), author: 'Pat Proposer', date: '2024-05-02T10:00:00+00:00' }];
  const linked = linkPolicies([option('o1', ['i1'])], items, [
    {
      id: 'echo',
      quote: 'Keep a per-domain counter of non-coherent attachments and skip the flush while it stays at zero.',
      author: 'Someone Else',
      date: '2024-05-09',
    },
    {
      id: 'origin',
      quote: 'Drop the counter when the last device detaches from the domain.',
      author: 'Pat Proposer',
      date: '2024-05-02',
    },
  ]);
  assert.equal(linked[0]?.policy, 'origin');
});
