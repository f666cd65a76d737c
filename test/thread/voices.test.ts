import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseWebDump } from '../../src/mail/webdump/index.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import { lineDepths, reconstructVoices, sameAuthor } from '../../src/thread/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');

interface Gold {
  threads: { seed: string; voices: string[] }[];
  labels: { seed: string; author: string | null; date: string | null; key: string }[];
}
const gold = JSON.parse(readFileSync(path.join(shared, 'gold', 'seed-options.json'), 'utf8')) as Gold;
const hypermailSeeds = gold.threads.filter((t) => !t.voices.some((v) => v.startsWith('patch')));

function archived(seed: string): ParsedMessage {
  const text = readFileSync(path.join(shared, 'seeds', seed), 'utf8');
  const m = parseWebDump(text, seed, 'hypermail').messages[0];
  assert.ok(m, seed);
  return m;
}

/** "Jason Gunthorpe 2024-06-01 (depth 2)" -> name and day; null for the unnamed entries. */
function goldVoice(v: string): { name: string; day: string } | null {
  const m = /^(.+?) (\d{4}-\d{2}-\d{2})/.exec(v);
  return m && !v.startsWith('unnamed') ? { name: m[1] ?? '', day: m[2] ?? '' } : null;
}

const squash = (s: string): string =>
  s
    .replace(/^[ >]+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('voices reconstructed from quotes', () => {
  for (const t of hypermailSeeds) {
    it(`recovers every quoted voice of ${t.seed} with its author and day`, () => {
      const msg = archived(t.seed);
      const { voices, directParent } = reconstructVoices(msg);
      const [, ...quoted] = t.voices; // the first is the archived mail itself
      for (const g of quoted.map(goldVoice)) {
        if (!g) continue;
        const hit = voices.find(
          (v) => sameAuthor(v.from, { name: g.name, email: null }) && v.date?.slice(0, 10) === g.day,
        );
        assert.ok(hit, `${g.name} ${g.day} among ${voices.map((v) => `${v.from.name} ${v.date}`).join(', ')}`);
      }
      const unnamedExpected = t.voices.some((v) => v.startsWith('unnamed'));
      assert.equal(
        voices.some((v) => v.from.name === null),
        unnamedExpected,
        'unnamed voices',
      );
      for (const v of voices) {
        assert.equal(v.reconstructed, true);
        assert.ok(v.body.length > 0);
        assert.ok(!/^>/m.test(v.body), 'voice bodies are de-quoted');
      }
      // The voices form one chain: the direct parent, then each one's deeper voice.
      assert.equal(directParent, voices[0]?.key);
      const keys = new Set(voices.map((v) => v.key));
      assert.equal(keys.size, voices.length);
      voices.forEach((v, i) => assert.equal(v.parentHint, voices[i + 1]?.key ?? null));
      // Stable across runs.
      assert.deepEqual(
        reconstructVoices(archived(t.seed)).voices.map((v) => v.key),
        [...keys],
      );
    });
  }

  it('puts every labelled passage of the text dumps in the voice of its author', () => {
    let checked = 0;
    for (const t of hypermailSeeds) {
      const msg = archived(t.seed);
      const depths = lineDepths(msg.body);
      const ownText = squash(
        msg.body
          .split('\n')
          .filter((_, i) => depths[i] === 0)
          .join('\n'),
      );
      const { voices } = reconstructVoices(msg);
      for (const l of gold.labels.filter((x) => x.seed === t.seed)) {
        const key = squash(l.key);
        const owner = ownText.includes(key) ? msg : voices.find((v) => squash(v.body).includes(key));
        assert.ok(owner, `"${l.key}" found in ${t.seed}`);
        if (l.author === null) assert.equal(owner.from.name, null, l.key);
        else
          assert.ok(
            sameAuthor(owner.from, { name: l.author, email: null }),
            `"${l.key}": ${owner.from.name} vs ${l.author}`,
          );
        if (l.date) assert.equal(owner.date?.slice(0, 10), l.date, l.key);
        checked++;
      }
    }
    assert.ok(checked >= 25, `${checked} labels checked`);
  });

  it('infers who said what in a dump that lost its quote markers (the reply in long lines, quotes wrapped)', () => {
    const t = hypermailSeeds.find((s) => s.seed.startsWith('001'));
    assert.ok(t);
    const msg = archived(t.seed);
    assert.ok(!/^>/m.test(msg.body), 'this seed really has no markers');
    const depths = lineDepths(msg.body);
    assert.equal(Math.max(...depths), 3 - 1, 'gold lists three voices: the reply and two quoted levels');
    const lines = msg.body.split('\n');
    lines.forEach((line, i) => {
      if (line.length > 100) assert.equal(depths[i], 0, "unwrapped lines are the sender's own");
    });
  });

  it('reads an Outlook "From:/Sent:" block as the author of the text under it', () => {
    const text = readFileSync(path.join(shared, 'seeds', '002_729ddf41e7386296.txt'), 'utf8');
    const kevin = parseWebDump(text, 'seed', 'patchwork').messages.find((m) => /Kevin/.test(m.from.name ?? ''));
    assert.ok(kevin);
    const { voices, directParent } = reconstructVoices(kevin);
    const direct = voices.find((v) => v.key === directParent);
    assert.ok(direct && sameAuthor(direct.from, { name: 'Yan Zhao', email: null }), direct?.from.name ?? 'none');
    assert.equal(direct.from.email, 'yan.y.zhao@intel.com');
    assert.ok(direct.date?.startsWith('2024-05-16T10:33'));
  });

  it('gives the same key to one voice quoted by two different mails', () => {
    const text = readFileSync(path.join(shared, 'seeds', '002_729ddf41e7386296.txt'), 'utf8');
    const msgs = parseWebDump(text, 'seed', 'patchwork').messages;
    const count = new Map<string, number>();
    for (const m of msgs) for (const v of reconstructVoices(m).voices) count.set(v.key, (count.get(v.key) ?? 0) + 1);
    assert.ok([...count.values()].some((n) => n > 1));
  });
});
