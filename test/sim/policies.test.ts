/**
 * Policy files are data: the shipped nine load with their provenance, user
 * policies add to them, and a bad file is refused with file, field and what
 * was expected.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check, DEFAULT_UNIVERSE, loadPolicies } from '../../src/sim/index.js';
import { UserError } from '../../src/errors.js';
import { params, policies } from './helpers.js';

const SEED_002 = fs
  .readFileSync(
    fs
      .readdirSync(path.resolve('data', 'seeds'))
      .filter((f) => f.startsWith('002_'))
      .map((f) => path.resolve('data', 'seeds', f))[0] ?? '',
    'utf8',
  )
  .replace(/\s+/g, ' ');

test('the policies of seed 002 ship with their ids, and each quote is words from the thread', () => {
  assert.deepEqual([...policies.keys()].sort(), [
    'area-flag',
    'flush-every-fill',
    'none',
    'pages-counter',
    'permanent-bit-before-put',
    'sticky-overflush',
    'storage-domain-skip',
    'summary-3-step',
    'v1-sticky',
    'vfio-type1-replay',
  ]);
  for (const p of policies.values()) {
    // The first sentence of each quote appears verbatim in the seed (modulo line breaks).
    const first = p.provenance.quote.split(/(?<=[.?!]) /)[0] ?? '';
    assert.ok(SEED_002.includes(first), `${p.id}: "${first}" not found in seed 002`);
    assert.match(p.provenance.thread, /iommufd: Flush CPU caches/);
  }
});

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmpDir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-policies-'));
  made.push(dir);
  for (const [name, doc] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return dir;
}

const base = {
  id: 'flush-before-sync',
  model: 'iommufd',
  title: 'Flush after unmap but before the IOTLB invalidation',
  provenance: {
    thread: 'seed 000',
    author: 'a user',
    date: '2024-06-01',
    quote: 'read, unmap, flush iotlb, flush cache',
  },
  rules: [
    { on: 'fill', when: { domain: 'noncoherent' }, do: [{ flush: 'range' }] },
    { on: 'unfill', when: { domain: 'noncoherent' }, do: [{ flush: 'range' }] },
  ],
};

test('a user policy from --policies DIR joins the shipped ones, and the checker catches its flush before the IOTLB sync as an interleaving (S2)', () => {
  const all = loadPolicies(tmpDir({ 'mine.json': base }));
  const mine = all.get('flush-before-sync');
  assert.ok(mine !== undefined && all.size === policies.size + 1);
  const r = check(mine, params, { depth: 6, universe: DEFAULT_UNIVERSE });
  assert.equal(r.property, 'S2');
  // In the unmap's window: the flush on unfill, a prefetch, a No-Snoop write through the entry the IOTLB still holds, the sync.
  assert.deepEqual(
    (r.counterexample ?? []).map((s) => s.op),
    ['map', 'attach', 'unmap', 'cpu', 'stale-dma', 'sync'],
  );
  assert.match(r.counterexample?.[2]?.note ?? '', /flushed 1 page/);
  assert.match(r.counterexample?.[5]?.note ?? '', /S2 VIOLATED/);
});

test('a bad policy file is refused with its file, the field and what was expected', () => {
  const cases: [unknown, RegExp][] = [
    [{ ...base, rules: [{ on: 'fil', do: [{ flush: 'range' }] }] }, /bad\.json: rules\.0\.on: .*expected one of/i],
    [
      { ...base, provenance: { ...base.provenance, date: 'May 21' } },
      /bad\.json: provenance\.date: expected a date YYYY-MM-DD/,
    ],
    [
      {
        ...base,
        rules: [
          { on: 'fill', when: { flags: [{ scope: 'pages', name: 'sticky', is: true }] }, do: [{ flush: 'range' }] },
        ],
      },
      /bad\.json: rules\.0\.when\.flags\.0: flag 'sticky' in scope pages to be declared/,
    ],
    [
      { ...base, rules: [{ on: 'attach', do: [{ flush: 'range' }] }] },
      /bad\.json: rules\.0\.do\.0: flush only on fill/,
    ],
    ['{ not json', /bad\.json: \(file\): expected a readable JSON policy file/],
  ];
  for (const [doc, re] of cases) {
    assert.throws(
      () => loadPolicies(tmpDir({ 'bad.json': doc })),
      (err: unknown) => err instanceof UserError && re.test(err.message),
    );
  }
  assert.throws(
    () => loadPolicies(tmpDir({ 'dup.json': { ...base, id: 'v1-sticky' } })),
    /id: expected a new id, 'v1-sticky' is already defined/,
  );
});
