/**
 * What every seed family owes: its policies cite words of its own seed
 * thread, at least two policies and a workload family, every policy runs on
 * every workload, and every policy has a checker verdict over the whole
 * universe (the search reaches its fixpoint or finds a counterexample).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadFamilies } from '../../../src/sim/index.js';

const seedText = (nnn: string): string => {
  const dir = path.resolve('data', 'seeds');
  const file = fs.readdirSync(dir).find((f) => f.startsWith(`${nnn}_`));
  assert.ok(file !== undefined, `seed ${nnn}`);
  return fs
    .readFileSync(path.join(dir, file), 'utf8')
    .replace(/^[> ]*>/gm, ' ')
    .replace(/\s+/g, ' ');
};

test('every family cites its own seed verbatim (pieces around "[...]"), with two or more policies and a workload', () => {
  const families = loadFamilies();
  assert.ok(families.length >= 1);
  for (const f of families) {
    const seed = seedText(f.seed);
    assert.ok(f.policies.size >= 2, `${f.id}: ${f.policies.size} policies`);
    assert.ok(f.workloads.size >= 1, `${f.id}: no workload`);
    for (const p of f.policies.values()) {
      for (const piece of p.provenance.quote
        .split(/\s*\[\.\.\.\][,;:]?\s*/)
        .map((s) => s.replace(/\s+/g, ' ').trim())) {
        if (piece !== '') assert.ok(seed.includes(piece), `${f.id}/${p.id}: "${piece}" is not in seed ${f.seed}`);
      }
    }
  }
});

test('every family policy runs on every workload of its family and reaches a checker verdict over the whole universe', () => {
  for (const f of loadFamilies()) {
    for (const p of f.policies.keys()) {
      for (const w of f.workloads.keys()) {
        const r = f.run(p, w, [], null);
        const shown = f.metrics.filter((m) => f.workloads.get(w)?.columns.includes(m.id));
        assert.ok(shown.length > 0, `${f.id} ${w}: no columns`);
        for (const m of shown)
          assert.equal(
            typeof (m.text === true ? r.labels[m.id] : r.metrics[m.id]),
            m.text === true ? 'string' : 'number',
            `${f.id} ${p} ${w} ${m.id}`,
          );
      }
      const c = f.check(p, null);
      assert.ok(c.exhaustive, `${f.id}/${p}: ${c.summary}`);
      assert.notEqual(c.result, 'incomplete');
    }
  }
});
