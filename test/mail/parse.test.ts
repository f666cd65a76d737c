import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseMail, parseMessageIds } from '../../src/mail/index.js';
import type { ParsedMessage, RawMail } from '../../src/mail/types.js';
import { collect, corpus, corpusMailFiles, mails } from './corpus.js';

const file = (dir: string, name: string): string => path.join(corpus, dir, name);
const parseFile = async (f: string): Promise<ParsedMessage[]> => Promise.all(mails(await collect([f])).map(parseMail));
/** All values of a header field, joined (multiple References headers exist in the corpus). */
const header = (raw: RawMail, name: string): string | null => {
  const head = raw.raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
  const values = [...head.matchAll(new RegExp(`^${name}:[ \\t]*([^\\n]*(?:\\n[ \\t][^\\n]*)*)`, 'gim'))].map((m) =>
    (m[1] ?? '').trim(),
  );
  return values.length === 0 ? null : values.join(' ');
};

let all: { raw: RawMail; parsed: ParsedMessage }[] = [];
before(async () => {
  const raws = mails(await collect(corpusMailFiles()));
  all = await Promise.all(raws.map(async (raw) => ({ raw, parsed: await parseMail(raw) })));
});

describe('parseMail on the corpus', () => {
  it('keys a message by its Message-ID without brackets', () => {
    for (const { raw, parsed } of all) {
      const mid = header(raw, 'message-id');
      const expected = mid === null ? undefined : /<([^<>\s]+@[^<>\s]+)>/.exec(mid)?.[1];
      if (expected === undefined) assert.match(parsed.key, /^sha256:[0-9a-f]{64}$/);
      else assert.equal(parsed.key, expected);
    }
  });

  it('undoes the DMARC "X via iommu" From rewrite with the Reply-To author', () => {
    const munged = all.filter(({ raw }) => / via iommu/.test(header(raw, 'from') ?? ''));
    assert.ok(munged.length > 200);
    for (const { raw, parsed } of munged) {
      assert.ok(!/ via /.test(parsed.from.name ?? ''), `still munged: ${parsed.from.name}`);
      assert.notEqual(parsed.from.email, 'iommu@lists.linux-foundation.org');
      const replyTo = header(raw, 'reply-to');
      if (replyTo !== null && parsed.from.email !== null) assert.ok(replyTo.includes(parsed.from.email));
    }
  });

  it("keeps the sender's UTC offset in ISO 8601 dates", () => {
    let checked = 0;
    for (const { raw, parsed } of all) {
      const date = header(raw, 'date');
      const zone = date === null ? null : /\s([+-])(\d\d)(\d\d)\b/.exec(date);
      if (!zone || parsed.date === null) continue;
      assert.ok(
        parsed.date.endsWith(
          `${zone[1] === '-' && zone[2] === '00' && zone[3] === '00' ? '+' : zone[1]}${zone[2]}:${zone[3]}`,
        ),
        `${date} -> ${parsed.date}`,
      );
      assert.equal(Date.parse(parsed.date), Date.parse(date ?? ''), `${date} -> ${parsed.date}`);
      checked++;
    }
    assert.ok(checked > 1300);
  });

  it('decodes RFC 2047 subjects and From names (gb2312 subjects, iso-8859-1 names)', async () => {
    const gb = await parseFile(file('lkml-iommu-archive', 'intel-iommu-problem-gb2312-encoded-subject.mbox'));
    assert.ok(gb.every((m) => m.subject.includes('？') && !m.subject.includes('=?')));
    const names = (await parseFile(file('lkml-iommu-archive', 'ipmmu-vmsa-encoded-from-iso-8859-1.mbox'))).map(
      (m) => m.from.name ?? '',
    );
    assert.ok(names.some((n) => n.includes('Söderlund')));
    assert.ok(names.every((n) => !n.includes('=?')));
  });

  it('keeps a text/x-patch attachment as a patch and takes text from HTML-only mail', async () => {
    const bug = await parseFile(file('lkml-iommu-archive', 'intel-iommu-kernel-bug-html.mbox'));
    const patches = bug.flatMap((m) => m.attachments);
    assert.ok(patches.some((a) => a.contentType === 'text/x-patch' && /^(diff|---|\+\+\+|@@)/m.test(a.text)));
    for (const m of bug) assert.ok(!/<(html|div|p)\b/i.test(m.body), 'HTML left in a body');
    const week = (await parseFile(file('lkml-iommu-archive', 'iommu-list-week-2020-03-02.mbox'))).flatMap(
      (m) => m.attachments,
    );
    assert.ok(week.length >= 10, 'the week slice has 16 text/x-patch parts');
  });

  it('hashes the same message equally when re-archived with other Received headers, and differently when edited', async () => {
    const { raw, parsed } = all[5] ?? assert.fail('corpus empty');
    const rearchived = await parseMail({
      ...raw,
      raw: Buffer.concat([Buffer.from('Received: by another.archive; Tue, 2 Jan 2024 00:00:00 +0000\n'), raw.raw]),
    });
    assert.equal(rearchived.contentHash, parsed.contentHash);
    const edited = await parseMail({ ...raw, raw: Buffer.concat([raw.raw, Buffer.from('\nan added line\n')]) });
    assert.notEqual(edited.contentHash, parsed.contentHash);
  });

  it('decodes the legacy charsets of the corpus without replacement characters', async () => {
    for (const name of ['vdso-timens-koi8-r.mbox', 'mempolicy-tiered-interleave-utf-7.mbox']) {
      for (const m of await parseFile(file('lkml-linux-arch-archive', name)))
        assert.ok(!m.body.includes('\ufffd'), `${name}: ${m.key}`);
    }
    const jp = await parseFile(file('lkml-iommu-archive', 'visconti5-iommu-iso-2022-jp.mbox'));
    assert.ok(jp.every((m) => !m.body.includes('\ufffd') && !m.body.includes('\x1b$B')));
  });
});

describe('parseMessageIds', () => {
  it('takes the ids of real References and In-Reply-To headers, brackets removed', () => {
    let n = 0;
    for (const { raw, parsed } of all) {
      for (const [name, ids] of [
        ['references', parsed.references],
        ['in-reply-to', parsed.inReplyTo],
      ] as const) {
        const value = header(raw, name);
        if (value === null) continue;
        for (const id of ids) {
          assert.ok(value.includes(`<${id}>`) || value.trim() === id, `${id} not in ${value}`);
          assert.match(id, /^[^<>\s]+@[^<>\s]+$/);
          n++;
        }
      }
    }
    assert.ok(n > 3000);
  });

  it('drops bogus values: <yes>, encoded words, garbage and truncated ids', () => {
    assert.deepEqual(parseMessageIds('<yes>'), []);
    assert.deepEqual(parseMessageIds('=?utf-8?q?=3Cabc=40example=2Ecom=3E?='), []);
    assert.deepEqual(parseMessageIds('<a@b.c> (Joe\'s message of "Mon, 1 Jan") garbage'), ['a@b.c']);
    assert.deepEqual(parseMessageIds('<a@b.c>\n <d@e.f> <trunc@ated'), ['a@b.c', 'd@e.f']);
    assert.deepEqual(parseMessageIds('<x <y@z>'), ['y@z']);
    assert.deepEqual(parseMessageIds('bare@id.example'), ['bare@id.example']);
    assert.deepEqual(parseMessageIds(`<${'a'.repeat(5000)}@b>`), []);
  });
});
