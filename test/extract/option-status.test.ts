/** Where an option stood when the thread ended: synthetic threads, no seed or held-out wording. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RawItem } from '../../src/extract/items.js';
import { buildOptions } from '../../src/extract/options.js';
import type { StoredMessage, StoredThread } from '../../src/store/types.js';

function msg(key: string, name: string, day: number, parent: string | null): StoredMessage {
  return {
    key,
    parent,
    author: { name, email: null },
    date: `2023-01-${String(day).padStart(2, '0')}T10:00:00+00:00`,
    subject: 'Re: design',
    reconstructed: false,
  } as unknown as StoredMessage;
}

function run(spec: { id: string; kind: RawItem['kind']; m: StoredMessage; target?: string; patch?: boolean }[]) {
  const items: RawItem[] = spec.map((s, seq) => ({
    kind: s.kind,
    message: s.m,
    author: s.m.author.name,
    date: s.m.date,
    sentences: [s.id],
    key: s.id,
    hunk: null,
    context: [],
    seq,
    patch: s.patch ?? false,
    title: null,
    confidence: 1,
  }));
  const byId = new Map(spec.map((s, i) => [s.id, items[i] as RawItem]));
  const targets = new Map<RawItem, RawItem>();
  spec.forEach((s, i) => {
    if (s.target !== undefined) targets.set(items[i] as RawItem, byId.get(s.target) as RawItem);
  });
  const thread = {
    id: 't',
    subject: 'design',
    messages: [...new Set(spec.map((s) => s.m))],
  } as unknown as StoredThread;
  const ids = new Map(items.map((it, i) => [it, spec[i]?.id ?? '']));
  const { options, optionOf } = buildOptions(thread, items, targets, ids);
  const of = (id: string) => options.find((o) => o.id === optionOf.get(byId.get(id) as RawItem));
  return { of };
}

test('an unanswered objection leaves an option opposed; the proposer answering it reopens it', () => {
  const a = msg('a', 'Ann Proposer', 1, null),
    b = msg('b', 'Bob Critic', 2, 'a'),
    c = msg('c', 'Ann Proposer', 3, 'b');
  assert.equal(
    run([
      { id: 'x', kind: 'proposal', m: a },
      { id: 'no', kind: 'oppose', m: b, target: 'x' },
    ]).of('x')?.status,
    'opposed',
  );
  const r = run([
    { id: 'x', kind: 'proposal', m: a },
    { id: 'no', kind: 'oppose', m: b, target: 'x' },
    { id: 'rebut', kind: 'oppose', m: c, target: 'no' },
  ]);
  assert.equal(r.of('x')?.status, 'open', "the proposer's own 'no' defends the option");
});

test('superseded by the answer of an objector, not by a later option a bystander floated', () => {
  const a = msg('a', 'Ann Proposer', 1, null),
    b = msg('b', 'Bob Critic', 2, 'a'),
    c = msg('c', 'Cy Bystander', 3, 'a');
  const r = run([
    { id: 'x', kind: 'proposal', m: a },
    { id: 'no', kind: 'oppose', m: b, target: 'x' },
    { id: 'y', kind: 'proposal', m: b, target: 'x' },
    { id: 'z', kind: 'proposal', m: c, target: 'x' },
  ]);
  const x = r.of('x');
  assert.equal(x?.status, 'superseded');
  assert.equal(x?.supersededBy, r.of('y')?.id);
});

test('a proposer agreeing to an alternative put forward in answer makes the option superseded', () => {
  const a = msg('a', 'Ann Proposer', 1, null),
    b = msg('b', 'Bob Critic', 2, 'a'),
    c = msg('c', 'Ann Proposer', 3, 'b');
  const r = run([
    { id: 'x', kind: 'proposal', m: a },
    { id: 'y', kind: 'proposal', m: b, target: 'x' },
    { id: 'ok', kind: 'support', m: c, target: 'y' },
  ]);
  assert.equal(r.of('x')?.status, 'superseded');
  assert.equal(r.of('x')?.supersededBy, r.of('y')?.id);
  assert.equal(r.of('y')?.status, 'supported');
});

test("a patch's author answering review with a further idea refines the patch, it does not supersede it", () => {
  const a = msg('a', 'Ann Proposer', 1, null),
    b = msg('b', 'Bob Critic', 2, 'a'),
    c = msg('c', 'Ann Proposer', 3, 'b');
  const r = run([
    { id: 'p', kind: 'proposal', m: a, patch: true },
    { id: 'q', kind: 'question', m: b, target: 'p' },
    { id: 'y', kind: 'proposal', m: c, target: 'q' },
  ]);
  assert.equal(r.of('p')?.status, 'open');
});
