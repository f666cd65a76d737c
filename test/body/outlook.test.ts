/** Outlook/Exchange top-posting on real mail: the original under the reply is a quote, though it has no '>' markers. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readBody, type Passage } from '../../src/body/index.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import { unitsOfFile } from '../../scripts/units.js';
import { realMessage } from './real-mail.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join(repo, 'test', 'fixtures', 'body', 'outlook-top-posting.mbox');
const corpusMbox = (slug: string): string => path.join(repo, 'data', 'corpus', 'mbox', `${slug}.mbox`);

function passages(m: ParsedMessage): Passage[] {
  return readBody(m.body, {
    author: { name: m.from?.name ?? null, email: m.from?.email ?? null, date: null, attributed: false },
    patchHunks: [],
  });
}
const starting = (ps: readonly Passage[], words: string): Passage | undefined =>
  ps.find((p) => p.text.startsWith(words));

test('reads the mail under "-----Original Message-----" as a quote of the From: line, one level deeper', async () => {
  // Sumanesh Samanta answers Martin K. Petersen above Martin's whole mail (data/corpus, scsi-2020-bypass-device-busy).
  const m = await realMessage(
    corpusMbox('scsi-2020-bypass-device-busy'),
    'f4f06cf8459c21749335c6b7a4cfe729@mail.gmail.com',
  );
  const ps = passages(m);
  const own = starting(ps, 'I am not sure how we can suddenly start tracking');
  assert.equal(own?.depth, 0);
  assert.equal(own?.voice.name, 'Sumanesh Samanta');
  // Martin's words: his, quoted, with the date of the Sent: line; his own '>' quotes of Sumanesh go one deeper.
  const martin = ps.filter((p) => p.text.startsWith('Please read what I proposed'));
  assert.deepEqual(
    martin.map((p) => [p.depth, p.voice.name, p.voice.date]),
    [
      [2, null, null], // Sumanesh's inline quote of it higher up
      [1, 'Martin K. Petersen', '2020-01-23T18:59:00'],
    ],
  );
  assert.equal(starting(ps, 'The high-end controllers might expose')?.depth, 2);
  // The header block, its wrapped Cc: and Subject: lines included, is no one's words.
  assert.ok(
    !ps.some((p) => /Original Message|^Sent:|<martin\.petersen@oracle\.com>$|SSD when HBA needs/m.test(p.text)),
  );
  assert.ok(!ps.some((p) => p.depth === 0 && p.text.includes('megaraid VDs')), 'the quoted mail read as the reply');
});

test('reads an Outlook From:/Sent: block with no separator, and one under a rule, as the quoted mail it heads', async () => {
  // Edgar Merger forwards his own first mail under a bare header block (German Sent: line).
  const edgar = passages(
    await realMessage(fixture, 'MWHPR10MB131017A874BB6FE5FF72F7BD89110@MWHPR10MB1310.namprd10.prod.outlook.com'),
  );
  assert.equal(starting(edgar, 'I am seeing that amdgpu uses amd_iommu_v2')?.depth, 0);
  const board = starting(edgar, 'We have developed a Board');
  assert.equal(board?.depth, 1);
  assert.match(board?.voice.name ?? '', /Edgar/);
  assert.ok(!edgar.some((p) => /^(?:From|Sent|To|Cc|Subject):/m.test(p.text)));
  // Alex Deucher adds Felix above Joerg Roedel's cover letter, which Outlook put under a rule of underscores.
  const alex = passages(
    await realMessage(fixture, 'MN2PR12MB4488D6B7BBF98845DF796E0BF7540@MN2PR12MB4488.namprd12.prod.outlook.com'),
  );
  const joerg = starting(alex, 'Some IOMMUv2 capable devices do not work correctly');
  assert.deepEqual([joerg?.depth, joerg?.voice.name, joerg?.voice.date], [1, 'Joerg Roedel', '2020-08-24T06:54:00']);
  assert.ok(alex.every((p) => p.depth === 1 || p.voice.name === 'Deucher, Alexander'));
  // Joerg's quoted signature ("--\n2.28.0") and the list footer under it are not his words either.
  assert.ok(!alex.some((p) => /^--$|^2\.28\.0$|mailing list/m.test(p.text)));
});

test("an answer written right under a quoted line, with no blank line between, is the replier's own", async () => {
  // Erwin van Londen answers Martin Wilck inline with no blank line (data/corpus, dm-2021-mpath-fpin-dispatch).
  const threads = await unitsOfFile(corpusMbox('dm-2021-mpath-fpin-dispatch'));
  const units = threads.flatMap((t) => t.units);
  const answer = units.filter((u) => u.text.startsWith('Is that an offer of volunteering'));
  assert.equal(answer.length, 1);
  assert.equal(answer[0]?.depth, 0);
  assert.equal(answer[0]?.author, 'Erwin van Londen');
  // The quoted passage above it is Martin's and stops at the quote's last line.
  assert.match(answer[0]?.above?.text ?? '', /layering violations would be ok, I believe\.$/);
});

test('names the voice of an Outlook header by the person: "[mailto:...]", "On Behalf Of" and a department cut off', async () => {
  const { cleanName } = await import('../../src/mail/names.js');
  // Shameer Kolothum quotes Jean-Philippe Brucker's header (data/corpus, kvmarm-2021-pinned-vmids).
  assert.deepEqual(cleanName('Jean-Philippe Brucker [mailto:jean-philippe@linaro.org]'), {
    name: 'Jean-Philippe Brucker',
    email: 'jean-philippe@linaro.org',
  });
  // riscv-2019-csr-numbers: mailman relayed Anup Patel's mail.
  assert.equal(
    cleanName('linux-riscv <linux-riscv-bounces@lists.infradead.org> On Behalf Of Anup Patel').name,
    'Anup Patel',
  );
  assert.equal(cleanName('Merger, Edgar [AUTOSOL/MAS/AUGS]').name, 'Edgar Merger');
  const ps = passages(
    await realMessage(corpusMbox('kvmarm-2021-pinned-vmids'), '8c80d31a56aa4d268f4e98d5692325f1@huawei.com'),
  );
  assert.ok(ps.some((p) => p.depth === 1 && p.voice.name === 'Jean-Philippe Brucker'));
  assert.ok(!ps.some((p) => /mailto:|^kvmarm@lists/m.test(p.text)), 'the header block read as words');
});

test("reads a From: line over a quoted Sent: line (David Laight's client) as the header of that quote", async () => {
  // data/corpus, arch-2021-ioctl32-syscall: "From: Christoph Hellwig\n> Sent: 16 January 2021 09:07\n...".
  const m = await realMessage(
    corpusMbox('arch-2021-ioctl32-syscall'),
    'cc3ce5e484f041948cb008f7508c968b@AcuMS.aculab.com',
  );
  const ps = passages(m);
  const hch = starting(ps, "I'm absolutely against it going away.");
  assert.deepEqual([hch?.depth, hch?.voice.name, hch?.voice.date], [1, 'Christoph Hellwig', '2021-01-16T09:07:00']);
  assert.ok(!ps.some((p) => /^(?:From|Sent):/m.test(p.text)));
});
