import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ParsedMessage } from '../../src/mail/types.js';
import { detectWebDump, parseWebDump } from '../../src/mail/webdump/index.js';
import { reconstructVoices, threadMessages, type ThreadInput } from '../../src/thread/index.js';

const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'seeds');

function importLike(): ParsedMessage[] {
  const all: ParsedMessage[] = [];
  for (const name of readdirSync(seeds).sort()) {
    const text = readFileSync(path.join(seeds, name), 'utf8');
    const format = detectWebDump(text);
    assert.ok(format, `${name} is a web dump`);
    for (const m of parseWebDump(text, name, format).messages) {
      const { voices, directParent } = reconstructVoices(m);
      all.push({ ...m, parentHint: m.parentHint ?? directParent }, ...voices);
    }
  }
  return all;
}

it('keeps a reply in another thread apart from a same-author mail sent minutes earlier whose words differ', () => {
  // Seed 000 quotes a Jason Gunthorpe mail of 2024-05-21 16:00 UTC; seed 002's comment #13 is his
  // mail of 16:04 UTC in a different thread. Author and time agree, the words do not.
  const msgs = importLike();
  const inputs: ThreadInput[] = msgs.map((m) => ({
    key: m.key,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: m.references,
    subject: m.subject,
    from: m.from,
    date: m.date,
    reconstructed: m.reconstructed,
    parentHint: m.parentHint ?? null,
    body: m.body,
  }));
  const plan = threadMessages(inputs);
  const threadOfFile = new Map<string, Set<string>>();
  for (const m of msgs) {
    if (m.reconstructed) continue;
    const t = plan.thread.get(plan.merged.get(m.key) ?? m.key);
    assert.ok(t !== undefined);
    const set = threadOfFile.get(m.source.file) ?? new Set<string>();
    set.add(t);
    threadOfFile.set(m.source.file, set);
  }
  const ids = [...threadOfFile.values()].map((s) => [...s]);
  for (const s of ids) assert.equal(s.length, 1, 'every seed file is one thread');
  assert.equal(new Set(ids.map((s) => s[0])).size, ids.length, 'no two seed files share a thread');
});
