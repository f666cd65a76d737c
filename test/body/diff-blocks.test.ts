import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyProcessor, readBody } from '../../src/body/index.js';
import type { BodyContext, MailBlock, MailRoot } from '../../src/body/types.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import { corpusFile, realMessage } from './real-mail.js';

function contextOf(m: ParsedMessage): BodyContext {
  return { author: { name: m.from.name, email: m.from.email, date: m.date, attributed: false }, patchHunks: [] };
}

/** The blocks the body plugins cut a message into, with the role each got. */
function blocksOf(m: ParsedMessage): MailBlock[] {
  const p = bodyProcessor();
  const tree = p.parse(m.body);
  p.runSync(tree, { value: m.body, data: { mailContext: contextOf(m), passages: [] } } as never);
  return (tree as MailRoot).children;
}

const blockWith = (blocks: readonly MailBlock[], words: string): MailBlock | undefined =>
  blocks.find((b) => b.lines.some((l) => l.text.includes(words)));

describe('diff blocks need diff syntax', () => {
  it('keeps code pasted into a reply out of the diffs and out of the prose (iommufd RFC, a kernel-doc comment offered as text)', async () => {
    // iommufd-generic-interface-rfc.mbox, Jason Gunthorpe: "Lets add a comment there instead:" then "/**\n * iommufd_put_object_keep_user() ..."
    const m = await realMessage(
      corpusFile('lkml-iommu-archive/iommufd-generic-interface-rfc.mbox'),
      '20220322145036.GG11336@nvidia.com',
    );
    const blocks = blocksOf(m);
    const comment = blockWith(blocks, 'iommufd_put_object_keep_user() - Release part of the refcount');
    assert.equal(comment?.role, 'code');
    assert.equal(comment?.hunk, null);
    assert.ok(
      comment?.lines.some((l) => l.text === '/**'),
      'the comment opener belongs to the code',
    );
    const passages = readBody(m.body, contextOf(m));
    assert.ok(!passages.some((p) => p.text.includes('Objects have two protections')), 'pasted code read as prose');
    // His own words, under his own pasted code, answer no hunk.
    assert.ok(passages.filter((p) => p.depth === 0).every((p) => p.hunk === null));
  });

  it('reads an indented change list of a cover letter as prose list items, not as a hunk (vfio attach/detach v5 cover letter)', async () => {
    // vfio-type1-attach-detach-v5.mbox, Nicolin Chen's cover letter: " * Rebased on top of Robin's ..." under "Changelog".
    const m = await realMessage(
      corpusFile('lkml-iommu-archive/vfio-type1-attach-detach-v5.mbox'),
      '20220701214455.14992-1-nicolinc@nvidia.com',
    );
    assert.equal(blockWith(blocksOf(m), 'Rebased on top of Robin')?.role, 'prose');
    const item = readBody(m.body, contextOf(m)).find((p) => p.text.startsWith("Rebased on top of Robin's"));
    assert.equal(item?.listItem, true);
    assert.equal(item?.hunk, null);
  });

  it('reads indented quoted prose ending in ";" as prose (dev-iommu RFC, Kevin Tian quoting the security-context steps)', async () => {
    // dev-iommu-rfc-00-20.mbox: "> >     devices in this group;" was taken for a context line of a hunk.
    const m = await realMessage(
      corpusFile('lkml-iommu-archive/dev-iommu-rfc-00-20.mbox'),
      'BN9PR11MB5433DA330D4583387B59AA7F8CA29@BN9PR11MB5433.namprd11.prod.outlook.com',
    );
    const b = blockWith(blocksOf(m), 'devices in this group;');
    assert.equal(b?.role, 'prose');
  });

  it('still takes a quoted hunk that goes on with context lines only, after the reviewer cut it, for the same diff (cache coherency RFC, drivers/cache/Kconfig)', async () => {
    // cache-coherency-mgmt-subsystem-rfc-v1.mbox, Jonathan Cameron answering a review of the Kconfig hunk:
    // "> > +\n> >  config AX45MP_L2_CACHE ..." then "> Shouldn't all of these now depend on CACHE_COHERENCY_CLASS?"
    const m = await realMessage(
      corpusFile('lkml-linux-arch-archive/cache-coherency-mgmt-subsystem-rfc-v1.mbox'),
      '20250321093825.00004d6b@huawei.com',
    );
    const fragment = blockWith(blocksOf(m), 'config AX45MP_L2_CACHE');
    assert.equal(fragment?.role, 'diff');
    const comment = readBody(m.body, contextOf(m)).find((p) => p.text.startsWith("Shouldn't all of these now depend"));
    assert.equal(comment?.hunk?.file, 'drivers/cache/Kconfig');
    assert.equal(comment?.hunk?.header, '@@ -1,6 +1,12 @@');
  });

  it('reads driver code pasted into a reply without +/- marks as code (no-snoop v2, Jason Gunthorpe sketching vfio attach)', async () => {
    // nosnoop-v2.mbox: "\t\tmutex_lock(&group->device_lock);" and the lines around it, tab-indented, in his own reply.
    const m = await realMessage(
      corpusFile('lkml-iommu-archive/nosnoop-v2.mbox'),
      '20220408121845.GT2120790@nvidia.com',
    );
    const code = blockWith(blocksOf(m), 'mutex_lock(&group->device_lock);');
    assert.equal(code?.role, 'code', 'pasted vfio code with no +/- is code');
  });
});
