import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectWebDump, parseWebDump } from '../../../src/mail/webdump/index.js';
import { sameAuthor } from '../../../src/mail/names.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const seedDir = path.join(shared, 'seeds');
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const read = (f: string): string => readFileSync(path.join(seedDir, f), 'utf8');

interface GoldThreading {
  seed: string;
  messages: { n: number; author: string; date: string; parent: number | null }[];
}
const gold = JSON.parse(readFileSync(path.join(shared, 'gold', 'seed-options.json'), 'utf8')) as {
  threads: { seed: string; archived_messages: number }[];
  threading: GoldThreading;
};

describe('web-archive dumps', () => {
  it('tells hypermail pages from Patchwork pages, and refuses real mbox files', () => {
    for (const f of seeds) {
      const expected = f === gold.threading.seed ? 'patchwork' : 'hypermail';
      assert.equal(detectWebDump(read(f)), expected, f);
    }
    const mbox = readFileSync(path.join(shared, 'corpus', 'lkml-iommu-archive', 'nosnoop-v3.mbox'), 'utf8');
    assert.equal(detectWebDump(mbox), null);
    assert.equal(detectWebDump(''), null);
    assert.equal(detectWebDump('just some notes\nnothing like mail\n'), null);
  });

  it('reads as many messages from each seed as the archive shows', () => {
    for (const t of gold.threads) {
      const text = read(t.seed);
      const fmt = detectWebDump(text);
      assert.ok(fmt);
      const { messages, warnings } = parseWebDump(text, t.seed, fmt);
      assert.equal(messages.length, t.archived_messages, t.seed);
      assert.deepEqual(warnings, [], t.seed);
    }
  });

  it('reads a hypermail page: subject, author, Eastern time with daylight saving, body without the list footer', () => {
    const f = seeds.find((s) => s.startsWith('001'));
    assert.ok(f);
    const text = read(f);
    const [m] = parseWebDump(text, f, 'hypermail').messages;
    assert.ok(m);
    assert.equal(m.subject, text.split('\n')[0]);
    assert.equal(m.from.name, /^From: (.*)$/m.exec(text)?.[1]);
    // "Tue Sep 29 2015 - 12:27:28 EST" is New York wall time, which in September is EDT.
    assert.equal(m.date, '2015-09-29T12:27:28-04:00');
    assert.ok(!m.body.includes('unsubscribe'), 'footer removed');
    assert.ok(m.body.trimEnd().endsWith('Robin.'));
    assert.equal(m.messageId, null);
    assert.match(m.key, /^sha256:[0-9a-f]{64}$/);
    assert.equal(m.source.offset, 0);
    assert.equal(m.reconstructed, false);
  });

  it('gives content keys that are stable across runs and differ between messages', () => {
    const keys = new Set<string>();
    for (const f of seeds) {
      const text = read(f);
      const fmt = detectWebDump(text);
      assert.ok(fmt);
      const a = parseWebDump(text, f, fmt).messages.map((m) => m.key);
      const b = parseWebDump(text, f, fmt).messages.map((m) => m.key);
      assert.deepEqual(a, b);
      for (const k of a) keys.add(k);
    }
    assert.equal(
      keys.size,
      gold.threads.reduce((n, t) => n + t.archived_messages, 0),
    );
  });

  it('reads a Patchwork page: the patch with its Message ID and diff, then every comment with author and UTC time', () => {
    const f = gold.threading.seed;
    const text = read(f);
    const buf = Buffer.from(text, 'utf8');
    const { messages } = parseWebDump(text, f, 'patchwork');
    const [patch, ...comments] = messages;
    assert.ok(patch);
    const idLine = /^Message ID (\S+)/m.exec(text)?.[1];
    assert.equal(patch.messageId, idLine);
    assert.equal(patch.key, idLine);
    assert.equal((patch.body.match(/^diff --git /gm) ?? []).length, 4, 'the Patch section is in the body');
    assert.match(patch.body, /4 files changed, 65 insertions\(\+\), 4 deletions\(-\)/);
    assert.ok(!patch.body.includes('Comments\n'), 'comments are not part of the commit message');
    gold.threading.messages.forEach((g, i) => {
      const m = messages[i];
      assert.ok(m);
      assert.ok(sameAuthor(m.from, { name: g.author, email: null }), `#${g.n} ${m.from.name} vs ${g.author}`);
      assert.equal(m.date?.slice(0, 16), g.date.slice(0, 16), `#${g.n}`);
    });
    for (const c of comments) {
      assert.equal(c.parentHint, patch.key);
      assert.equal(c.messageId, null);
      // The offset points at the comment's "Name Date | #N" line.
      assert.ok(c.source.offset !== null);
      const at = buf.subarray(c.source.offset, c.source.offset + 200).toString('utf8');
      assert.ok(at.startsWith(c.from.name ?? '?'), at.slice(0, 40));
      assert.ok(!c.body.includes('diff mbox series'), 'page chrome removed');
    }
  });
});
