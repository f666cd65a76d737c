import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSources } from '../../../src/mail/index.js';
import type { ParsedMessage } from '../../../src/mail/types.js';
import { detectWebDump, parseWebDump } from '../../../src/mail/webdump/index.js';
import { corpus, repoRoot, tempDir } from '../../import/corpus.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'webdump');
const fixture = (f: string): string => fs.readFileSync(path.join(fixtures, f), 'utf8');

describe('telling web-archive pages from mail and notes', () => {
  it('refuses mbox files (even ones quoting lore pages), header blocks without lore marks, and notes', () => {
    for (const f of ['nosnoop-v1.mbox', 'nosnoop-v3.mbox', 'vfio-type1-attach-detach-v2.mbox']) {
      assert.equal(detectWebDump(fs.readFileSync(path.join(corpus, 'lkml-iommu-archive', f), 'utf8')), null, f);
    }
    const quoting =
      'From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: x\n\nDate: Fri,  2 Sep 2022 14:56:31 +0200\t[thread overview]\nMessage-ID: <a@b> (raw)\n';
    assert.equal(detectWebDump(quoting), null);
    assert.equal(
      detectWebDump('From: a@b\nTo: c@d\nSubject: hi\nDate: Fri, 2 Sep 2022 14:56:31 +0200\n\nbody\n'),
      null,
    );
    assert.equal(detectWebDump('meeting notes\nFrom: the list\nDate: tomorrow\nList: of things\n'), null);
  });

  it('reads a real lists.openwall.net page: id, offset date, the cut address dropped, a wrapped To', () => {
    const text = fixture('openwall-linux-kernel-2009-07-22-401.txt');
    assert.equal(detectWebDump(text), 'openwall');
    const [m, ...rest] = parseWebDump(text, 'f', 'openwall').messages;
    assert.ok(m);
    assert.equal(rest.length, 0);
    assert.equal(m.messageId, 'ada3a8oobis.fsf@cisco.com');
    assert.equal(m.date, '2009-07-22T10:47:23-07:00');
    assert.deepEqual(m.from, { name: 'Roland Dreier', email: null });
    assert.equal(m.subject, '[PATCH/RFC] ummunot: Userspace support for MMU notifications');
    assert.match(m.body, /^As discussed in/);
  });

  it('reads a real lkml.iu.edu page with its blank lines around From/Date', () => {
    const text = fixture('hypermail-lkml-iu-1212.2-00812.txt');
    assert.equal(detectWebDump(text), 'hypermail');
    const [m] = parseWebDump(text, 'f', 'hypermail').messages;
    assert.equal(m?.from.name, 'Minchan Kim');
    assert.equal(m?.date, '2012-12-18T01:57:34-05:00');
    assert.match(m?.body ?? '', /^This patch adds/);
  });

  it('imports a lore message page copied from its "From:" line as lore, not as a mail', async () => {
    const dir = tempDir('lore-head');
    const file = path.join(dir, 'page.txt');
    fs.writeFileSync(
      file,
      [
        'From: Jason Gunthorpe <jgg@nvidia.com>',
        'To: Yan Zhao <yan.y.zhao@intel.com>',
        'Subject: Re: [PATCH 5/5] iommufd: Flush CPU caches on DMA pages in non-coherent domains',
        'Date: Thu, 9 May 2024 11:13:32 -0300\t[thread overview]',
        'Message-ID: <20240509141332.GP4650@nvidia.com> (raw)',
        'In-Reply-To: <20240507062212.20535-1-yan.y.zhao@intel.com>',
        '',
        'On Tue, May 07, 2024 at 02:22:12PM +0800, Yan Zhao wrote:',
        '> Flush CPU cache on DMA pages',
        '',
        'Why?',
        '',
        'Jason',
        '',
        '^ permalink raw reply\t[flat|nested] 64+ messages in thread',
        '',
      ].join('\n'),
    );
    const got: ParsedMessage[] = [];
    for await (const ev of readSources([file])) if (ev.kind === 'parsed') got.push(ev.message);
    assert.equal(got.length, 1);
    assert.equal(got[0]?.format, 'lore');
    assert.deepEqual(got[0]?.inReplyTo, ['20240507062212.20535-1-yan.y.zhao@intel.com']);
    assert.equal(got[0]?.date, '2024-05-09T11:13:32-03:00');
    assert.ok(got[0]?.body.endsWith('Jason'));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
