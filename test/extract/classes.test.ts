/** Word classes learnt from unlabelled mail: deterministic, own prose only, nothing of a reserved thread, and seen by the classifier. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type EmbedOptions, learnClasses, ownProse } from '../../scripts/train/embed.js';
import { unitsOfFile } from '../../scripts/units.js';
import { defaultWordClasses, wordClassesFromJson } from '../../src/extract/classes.js';
import { threadFeatures } from '../../src/extract/features.js';
import { parseMail } from '../../src/mail/parse/parse.js';
import { readSources } from '../../src/mail/read/sources.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// A 2020 dm-devel thread of the labelled corpus: 10 messages of argument, replies quoting each other.
const mbox = path.join(repo, 'data', 'corpus', 'mbox', 'dm-2020-crypt-bypass-workqueues.mbox');
const SMALL: EmbedOptions = {
  vocab: 300,
  contexts: 120,
  window: 4,
  dims: 8,
  classes: [4, 16],
  perSource: 1000,
  seed: 3,
};

async function messages() {
  const out = [];
  for await (const ev of readSources([mbox])) if (ev.kind === 'mail') out.push(await parseMail(ev.mail));
  return out;
}

test('the same mail gives the same classes, and every kept word has one class of each size', async () => {
  const a = await learnClasses([mbox], new Set(), SMALL);
  const b = await learnClasses([mbox], new Set(), SMALL);
  assert.deepEqual(a.words, b.words);
  assert.deepEqual(a.classes, b.classes);
  assert.ok(a.words.length > 100, `${a.words.length} words kept`);
  assert.equal(a.classes.length, 2);
  for (const [k, size] of SMALL.classes.entries()) {
    const c = a.classes[k] ?? [];
    assert.equal(c.length, a.words.length);
    assert.ok(c.every((x) => x >= 0 && x < size));
    assert.ok(new Set(c).size > 1, 'the words are not all put in one class');
  }
});

test('only own prose is read: quotes, diffs and trailers of a real reply are left out', async () => {
  const reply = (await messages()).find((m) => m.body.split('\n').some((l) => l.startsWith('> ')));
  assert.ok(reply !== undefined);
  const prose = ownProse(reply.body);
  const lines = reply.body.split('\n');
  assert.ok(prose.length > 0 && prose.length < lines.length);
  assert.ok(
    prose.every((l) => !l.startsWith('>') && !/^[+-]|^@@ |-by:/.test(l)),
    prose.find((l) => l.startsWith('>')),
  );
});

test("a thread reserved for evaluation contributes no word: its root's id, and every reply naming it, are skipped", async () => {
  const all = await messages();
  const root = all.find((m) => m.inReplyTo.length === 0 && m.references.length === 0 && m.messageId !== null);
  assert.ok(root?.messageId);
  const reserved = new Set([createHash('sha256').update(root.messageId.toLowerCase()).digest('hex')]);
  const learnt = await learnClasses([mbox], reserved, SMALL);
  const [src] = learnt.sources;
  assert.equal(src?.messages, 0, 'every message of the thread names its root');
  assert.equal(src?.skippedReserved, all.length);
  assert.equal(learnt.words.length, 0);
});

test('the shipped classes load and reach the classifier as features of a real unit', async () => {
  const text = fs.readFileSync(path.join(repo, 'data', 'model', 'classes.json'), 'utf8');
  const classes = wordClassesFromJson(text);
  assert.equal(classes.digest, defaultWordClasses().digest);
  assert.ok(classes.features.size > 10000);
  const [thread] = await unitsOfFile(mbox);
  assert.ok(thread !== undefined);
  const features = threadFeatures(thread.units).flat();
  assert.ok(features.some((f) => f.startsWith('c1:')) && features.some((f) => f.startsWith('c2:')));
  assert.throws(
    () => wordClassesFromJson('{"version":1,"words":["a","b"],"classes":[[0],[0,1]]}'),
    /2 words but 1 and 2 classes/,
  );
});
