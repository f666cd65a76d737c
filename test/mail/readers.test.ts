import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseMail } from '../../src/mail/index.js';
import { unescapeMboxrd } from '../../src/mail/read/mbox.js';
import { collect, corpus, corpusMailFiles, mails, manifestCounts, separatorCount, warningsOf } from './corpus.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'threadlab-mail-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('reading the corpus', () => {
  it('yields, for every corpus file, exactly the messages an independent count finds', async () => {
    const manifest = manifestCounts();
    const files = corpusMailFiles();
    assert.ok(files.length > 80, `corpus found at ${corpus}`);
    for (const file of files) {
      const got = mails(await collect([file])).length;
      const expected = file.endsWith('.eml') ? 1 : separatorCount(file);
      assert.equal(got, expected, `${file}: ${got} messages, "From " lines say ${expected}`);
      const listed = manifest.get(file);
      if (listed !== undefined) assert.equal(got, listed, `${file}: MANIFEST.tsv lists ${listed}`);
    }
  });

  it('reads the whole corpus folder recursively, one file event per mail file', async () => {
    const events = await collect([corpus]);
    const files = events.flatMap((e) => (e.kind === 'file' ? [e.file] : []));
    for (const f of corpusMailFiles(true)) assert.ok(files.includes(f), `no file event for ${f}`);
    const total = corpusMailFiles(true).reduce((n, f) => n + (f.endsWith('.eml') ? 1 : separatorCount(f)), 0);
    assert.equal(mails(events).length, total);
  });

  it('reports progress up to the total bytes of the inputs', async () => {
    const files = corpusMailFiles().filter((f) => f.includes('nosnoop'));
    const seen: [number, number][] = [];
    await collect(files, { onProgress: (done, total) => seen.push([done, total]) });
    const total = files.reduce((n, f) => n + readFileSync(f).length, 0);
    assert.ok(seen.length > 0);
    assert.ok(seen.every(([d, t], i) => t === total && d <= t && (i === 0 || d >= (seen[i - 1]?.[0] ?? 0))));
    assert.equal(seen[seen.length - 1]?.[0], total);
  });

  it('gives byte offsets that point at each message\'s "From " line', async () => {
    const file = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v3.mbox');
    const bytes = readFileSync(file);
    for (const m of mails(await collect([file]))) {
      const offset = m.source.offset ?? -1;
      assert.equal(bytes.toString('latin1', offset, offset + 5), 'From ');
      assert.ok(offset === 0 || bytes[offset - 1] === 0x0a);
    }
  });
});

