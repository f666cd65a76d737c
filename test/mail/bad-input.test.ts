/**
 * Bad input: every case gives a warning with file and byte offset, and the
 * good messages around it still come through. Cases are built from real
 * corpus messages, damaged the way archives get damaged.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseMail } from '../../src/mail/index.js';
import type { ImportWarning } from '../../src/errors.js';
import type { ParsedMessage, RawMail } from '../../src/mail/types.js';
import { collect, corpus, corpusMailFiles, mails, warningsOf } from './corpus.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'threadlab-bad-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let good: RawMail[] = [];
before(async () => {
  good = mails(await collect([path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v3.mbox')]));
});

const SEP = 'From mboxrd@z Thu Jan  1 00:00:00 1970\n';
/** An mbox: good message, the bad one, good message. */
function sandwich(name: string, bad: Buffer): string {
  const file = path.join(tmp, name);
  const g = (i: number): Buffer => good[i]?.raw ?? Buffer.alloc(0);
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from(SEP),
      g(0),
      Buffer.from('\n' + SEP),
      bad,
      Buffer.from('\n' + SEP),
      g(1),
      Buffer.from('\n'),
    ]),
  );
  return file;
}

async function readAndParse(file: string): Promise<{ parsed: ParsedMessage[]; warnings: ImportWarning[] }> {
  const events = await collect([file]);
  const parsed = await Promise.all(mails(events).map(parseMail));
  return { parsed, warnings: [...warningsOf(events), ...parsed.flatMap((p) => p.warnings)] };
}

function assertGoodSurvive(parsed: readonly ParsedMessage[]): void {
  const keys = parsed.map((p) => p.key);
  for (const i of [0, 1]) {
    const id = /^message-id:\s*<([^>]+)>/im.exec(good[i]?.raw.toString('latin1') ?? '')?.[1];
    assert.ok(id !== undefined && keys.includes(id), `good message ${id} is missing`);
  }
}

function assertWarned(warnings: readonly ImportWarning[], file: string, pattern: RegExp): ImportWarning {
  const w = warnings.find((x) => pattern.test(x.message));
  assert.ok(w, `no warning matching ${pattern}: ${JSON.stringify(warnings)}`);
  assert.equal(w.file, file);
  assert.equal(typeof w.offset, 'number');
  return w;
}

/** Replace the first header line matching `re` in a raw message. */
const editHeader = (raw: Buffer, re: RegExp, by: string): Buffer =>
  Buffer.from(raw.toString('latin1').replace(re, by), 'latin1');

