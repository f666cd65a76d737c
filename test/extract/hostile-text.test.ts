/**
 * One mail must not stall extraction (and so `options`, `export --json` and the TUI) for
 * everything after it. Each input here made a regex backtrack over a long run: a 2 x 50,000
 * space attribution line (/\s*\n\s*\/g in sentence splitting and /\s+$/ in quote depth:
 * 58 s before), a 400,000-character word (the code-span regex and wink's abbreviation
 * test: did not finish in 300 s), a nested list of 2 MB. The sizes are ones where the old
 * code was clearly superlinear; the tests assert on results, never on time
 * (npm run bench:hostile prints the figures).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { splitByDepth } from '../../src/body/quote-depth.js';
import { extractThread } from '../../src/extract/index.js';
import { joinLines, splitSentences } from '../../src/extract/sentences.js';
import { runImport } from '../../src/import/index.js';
import { type Db, loadThread, openStore, threadIds } from '../../src/store/index.js';
import { tempDir } from '../import/corpus.js';

let dir = '';
let db: Db;

const message = (id: string, subject: string, body: string, extra = ''): string =>
  `From x@y Mon Jan  1 00:00:00 2024\nFrom: A <a@b.example>\nSubject: ${subject}\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <${id}>\n${extra}\n${body}\n\n`;

function nestedList(bytes: number): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const line = `${' '.repeat(2 * i)}- item ${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

before(async () => {
  dir = tempDir('hostile-text');
  const reply = 'In-Reply-To: <root@x>\n';
  const mbox =
    message('root@x', 'A proposal', 'We should flush the CPU caches before mapping the pages.') +
    message(
      'spaces@x',
      'Re: A proposal',
      `On ${' '.repeat(50_000)}wrote${' '.repeat(50_000)}x\n\nI agree with this approach.`,
      reply,
    ) +
    message('word@x', 'Re: A proposal', `${'a'.repeat(400_000)} is one word. I think this is wrong.`, reply) +
    message('list@x', 'Re: A proposal', nestedList(2_000_000), reply);
  fs.writeFileSync(path.join(dir, 'hostile.mbox'), mbox);
  await runImport({ paths: [path.join(dir, 'hostile.mbox')], db: path.join(dir, 't.db'), threads: 1 });
  db = openStore(path.join(dir, 't.db'), { readonly: true });
});
after(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a thread holding a 2 x 50,000-space attribution line, a 400,000-character word and a 2 MB nested list is extracted', () => {
  const ids = threadIds(db);
  assert.equal(ids.length, 1);
  const thread = loadThread(db, ids[0] ?? '');
  assert.equal(thread.messages.length, 4);
  const { items } = extractThread(thread);
  const texts = items.map((i) => i.text);
  assert.ok(
    texts.some((t) => t.includes('I think this is wrong')),
    texts.join(' | '),
  );
  assert.ok(
    texts.some((t) => t.includes('I agree with this approach')),
    texts.join(' | '),
  );
});

test('line breaks are joined as the regex did it, in linear time', () => {
  let x = 99;
  const alphabet = [' ', '\n', '\t', 'a', 'b', '\r', '\u00a0', '.', '\n\n'];
  for (let n = 0; n < 3000; n++) {
    let s = '';
    for (let k = 0; k < n % 40; k++) s += alphabet[(x = (x * 1103515245 + 12345) >>> 0) % alphabet.length];
    assert.equal(joinLines(s), s.replace(/\s*\n\s*/g, ' '), JSON.stringify(s));
  }
  assert.equal(splitSentences(`Alpha${' '.repeat(200_000)}beta. Next one.`).length, 2);
});

test('quote depth keeps a line whose blanks run on, without its trailing blanks', () => {
  const root = splitByDepth(`> a${' '.repeat(200_000)}b${' '.repeat(100)}\n`);
  assert.equal(root.children[0]?.lines[0]?.text, `a${' '.repeat(200_000)}b`);
});