describe('mboxrd escaping', () => {
  it('turns the corpus\'s escaped ">From " body lines back into "From "', async () => {
    const file = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v2.mbox');
    const text = readFileSync(file, 'latin1');
    const escaped = text.split('\n').filter((l) => /^>+From /.test(l));
    assert.ok(escaped.length > 0, 'the corpus file has an escaped line');
    const raws = mails(await collect([file])).map((m) => m.raw.toString('latin1'));
    for (const line of escaped) {
      const original = line.slice(1);
      assert.ok(
        raws.some((r) => r.split('\n').includes(original)),
        `un-escaped ${JSON.stringify(original)}`,
      );
      if (!original.startsWith('>'))
        assert.ok(!raws.some((r) => r.split('\n').includes(line)), `still escaped: ${line}`);
    }
  });

  it('round-trips body lines "From x", ">From y" and ">>From z" through an mboxrd file', async () => {
    const source = mails(await collect([path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v3.mbox')]));
    const originals = source
      .slice(0, 3)
      .map((m) => Buffer.concat([m.raw, Buffer.from('\nFrom x\n>From y\n>>From z\nend\n')]));
    const mboxrdEscape = (b: Buffer): string => b.toString('latin1').replace(/^(>*From )/gm, '>$1');
    const mbox = originals.map((b) => `From mboxrd@z Thu Jan  1 00:00:00 1970\n${mboxrdEscape(b)}\n`).join('');
    const file = path.join(tmp, 'roundtrip.mbox');
    writeFileSync(file, Buffer.from(mbox, 'latin1'));
    const back = mails(await collect([file]));
    assert.equal(back.length, originals.length);
    back.forEach((m, i) =>
      assert.ok(m.raw.equals(originals[i] as Buffer), `message ${i} differs after the round trip`),
    );
    assert.equal(
      unescapeMboxrd(Buffer.from('>From a\n>>From b\n> From c\n')).toString(),
      'From a\n>From b\n> From c\n',
    );
  });
});

describe('compressed and single-message inputs', () => {
  it('reads a .gz mbox like the plain file, offsets in the decompressed bytes', async () => {
    const plain = path.join(corpus, 'lkml-iommu-archive', 'vfio-type1-attach-detach-v4.mbox');
    const gz = path.join(tmp, 'thread.mbox.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const a = mails(await collect([plain]));
    const b = mails(await collect([gz]));
    assert.equal(b.length, a.length);
    b.forEach((m, i) => {
      assert.equal(m.source.offset, a[i]?.source.offset);
      assert.ok(m.raw.equals(a[i]?.raw ?? Buffer.alloc(0)));
    });
  });

  it('reads a Maildir (cur/ and new/) built from corpus messages', async () => {
    const source = mails(await collect([path.join(corpus, 'lkml-iommu-archive', 'vfio-type1-attach-detach-v4.mbox')]));
    const dir = path.join(tmp, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
    source.forEach((m, i) => {
      const sub = i % 2 === 0 ? 'cur' : 'new';
      writeFileSync(path.join(dir, sub, `${1600000000 + i}.M${i}P1.host${sub === 'cur' ? ':2,S' : ''}`), m.raw);
    });
    const events = await collect([dir]);
    assert.deepEqual(
      events.filter((e) => e.kind === 'file').map((e) => e.kind === 'file' && e.format),
      ['maildir'],
    );
    const got = mails(events);
    assert.equal(got.length, source.length);
    const ids = async (ms: typeof got) => (await Promise.all(ms.map(parseMail))).map((p) => p.key).sort();
    assert.deepEqual(await ids(got), await ids(source));
  });

  it('reads every .eml of the corpus as one message starting at offset 0', async () => {
    const emls = corpusMailFiles(true).filter((f) => f.endsWith('.eml'));
    assert.ok(emls.length >= 6);
    for (const f of emls) {
      const ms = mails(await collect([f]));
      assert.equal(ms.length, 1, f);
      assert.equal(ms[0]?.source.offset, 0);
      assert.equal(ms[0]?.format, 'eml');
    }
  });
});

describe('public-inbox archives', () => {
  const bundle = path.join(corpus, 'public-inbox', 'linux-arch-2025-2026-last400.bundle');
  const repo = path.join(tmp, 'linux-arch-epoch');
  execFileSync('git', ['clone', '-q', bundle, repo]);

  it('reads all 400 messages of the cloned lore epoch through git, then a checkpoint at HEAD', async () => {
    const events = await collect([repo]);
    assert.equal(mails(events).length, 400);
    const head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const last = events[events.length - 1];
    assert.deepEqual(last, { kind: 'checkpoint', repo, commit: head });
    assert.ok(mails(events).every((m) => m.format === 'public-inbox' && m.source.file.startsWith(`${repo}#`)));
    const parsed = await Promise.all(mails(events).slice(0, 20).map(parseMail));
    assert.ok(parsed.every((p) => p.messageId !== null));
  });

  it('reads nothing again when started after the last imported commit, and only what was appended', async () => {
    const head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const again = await collect([repo], { publicInboxSince: (r) => (r === repo ? head : null) });
    assert.equal(mails(again).length, 0);
    // a new message arrives: one more commit writing `m`, as public-inbox does
    const first = mails(
      await collect([
        path.join(corpus, 'lkml-linux-arch-archive', 'loongarch-cmdline-orphan-reply-no-references.mbox'),
      ]),
    )[0];
    writeFileSync(path.join(repo, 'm'), first?.raw ?? Buffer.alloc(0));
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    };
    execFileSync('git', ['-C', repo, 'commit', '-q', '-am', 'new message'], { env });
    const next = await collect([repo], { publicInboxSince: () => head });
    assert.equal(mails(next).length, 1);
    assert.ok(mails(next)[0]?.raw.equals(first?.raw ?? Buffer.alloc(0)));
  });
});

describe('bad input', () => {
  it('reports a path that does not exist as a user error', async () => {
    await assert.rejects(collect([path.join(tmp, 'no-such.mbox')]), { name: 'UserError' });
  });

  it('warns with file and offset about the not-mail files in the corpus folder and reads on', async () => {
    const events = await collect([corpus]);
    const w = warningsOf(events);
    for (const name of ['MANIFEST.tsv', 'SOURCES.md']) {
      assert.ok(
        w.some((x) => x.file === path.join(corpus, name) && x.offset === 0 && /not mail/.test(x.message)),
        name,
      );
    }
    assert.ok(w.some((x) => x.file.endsWith('.bundle') && /binary/.test(x.message)));
  });
});
