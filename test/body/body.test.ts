import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readBody } from '../../src/body/index.js';
import { parseAttributionDate } from '../../src/mail/date.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const seed = (name: string): string => fs.readFileSync(path.join(repo, 'data', 'seeds', name), 'utf8');
const author = { name: 'Yan Zhao', email: null, date: '2024-06-05T22:49:28-04:00', attributed: false };

test('gives each quote depth of seed 000 the voice its attribution line names, and unnamed deeper quotes no name', () => {
  const body = seed('000_b23a8a57a08d890d.txt').split('\n').slice(3).join('\n');
  const passages = readBody(body, { author, patchHunks: [] });
  const byStart = (words: string) => passages.find((p) => p.text.startsWith(words));
  assert.equal(byStart('Just have a unmap version')?.voice.name, 'Christoph Hellwig');
  assert.equal(byStart('Just have a unmap version')?.voice.date, '2024-05-27T23:37:34-07:00');
  assert.equal(byStart('Though this would be pretty difficult')?.voice.name, 'Jason Gunthorpe');
  assert.equal(byStart('Though this would be pretty difficult')?.voice.date?.slice(0, 10), '2024-05-21');
  assert.equal(byStart('We could possibly move')?.voice.name, null);
  assert.equal(byStart('Would the core code flush')?.depth, 0);
  assert.equal(byStart('Would the core code flush')?.voice.name, 'Yan Zhao');
  // the reply line right under a quote is not swallowed into it (remark's lazy continuation)
  assert.ok(passages.every((p) => !(p.depth > 0 && p.text.includes('Would the core code'))));
});

test('cuts the quoted diff of a Patchwork review and anchors each comment to the file and hunk above it', () => {
  const text = seed('002_729ddf41e7386296.txt');
  const start = text.indexOf('Jason Gunthorpe May 9, 2024');
  const end = text.indexOf('Yan Zhao May 10, 2024');
  const body = text.slice(start, end).split('\n').slice(1).join('\n');
  const hunks = [
    {
      file: 'drivers/iommu/iommufd/pages.c',
      header: '@@ -637,10 +648,18 @@ static void batch_unpin(struct pfn_batch *batch, struct iopt_pages *pages,',
      section: 'static void batch_unpin(struct pfn_batch *batch, struct iopt_pages *pages,',
    },
  ];
  const passages = readBody(body, { author: { ...author, name: 'Jason Gunthorpe' }, patchHunks: hunks });
  assert.ok(
    passages.every((p) => !/^[+-]\s*(?:down_write|iopt->)/m.test(p.text)),
    'diff lines left in the prose',
  );
  const nicer = passages.find((p) => p.text.startsWith('I think it would be nicer'));
  assert.equal(nicer?.hunk?.file, 'drivers/iommu/iommufd/hw_pagetable.c');
  assert.equal(
    passages.find((p) => p.text.startsWith('Move this up a line'))?.hunk?.file,
    'drivers/iommu/iommufd/io_pagetable.h',
  );
  // this hunk's file header was trimmed by the reviewer: the thread's patch names it
  assert.equal(passages.find((p) => p.text.startsWith('Make sense'))?.hunk?.file, 'drivers/iommu/iommufd/pages.c');
  assert.ok(!passages.some((p) => p.text === 'Jason'), 'sign-off kept as prose');
});

test("reads the dates of mutt, Thunderbird and RFC 2822 attribution lines in the writer's own time", () => {
  assert.equal(parseAttributionDate('Sat, Jun 01, 2024 at 04:46:14PM -0300'), '2024-06-01T16:46:14-03:00');
  assert.equal(parseAttributionDate('29/09/15 15:32'), '2015-09-29T15:32:00');
  assert.equal(parseAttributionDate('Thu, 23 May 2024 16:47:53 -0600'), '2024-05-23T16:47:53-06:00');
});

test('keeps a header line and a signature out of the prose of a reply', () => {
  const body = [
    'On Tue, May 21, 2024 at 01:04:42PM -0300, Jason Gunthorpe wrote:',
    '> # not a heading',
    '> __init__ stays',
    '',
    'Reply text here.',
    '',
    '-- ',
    'sig line',
  ].join('\n');
  const passages = readBody(body, { author, patchHunks: [] });
  assert.deepEqual(
    passages.map((p) => [p.depth, p.text]),
    [
      [1, '# not a heading\n__init__ stays'],
      [0, 'Reply text here.'],
    ],
  );
});

test('credits words to the bare name: an affiliation in parentheses is not part of it', async () => {
  const { cleanName } = await import('../../src/mail/names.js');
  assert.equal(cleanName('"Russell King (Oracle)" <linux@armlinux.org.uk>').name, 'Russell King');
  assert.equal(cleanName('Jason Gunthorpe via iommu <iommu@lists.linux-foundation.org>').name, 'Jason Gunthorpe');
});

test('a quoted fragment that lost its diff header is anchored to the patch file whose lines it copies', async () => {
  const { readBody: read } = await import('../../src/body/index.js');
  const { diffLineKey } = await import('../../src/body/index.js');
  const patchLines = new Map(
    [
      ['+struct widget_ops *widget_alloc(void);', 'include/linux/widget.h'],
      ['+\treturn kzalloc(sizeof(struct widget_ops), GFP_KERNEL);', 'lib/widget.c'],
    ].map(([l, f]) => [diffLineKey(l as string) as string, f as string]),
  );
  const body = [
    'On Mon, Jan 1, 2024 at 10:00:00AM +0000, Ann Author wrote:',
    '> +struct widget_ops *widget_alloc(void);',
    '',
    'Why a pointer here?',
    '',
    '> +\treturn kzalloc(sizeof(struct widget_ops), GFP_KERNEL);',
    '',
    'And this should be kmalloc.',
    '',
  ].join('\n');
  const passages = read(body, {
    author: { name: 'Rev Iewer', email: null, date: null, attributed: false },
    patchHunks: [],
    patchLines,
  });
  const own = passages.filter((p) => p.depth === 0 && p.hunk !== null);
  assert.deepEqual(
    own.map((p) => p.hunk?.file),
    ['include/linux/widget.h', 'lib/widget.c'],
  );
});

test("git's in-body From: line over a patch is a header, not the first sentence of the cover letter", async () => {
  const { realMessage } = await import('./real-mail.js');
  // Yu Kuai posts from huaweicloud.com a series authored at huawei.com (data/corpus, block-2024-iocost-module).
  const mbox = path.join(repo, 'data', 'corpus', 'mbox', 'block-2024-iocost-module.mbox');
  const m = await realMessage(mbox, '20240613014937.1326020-1-yukuai1@huaweicloud.com');
  assert.match(m.body, /^From: Yu Kuai <yukuai3@huawei\.com>$/m);
  const passages = readBody(m.body, { author: { ...author, name: 'Yu Kuai' }, patchHunks: [] });
  assert.ok(passages.length > 0);
  assert.ok(!passages.some((p) => p.text.startsWith('From:')));
});
