/**
 * Good mail behind a few bad bytes, under a name that is not UTF-8, or in a damaged
 * compressed file is still found: one NUL byte, 300 random bytes or a UTF-8 BOM before
 * four good messages used to reject the whole file; a non-UTF-8 name was skipped in a
 * folder without a word and "did not exist" when named; a corrupt .xz imported a
 * garbled message and kept the decompressor's error to itself.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MAX_WARNINGS_PER_FILE } from '../../src/mail/read/sources.js';
import { parseMail } from '../../src/mail/index.js';
import { collect, corpus, mails, warningsOf } from './corpus.js';
import { tempDir } from '../import/corpus.js';
import { cli, ensureBuilt, mainJs } from '../cli/run-cli.js';

const good = Buffer.from(
  [0, 1, 2, 3]
    .map(
      (i) =>
        `From a@b Mon Jan  1 00:00:00 2024\nFrom: A <a@b>\nSubject: s${i}\nDate: Mon, 1 Jan 2024 00:00:0${i} +0000\nMessage-ID: <m${i}@b>\n\nbody ${i}\n\n`,
    )
    .join(''),
);
/** Seeded bytes (an LCG), so the case is the same on every run. */
function junk(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

let dir = '';
before(() => {
  dir = tempDir('junk');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function idsIn(paths: string[]): Promise<{ ids: string[]; warnings: string[] }> {
  const events = await collect(paths);
  const parsed = await Promise.all(mails(events).map(parseMail));
  return {
    ids: parsed.map((p) => p.messageId ?? p.key).sort(),
    warnings: warningsOf(events).map((w) => `${w.file}@${w.offset}: ${w.message}`),
  };
}

const FOUR = ['m0@b', 'm1@b', 'm2@b', 'm3@b'];

test('a NUL byte, 300 random bytes or a byte-order mark before four good messages: all four are read, the junk reported', async () => {
  const cases: [string, Buffer][] = [
    ['nul.mbox', Buffer.concat([Buffer.from([0, 0x0a]), good])],
    ['random.mbox', Buffer.concat([junk(300, 7), Buffer.from('\n'), good])],
    ['bom-newline.mbox', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0x0a]), good])],
    ['bom.mbox', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good])],
    // No newline after the junk: the first separator line is glued to it, and is still one.
    ['nul-glued.mbox', Buffer.concat([Buffer.from([0]), good])],
    ['random-glued.mbox', Buffer.concat([junk(300, 7), good])],
  ];
  for (const [name, bytes] of cases) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const { ids, warnings } = await idsIn([file]);
    assert.deepEqual(ids, FOUR, `${name}: ${warnings.join('; ')}`);
    if (!name.startsWith('bom'))
      assert.ok(
        warnings.some((w) => w.startsWith(`${file}@0: `) && /before the first "From " line/.test(w)),
        `${name}: ${warnings.join('; ')}`,
      );
  }
  // And in a folder, next to a good file.
  const folder = path.join(dir, 'mixed');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'a.mbox'), Buffer.concat([junk(300, 11), Buffer.from('\n'), good]));
  fs.writeFileSync(path.join(folder, 'b.mbox'), good.toString().replace(/<m(\d)@b>/g, '<n$1@b>'));
  assert.equal((await idsIn([folder])).ids.length, 8);
});

