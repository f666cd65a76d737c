import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { detectWebDump, parseWebDump } from '../../../src/mail/webdump/index.js';
import { reconstructVoices } from '../../../src/thread/index.js';
import { repoRoot, seeds } from '../../import/corpus.js';

/** Every seed as the readers parsed it before lore, lkml.org, marc and openwall were added. */
const before = JSON.parse(
  readFileSync(path.join(repoRoot, 'test', 'fixtures', 'webdump', 'seeds-before.json'), 'utf8'),
) as Record<
  string,
  {
    format: string;
    messages: { key: string; subject: string; name: string | null; date: string | null; parentHint: string | null }[];
  }
>;

describe('the seeds after the new layouts', () => {
  it('parse exactly as before: same layout, messages, keys (content hashes), authors, dates, hints', () => {
    for (const [seed, was] of Object.entries(before)) {
      const text = readFileSync(path.join(seeds, seed), 'utf8');
      const fmt = detectWebDump(text);
      assert.equal(fmt, was.format, seed);
      assert.ok(fmt);
      const { messages, warnings } = parseWebDump(text, seed, fmt);
      assert.deepEqual(warnings, [], seed);
      assert.deepEqual(
        messages.map((m) => ({
          key: m.key,
          subject: m.subject,
          name: m.from.name,
          date: m.date,
          parentHint: m.parentHint ?? null,
        })),
        was.messages,
        seed,
      );
    }
    assert.equal(before['002_729ddf41e7386296.txt']?.messages.length, 19);
  });

  it('still give the hypermail seeds their quoted voices (seed 000: one mail, four voices)', () => {
    for (const seed of Object.keys(before).filter((s) => before[s]?.format === 'hypermail')) {
      const [m] = parseWebDump(readFileSync(path.join(seeds, seed), 'utf8'), seed, 'hypermail').messages;
      assert.ok(m);
      const { voices } = reconstructVoices(m);
      assert.ok(voices.length > 0, seed);
      if (seed.startsWith('000')) assert.equal(new Set([m.from.name, ...voices.map((v) => v.from.name)]).size, 4);
    }
  });
});
