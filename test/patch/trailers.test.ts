import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { extractPatch } from '../../src/patch/index.js';
import { bodyOnly, corpus, readMbox, shared } from './corpus.js';

const TAG_LINE =
  /^(Signed-off-by|Reviewed-by|Acked-by|Tested-by|Suggested-by|Reported-by|Co-developed-by|Fixes|Link|Closes|Cc):/i;

describe('trailers', () => {
  it("collects the trailer block of seed 002's commit message, names and addresses split", () => {
    const dir = path.join(shared, 'seeds');
    const file = path.join(dir, readdirSync(dir).find((f) => f.startsWith('002_')) ?? '');
    const lines = readFileSync(file, 'utf8').split('\n');
    const commit = lines.slice(lines.indexOf('Commit Message') + 2, lines.indexOf('Comments'));
    const body = commit.join('\n');
    // Oracle: the paragraph right above the "---" line is the trailer block.
    const sep = commit.indexOf('---');
    const block = commit.slice(commit.lastIndexOf('', sep) + 1, sep);
    assert.ok(block.length >= 5 && block.every((l) => TAG_LINE.test(l)));

    const info = extractPatch(bodyOnly(body, file));
    assert.deepEqual(
      info.trailers.map((t) => t.raw),
      block,
    );
    const reported = info.trailers.find((t) => t.kind === 'Reported-by');
    assert.deepEqual([reported?.name, reported?.email], ['Jason Gunthorpe', 'jgg@nvidia.com']);
    const fixes = info.trailers.find((t) => t.kind === 'Fixes');
    assert.equal(fixes?.email, null);
  });

  it("finds the sender's own Signed-off-by on every patch of four real series", async () => {
    const files = [
      corpus('lkml-iommu-archive', 'vtd-pull-request-v5.6.mbox'),
      corpus('lkml-iommu-archive', 'nosnoop-v2.mbox'),
      corpus('lkml-iommu-archive', 'vfio-type1-attach-detach-v3.mbox'),
      corpus('lkml-linux-arch-archive', 'cache-coherency-mgmt-subsystem-v6.mbox'),
    ];
    let patches = 0;
    for (const f of files) {
      for (const m of await readMbox(f)) {
        const info = extractPatch(m);
        if (!info.patch || /^re:/i.test(m.subject)) continue;
        patches++;
        // Mailman rewrote some senders to "Name via iommu <list>": compare by name then.
        const sender = (m.from.name ?? '').replace(/\s+via\s+\S+$/i, '');
        const signed = info.trailers.filter((t) => t.kind === 'Signed-off-by');
        assert.ok(
          signed.some((t) => t.email === m.from.email || t.name === sender),
          `${m.subject}: ${signed.map((t) => t.raw).join('; ')}`,
        );
      }
    }
    assert.ok(patches >= 35, `checked ${patches} patches`);
  });

  it("takes review tags from replies only from the reviewer's own, unquoted lines", async () => {
    let reviewed = 0;
    for (const f of [
      'vfio-type1-attach-detach-v2.mbox',
      'vfio-type1-attach-detach-v3.mbox',
      'nosnoop-v1.mbox',
      'nosnoop-v2.mbox',
    ]) {
      for (const m of await readMbox(corpus('lkml-iommu-archive', f))) {
        if (!/^re:/i.test(m.subject)) continue;
        const info = extractPatch(m);
        const own = new Set(
          m.body
            .split('\n')
            .filter((l) => !l.startsWith('>'))
            .map((l) => l.trim()),
        );
        for (const t of info.trailers) assert.ok(own.has(t.raw), `${m.subject}: "${t.raw}" is an unquoted line`);
        const tags = m.body.split('\n').filter((l) => /^Reviewed-by: .*<.+@.+>/.test(l));
        for (const line of tags)
          assert.ok(
            info.trailers.some((t) => t.raw === line.trim() && t.kind === 'Reviewed-by'),
            line,
          );
        reviewed += tags.length;
      }
    }
    assert.ok(reviewed >= 5, `found ${reviewed} Reviewed-by lines in replies`);
  });

  it('ignores a top-posted original under an Outlook "Original Message" line: its diff and sign-offs are not the replier\'s', async () => {
    // Outlook quotes nothing: it pastes the original, unquoted, under a header block. Build that
    // reply from a real patch and a real reviewer's tag from the corpus.
    const msgs = await readMbox(corpus('lkml-iommu-archive', 'vfio-type1-attach-detach-v2.mbox'));
    const patch = msgs.find((m) => extractPatch(m).patch !== null);
    const review = msgs.map((m) => m.body.split('\n').find((l) => /^Reviewed-by: .*<.+@.+>$/.test(l))).find((l) => l);
    assert.ok(patch && review);
    const body = `${review}\n\n-----Original Message-----\nFrom: ${patch.from.name}\nSent: ${patch.date}\nSubject: ${patch.subject}\n\n${patch.body}`;
    const info = extractPatch({ ...patch, subject: `RE: ${patch.subject}`, body });
    assert.equal(info.patch, null);
    assert.deepEqual(
      info.trailers.map((t) => t.raw),
      [review],
    );
    assert.ok(
      extractPatch(patch).trailers.some((t) => t.kind === 'Signed-off-by'),
      'the original does carry sign-offs',
    );
  });

  it("reads b4's change-id under a cover letter, not from a quote", async () => {
    const [cover] = await readMbox(corpus('lkml-iommu-archive', 'nosnoop-v2.mbox'));
    assert.ok(cover);
    const footer =
      '\n---\nbase-commit: 3123109284176b1532874591f7c81f3837bbdc17\nchange-id: 20220407-nosnoop-1f2e3d4c5b6a\n';
    assert.equal(extractPatch(cover).changeId, null);
    assert.equal(extractPatch({ ...cover, body: cover.body + footer }).changeId, '20220407-nosnoop-1f2e3d4c5b6a');
    assert.equal(extractPatch({ ...cover, body: cover.body + footer.replace(/^/gm, '> ') }).changeId, null);
  });
});
