/**
 * Checker verdicts kept across sessions: a verdict found once (a real check of
 * v1-sticky at the CLI's default bound) is on the decisions screen of the next
 * session in its first frame, with no search; what decides the verdict keys it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { simSource } from '../../cli/tui-source.js';
import { coreVerdict } from '../../cli/verdict.js';
import { verdictKey, verdictStore } from '../../cli/verdict-cache.js';
import { compilePolicy, loadPolicies } from '../../src/sim/index.js';
import type { TuiSource } from '../../src/ui/types.js';
import { tempDir } from '../import/corpus.js';
import { fixtureSource } from './fixture.js';
import { renderAt, type } from './frames.js';

const v1 = loadPolicies().get('v1-sticky') ?? assert.fail();

it('a verdict of an earlier session is on the decisions screen at once, without a search', async () => {
  const dir = tempDir('verdicts');
  verdictStore(dir).put(verdictKey(v1), coreVerdict(v1));
  // A new session: a fresh simulator source over the same cache folder.
  const sim = simSource({ verdicts: verdictStore(dir) });
  assert.equal(sim.verdict('v1-sticky')?.result, 'unsafe', 'answered from the cache, not queued for the worker');
  const source: TuiSource = {
    ...fixtureSource,
    extraction: () => ({
      items: [],
      options: [
        {
          id: 'o1',
          thread: 't1',
          title: 'Sticky per-pages bit, lazy flush before unpin',
          items: [],
          policy: 'v1-sticky',
          status: 'open',
          supersededBy: null,
        },
      ],
    }),
    sim,
  };
  const ui = await renderAt(<App source={source} />, 80, 24);
  const f = await type(ui, 'd', /Decisions ·/);
  assert.match(f, /checker: UNSAFE, S1 in 4 steps \(r to replay\)/);
  assert.doesNotMatch(f, /searching/);
  ui.unmount();
  sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('the key is what decides the verdict: the policy as compiled, not its file; a cache file that does not parse is no verdict', () => {
  const raw = JSON.parse(fs.readFileSync(path.resolve('data', 'policies', 'v1-sticky.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(verdictKey(compilePolicy(raw, '/elsewhere/v1-sticky.json')), verdictKey(v1));
  // Another rule set is another question (the first rule dropped).
  const rules = raw['rules'] as unknown[];
  assert.ok(Array.isArray(rules) && rules.length > 1);
  assert.notEqual(verdictKey(compilePolicy({ ...raw, rules: rules.slice(1) }, 'x.json')), verdictKey(v1));

  const dir = tempDir('verdicts-bad');
  const store = verdictStore(dir);
  fs.writeFileSync(path.join(dir, `${verdictKey(v1)}.json`), '{"policy": "v1-sticky", "result": "saf');
  assert.equal(store.get(verdictKey(v1)), null);
  fs.writeFileSync(path.join(dir, `${verdictKey(v1)}.json`), JSON.stringify({ policy: 'v1-sticky', result: 'green' }));
  assert.equal(store.get(verdictKey(v1)), null);
  // A cache that cannot be written (a file where the folder should be) only costs the time.
  const blocked = path.join(dir, 'blocked');
  fs.writeFileSync(blocked, '');
  verdictStore(path.join(blocked, 'verdicts')).put('k', {
    policy: 'p',
    result: 'safe',
    bound: 'b',
    property: null,
    counterexample: null,
  });
  fs.rmSync(dir, { recursive: true, force: true });
});