test('a file whose name is not UTF-8 is read in a folder and when named, and shown with its bytes as \\xFF', () => {
  ensureBuilt();
  const folder = path.join(dir, 'names');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'ok.mbox'), good.toString().replace(/<m(\d)@b>/g, '<k$1@b>'));
  const bad = Buffer.concat([Buffer.from(`${folder}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('utf8.mbox')]);
  // A Date-less fifth message gives a warning, to see how the name is shown.
  fs.writeFileSync(
    bad,
    Buffer.concat([
      good,
      Buffer.from('From a@b Mon Jan  1 00:00:00 2024\nFrom: A <a@b>\nSubject: s\nMessage-ID: <m4@b>\n\nx\n'),
    ]),
  );
  const db = path.join(dir, 'names.db');
  const r = cli(['import', folder, '--db', db, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { files: number; messages: { new: number }; warnings: { file: string }[] };
  assert.equal(s.files, 2);
  assert.equal(s.messages.new, 9);
  assert.ok(
    s.warnings.some((w) => w.file === `${folder}/bad\\xFF\\xFEutf8.mbox`),
    JSON.stringify(s.warnings),
  );
  // Named on the command line (the shell passes the raw bytes; node decodes them lossily).
  const named = spawnSync(
    'sh',
    [
      '-c',
      `exec "$0" "$1" import "$(printf '${folder}/bad\\377\\376utf8.mbox')" --db "$2" --json`,
      process.execPath,
      mainJs,
      path.join(dir, 'named.db'),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, THREADLAB_DB: '' },
    },
  );
  assert.equal(named.status, 0, named.stderr);
  assert.equal((JSON.parse(named.stdout) as { messages: { new: number } }).messages.new, 5);
});

test('a corrupt .xz: the decompressor error is a warning with file and offset, and no garbled message is read', async () => {
  const source = path.join(corpus, 'lkml-iommu-archive', 'iommu-list-week-2020-03-02.mbox');
  const xz = path.join(dir, 'week.mbox.xz');
  fs.writeFileSync(xz, execFileSync('xz', ['-c', '-1', source], { maxBuffer: 64 << 20 }));
  const bytes = fs.readFileSync(xz);
  junk(100, 3).copy(bytes, Math.floor(bytes.length / 3));
  fs.writeFileSync(xz, bytes);
  const events = await collect([xz]);
  const warnings = warningsOf(events);
  const failure = warnings.find((w) => /cannot read past this point: .*corrupt/i.test(w.message));
  assert.ok(
    failure !== undefined && failure.file === xz && typeof failure.offset === 'number' && failure.offset > 0,
    JSON.stringify(warnings),
  );
  // Every message read is one of the original's, byte for byte.
  const original = new Map(
    (await collect([source])).flatMap((e) => (e.kind === 'mail' ? [[e.mail.source.offset, e.mail.raw] as const] : [])),
  );
  const read = mails(events);
  assert.ok(read.length > 0);
  for (const m of read)
    assert.ok(original.get(m.source.offset)?.equals(m.raw), `message @${m.source.offset} is garbled`);
});

test('a cut .gz keeps its last, partly read message and says where the file ends', async () => {
  const source = path.join(corpus, 'lkml-iommu-archive', 'iommu-list-week-2020-03-02.mbox');
  const full = execFileSync('gzip', ['-c', source], { maxBuffer: 64 << 20 });
  const gz = path.join(dir, 'week-half.mbox.gz');
  fs.writeFileSync(gz, full.subarray(0, Math.floor(full.length / 2)));
  const events = await collect([gz]);
  const cut = warningsOf(events).find((w) => /cannot read past this point: unexpected end of file/.test(w.message));
  assert.ok(cut !== undefined && typeof cut.offset === 'number' && cut.offset > 0, JSON.stringify(warningsOf(events)));
  const last = mails(events).at(-1);
  const end = (last?.source.offset ?? 0) + (last?.raw.length ?? 0);
  assert.ok(end <= cut.offset + 1);
  assert.ok(end > cut.offset - 200_000, 'the partly read message is kept');
});

test('20,000 empty "From " lines in a small .gz: the first warnings are kept, the rest counted in one line', async () => {
  const gz = path.join(dir, 'empty-froms.mbox.gz');
  const lines = Buffer.from('From a@b Mon Jan  1 00:00:00 2024\n'.repeat(20_000));
  fs.writeFileSync(gz, gzipSync(Buffer.concat([lines, good])));
  const events = await collect([gz]);
  const warnings = warningsOf(events);
  assert.equal(mails(events).length, 4);
  assert.equal(warnings.length, MAX_WARNINGS_PER_FILE + 1);
  assert.equal(
    warnings.at(-1)?.message,
    `${20_000 - MAX_WARNINGS_PER_FILE} more like this (past the first ${MAX_WARNINGS_PER_FILE} warnings of the file): empty message after its "From " line`,
  );
});
