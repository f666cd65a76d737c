/** Units: the owned sentences the classifier labels, read from real mail through the real import path. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/extract/nlp.js';
import { unitsOfFile } from '../../scripts/units.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = path.join(repo, '..', 'shared', 'corpus');

test('a sentence never ends inside a code span, an abbreviation or a version number', () => {
  const s = analyze(
    'We map it (i.e.\nIOMMU_CACHE) and free area->pages in iopt_unmap(). See v2.1 for details. Then we could drop it.',
  );
  assert.deepEqual(
    s.map((x) => x.text),
    [
      'We map it (i.e. IOMMU_CACHE) and free area->pages in iopt_unmap().',
      'See v2.1 for details.',
      'Then we could drop it.',
    ],
  );
  assert.ok(
    s[0]?.tokens.some((t) => t.pos === 'IDENT'),
    'a code span is one token of its own',
  );
  assert.ok(
    analyze("This doesn't work.")[0]?.tokens.some((t) => t.negated),
    'negation scope comes from the model',
  );
});

test('a member named with its leading dot, a stable series and "etc." before a capital split where the writer did', async () => {
  // Laurent Pinchart on dma-2025-xlate-cookie: wink-nlp ended the sentence at the dot of ".of_dma_xlate()".
  const [thread] = await unitsOfFile(path.join(repo, 'data', 'corpus', 'mbox', 'dma-2025-xlate-cookie.mbox'));
  const texts = thread?.units.map((u) => u.text) ?? [];
  assert.ok(texts.includes('Is .of_dma_xlate() really the right place to do that ?'));
  assert.ok(texts.includes('.of_xlate() also seems the wrong place to do this.'));
  assert.ok(!texts.includes('Is .'));
  // Konrad Dybcio's quote of the patch's "---" line and Frank Li's "..." for an elided quote are no units.
  assert.ok(
    texts.every((t) => /[\p{L}\p{N}?]/u.test(t)),
    'a unit of punctuation only',
  );
  // Thomas Ruf, dmaengine-2020-userspace-transfer <419762761.402939.1592827272368@mailbusiness.ionos.de>.
  assert.deepEqual(
    analyze('Of course that was on kernel 4.19.x where DMA_SG was still available.').map((s) => s.text),
    ['Of course that was on kernel 4.19.x where DMA_SG was still available.'],
  );
  // Martin K. Petersen, hwmon-2019-drivetemp-sata: "etc." closes the list and the sentence.
  assert.deepEqual(
    analyze(
      'SES allows you to monitor power supplies, drive bays, hot swap events, thermals, etc. We have a SES driver in SCSI that exposes all these things in sysfs.',
    ).map((s) => s.text),
    [
      'SES allows you to monitor power supplies, drive bays, hot swap events, thermals, etc.',
      'We have a SES driver in SCSI that exposes all these things in sysfs.',
    ],
  );
});

test('every unit of a real thread is a sentence its author wrote, credited once, with the quote it answers', async () => {
  // Will Deacon's linux-arch thread: 13 messages, replies quoting each other's paragraphs.
  const [thread] = await unitsOfFile(
    path.join(corpus, 'lkml-linux-arch-archive', 'cache-maintenance-noncoherent-dma-arch-sync.mbox'),
  );
  assert.ok(thread !== undefined);
  const units = thread.units;
  const texts = units.map((u) => u.text);
  assert.equal(new Set(units.map((u) => u.id)).size, units.length, 'unit ids are unique');
  // Robin Murphy's "No, partial DMA writes ..." is his, once, under Russell King's quoted question.
  const robin = units.filter((u) => u.text.startsWith('No, partial DMA writes'));
  assert.equal(robin.length, 1);
  assert.equal(robin[0]?.author, 'Robin Murphy');
  assert.match(robin[0]?.above?.text ?? '', /DMA failure/);
  assert.equal(robin[0]?.above?.ownWords, false);
  // Quoted copies of Will's opening are not units of the replies that quote them.
  const opening = texts.filter((t) => t.startsWith('Having the caller receive DMA_MAPPING_ERROR'));
  assert.equal(opening.length, 1, 'a quoted sentence is owned by the message that wrote it, not by its quoters');
  assert.ok(units.every((u) => u.depth === 0 || u.message.reconstructed || u.author !== null));
});

test('a diff written in a reply is one unit of its own: a proposal made as code is seen', async () => {
  // Jason Gunthorpe answers nosnoop v1 patch 3/5 with a diff of his own (<20220405225739.GW2120790@nvidia.com>).
  const threads = await unitsOfFile(path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox'));
  const units = threads.flatMap((t) => t.units);
  const diffs = units.filter((u) => u.ownDiff);
  const jason = diffs.find((u) => u.message.messageId === '20220405225739.GW2120790@nvidia.com');
  assert.ok(
    jason !== undefined,
    `no own-diff unit for the reply carrying a diff; own diffs: ${diffs.map((d) => d.message.messageId).join(', ')}`,
  );
  assert.match(jason.text, /^\[diff: \S+/);
  assert.equal(jason.author, 'Jason Gunthorpe');
  assert.ok(
    units.filter((u) => u.role !== 'reply').every((u) => !u.ownDiff),
    'a patch is an option by structure, not a unit',
  );
});