describe('bad input', () => {
  it('an empty file gives a warning, no message', async () => {
    const file = path.join(tmp, 'empty.mbox');
    writeFileSync(file, '');
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 0);
    assert.equal(assertWarned(warnings, file, /empty/).offset, 0);
  });

  it('a binary file (a git bundle) is reported as not mail', async () => {
    const file = path.join(tmp, 'archive.bin');
    copyFileSync(path.join(corpus, 'public-inbox', 'linux-arch-2025-2026-last400.bundle'), file);
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 0);
    assertWarned(warnings, file, /not mail: binary/);
  });

  it('a file that is not mail at all (the corpus README) is reported as not mail', async () => {
    const file = path.join(tmp, 'notes.txt');
    copyFileSync(path.join(corpus, 'SOURCES.md'), file);
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 0);
    assert.equal(assertWarned(warnings, file, /not mail/).offset, 0);
  });

  it('a truncated mbox keeps every whole message and warns where the cut one starts', async () => {
    const source = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v3.mbox');
    const bytes = readFileSync(source);
    const lastStart = bytes.lastIndexOf('\nFrom mboxrd@z') + 1;
    const file = path.join(tmp, 'truncated.mbox');
    writeFileSync(file, bytes.subarray(0, lastStart + 300)); // cut inside the last message's headers
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, good.length);
    assert.equal(assertWarned(warnings, file, /truncated/).offset, lastStart);
    assert.deepEqual(
      parsed.slice(0, -1).map((p) => p.key),
      (await Promise.all(good.slice(0, -1).map(parseMail))).map((p) => p.key),
    );
  });

  it('a header line without a colon is reported; the message and its neighbours are kept', async () => {
    const bad = editHeader(good[2]?.raw ?? Buffer.alloc(0), /^Subject:/m, 'this line has no colon\nSubject:');
    const file = sandwich('nocolon.mbox', bad);
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 3);
    assertGoodSurvive(parsed);
    const w = assertWarned(warnings, file, /header line without colon/);
    assert.equal(readFileSync(file, 'latin1').slice(w.offset ?? 0, (w.offset ?? 0) + 5), 'From ');
    assert.ok((parsed[1]?.subject ?? '').length > 0, 'the headers after the bad line are still read');
  });

  it('an unknown charset (the corpus\'s charset "y") is read as UTF-8 with a warning', async () => {
    const file = path.join(
      corpus,
      'lkml-linux-arch-archive',
      'riscv-dma-coherent-allwinner-d1-rfc-v2-bogus-charset.mbox',
    );
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 51);
    assertWarned(warnings, file, /unknown charset "y"/);
  });

  it('undecodable bytes are replaced and counted, never fatal', async () => {
    const raw = editHeader(
      good[2]?.raw ?? Buffer.alloc(0),
      /^Content-Type:[^\n]*/im,
      'Content-Type: text/plain; charset=utf-8',
    );
    const body = Buffer.concat([raw, Buffer.from([0xff, 0xfe, 0x41, 0x0a])]);
    const file = sandwich('badbytes.mbox', body);
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 3);
    assertWarned(warnings, file, /^2 undecodable bytes replaced/);
  });

  it('MIME nested past the limit is read as text with a warning', async () => {
    const inner = good[2]?.raw ?? Buffer.alloc(0);
    const split = inner.indexOf('\n\n');
    let headers = inner
      .toString('latin1', 0, split)
      .replace(/^(content-type|content-transfer-encoding):[^\n]*(\n[ \t][^\n]*)*\n?/gim, '');
    let body = '';
    const depth = 200;
    for (let i = 0; i < depth; i++) body += `--b${i}\nContent-Type: multipart/mixed; boundary=b${i + 1}\n\n`;
    body += `--b${depth}\nContent-Type: text/plain\n\n${inner.toString('latin1', split + 2)}\n--b${depth}--\n`;
    headers += '\nContent-Type: multipart/mixed; boundary=b0';
    const file = sandwich('deep.mbox', Buffer.from(`${headers}\n\n${body}`, 'latin1'));
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 3);
    assertGoodSurvive(parsed);
    assertWarned(warnings, file, /MIME nested past/);
  });

  it('a message without Message-ID gets a stable key derived from its content', async () => {
    const bad = editHeader(good[2]?.raw ?? Buffer.alloc(0), /^Message-ID:[^\n]*\n/im, '');
    const file = sandwich('noid.mbox', bad);
    const first = await readAndParse(file);
    assert.equal(first.parsed.length, 3);
    assertGoodSurvive(first.parsed);
    assertWarned(first.warnings, file, /no Message-ID/);
    const key = first.parsed[1]?.key ?? '';
    assert.match(key, /^sha256:[0-9a-f]{64}$/);
    // the same message elsewhere, with another Received header on top: same key
    const eml = path.join(tmp, 'noid.eml');
    writeFileSync(
      eml,
      Buffer.concat([Buffer.from('Received: from elsewhere by relay; Mon, 1 Jan 2024 00:00:00 +0000\n'), bad]),
    );
    const second = await readAndParse(eml);
    assert.equal(second.parsed[0]?.key, key);
  });

  it('a Date that does not parse gives date null and a warning', async () => {
    const bad = editHeader(good[2]?.raw ?? Buffer.alloc(0), /^Date:[^\n]*/m, 'Date: the day after tomorrow');
    const file = sandwich('baddate.mbox', bad);
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed[1]?.date, null);
    assertGoodSurvive(parsed);
    assertWarned(warnings, file, /unparseable Date/);
  });

  it('a header block over 1 MB (a 1 MB Subject, a 1 MB X- header, 100,000 Received lines) keeps the Message-ID, Date, author and body', async () => {
    // The review's H11, H12, H14: the header cap ended the block at 1 MB, so what followed
    // (the Message-ID, the Date, the body) was lost while the warning said "body kept".
    const real = good[2]?.raw ?? Buffer.alloc(0);
    const raw = real.toString('latin1');
    const id = /^message-id:\s*<([^>]+)>/im.exec(raw)?.[1];
    const date = /^date:[^\n]*/im.exec(raw)?.[0];
    const split = raw.indexOf('\n\n');
    const ownBody = real
      .toString('utf8', split + 2)
      .split('\n')
      .find((l) => l.trim().length > 20 && !l.startsWith('>'));
    assert.ok(id !== undefined && date !== undefined && ownBody !== undefined);
    const cases: [string, string][] = [
      ['subject', `Subject: ${'s'.repeat(1 << 20)}\n`],
      ['x-long', `X-Long: ${'a'.repeat((1 << 20) + 10)}\n`],
      ['received', 'Received: from relay.example by mx.example; Mon, 1 Jan 2024 00:00:00 +0000\n'.repeat(100_000)],
    ];
    for (const [name, hostile] of cases) {
      // The hostile lines go first, so every header the message had comes after them.
      const file = sandwich(`bighdr-${name}.mbox`, Buffer.concat([Buffer.from(hostile, 'latin1'), real]));
      const { parsed, warnings } = await readAndParse(file);
      assert.equal(parsed.length, 3, name);
      assertGoodSurvive(parsed);
      const m = parsed[1];
      assert.equal(m?.messageId, id, name);
      assert.ok(m?.date !== null, name);
      assert.ok(m?.from.email !== null, `${name}: the author`);
      assert.ok(m?.body.includes(ownBody), `${name}: the body`);
      assert.ok(!warnings.some((w) => /no blank line after the headers/.test(w.message)), name);
      if (name !== 'received') assertWarned(warnings, file, new RegExp(`header ${name} cut at`));
    }
  });

  it('a message over the size limit is cut with a warning, and the next one is read', async () => {
    const big = Buffer.concat([
      good[2]?.raw ?? Buffer.alloc(0),
      Buffer.alloc(20 * 1024 * 1024, 'all work and no play\n'),
    ]);
    const file = sandwich('huge.mbox', big);
    const { parsed, warnings } = await readAndParse(file);
    assert.equal(parsed.length, 3);
    assertGoodSurvive(parsed);
    assertWarned(warnings, file, /cut to its first/);
  });

  it('survives every fuzzed patchwork mail (no throw; warnings allowed)', async () => {
    const fuzz = corpusMailFiles(true).filter((f) => f.includes(`${path.sep}fuzz${path.sep}`));
    assert.ok(fuzz.length >= 17);
    for (const f of fuzz) {
      const { parsed, warnings } = await readAndParse(f);
      assert.ok(parsed.length + warnings.length > 0, f);
      for (const p of parsed) {
        assert.equal(typeof p.key, 'string');
        assert.ok(p.date === null || !Number.isNaN(Date.parse(p.date)), `${f}: date ${p.date}`);
      }
    }
  });
});
