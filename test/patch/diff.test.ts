import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ParsedMessage } from '../../src/mail/types.js';
import { parseWebDump } from '../../src/mail/webdump/index.js';
import { extractPatch } from '../../src/patch/index.js';
import { bodyOnly, corpus, parseRaw, readMbox, shared, splitMbox } from './corpus.js';

const seed002 = (): { file: string; lines: string[] } => {
  const dir = path.join(shared, 'seeds');
  const name = readdirSync(dir).find((f) => f.startsWith('002_'));
  assert.ok(name, 'seed 002 exists');
  const file = path.join(dir, name);
  return { file, lines: readFileSync(file, 'utf8').split('\n') };
};

/** Unquoted lines that start a diff or a hunk: an oracle independent of the scanner's state machine. */
const unquotedDiffStart = /^(diff --git |@@ -\d+(,\d+)? \+\d+(,\d+)? @@)/m;
const quotedDiffStart = /^>[> ]*(diff --git |@@ -\d+(,\d+)? \+\d+(,\d+)? @@)/m;

describe('patches in seed 002 (a Patchwork page)', () => {
  it('reads the commit message and the "Patch" section as 4 files, +65/-4, 19/5/1/44 changed lines, agreeing with the diffstat', () => {
    const { file, lines } = seed002();
    const commit = lines.indexOf('Commit Message');
    const comments = lines.indexOf('Comments');
    const patchAt = lines.lastIndexOf('Patch');
    assert.ok(commit >= 0 && comments > commit && patchAt > comments, 'page has its three sections');
    // What the Patchwork reader hands over: the commit message (with its diffstat) and the Patch section.
    const body = [...lines.slice(commit + 2, comments), ...lines.slice(patchAt + 1)].join('\n');
    const info = extractPatch(bodyOnly(body, file));

    assert.ok(info.patch);
    assert.equal(info.patch.files.length, 4);
    assert.equal(info.patch.added, 65);
    assert.equal(info.patch.deleted, 4);
    assert.deepEqual(
      info.patch.files.map((f) => f.added + f.deleted),
      [19, 5, 1, 44],
    );
    assert.deepEqual(info.patch.diffstat, { files: 4, added: 65, deleted: 4 });
    assert.deepEqual(info.warnings, [], 'counts agree with the diffstat, so nothing to warn about');
    const first = info.patch.files[0];
    assert.equal(first?.path, 'drivers/iommu/iommufd/hw_pagetable.c');
    // Patchwork shows two spaces after "@@"; the header is normalised, the section kept.
    assert.equal(
      first?.hunks[0]?.header,
      '@@ -14,12 +14,18 @@ void iommufd_hwpt_paging_destroy(struct iommufd_object *obj)',
    );
    assert.equal(first?.hunks[0]?.section, 'void iommufd_hwpt_paging_destroy(struct iommufd_object *obj)');
  });

  it('reads the same counts from the message the Patchwork reader makes of the page', () => {
    const { file } = seed002();
    const { messages } = parseWebDump(readFileSync(file, 'utf8'), file, 'patchwork');
    const withPatch = messages.map((m) => ({ m, info: extractPatch(m) })).filter((x) => x.info.patch);
    assert.equal(withPatch.length, 1, 'only the patch itself carries one; the comments quote it');
    const [only] = withPatch;
    assert.deepEqual(
      only?.info.patch?.files.map((f) => f.added + f.deleted),
      [19, 5, 1, 44],
    );
    assert.deepEqual(only?.info.warnings, []);
    assert.deepEqual(only?.info.series && [only.info.series.index, only.info.series.total], [5, 5]);
  });

  it('reads the "Patch" section alone to the same counts, with no diffstat to check', () => {
    const { file, lines } = seed002();
    const info = extractPatch(bodyOnly(lines.slice(lines.lastIndexOf('Patch') + 1).join('\n'), file));
    assert.equal(info.patch?.files.length, 4);
    assert.deepEqual(
      info.patch?.files.map((f) => f.added + f.deleted),
      [19, 5, 1, 44],
    );
    assert.equal(info.patch?.diffstat, null);
  });

  it('warns with file and offset when a hunk is cut short of its header counts', () => {
    const { file, lines } = seed002();
    const patch = lines.slice(lines.lastIndexOf('Patch') + 1);
    // Drop the last line of the page: the final hunk now lacks one context line.
    const info = extractPatch(bodyOnly(patch.slice(0, -1).join('\n'), file));
    assert.equal(info.warnings.length, 1);
    assert.equal(info.warnings[0]?.file, file);
    assert.equal(info.warnings[0]?.offset, 0);
    assert.match(info.warnings[0]?.message ?? '', /short of its header's counts/);
  });
});

describe('patches in the kernel archive corpus', () => {
  it('gives every git format-patch mail of the vt-d pull request a patch whose counts match its diffstat, despite the "-- " signature', async () => {
    const msgs = await readMbox(corpus('lkml-iommu-archive', 'vtd-pull-request-v5.6.mbox'));
    const patchMails = msgs.filter((m) => unquotedDiffStart.test(m.body));
    assert.ok(patchMails.length >= 20, `found ${patchMails.length} patch mails`);
    let signed = 0;
    for (const m of patchMails) {
      const info = extractPatch(m);
      assert.ok(info.patch, m.subject);
      assert.ok(info.patch.diffstat, `${m.subject} has a diffstat`);
      assert.equal(info.patch.files.length, info.patch.diffstat.files, m.subject);
      assert.equal(info.patch.added, info.patch.diffstat.added, m.subject);
      assert.equal(info.patch.deleted, info.patch.diffstat.deleted, m.subject);
      assert.deepEqual(info.warnings, [], m.subject);
      if (/^-- $/m.test(m.body.slice(m.body.lastIndexOf('\n@@')))) signed++;
    }
    assert.ok(signed >= patchMails.length / 2, 'most of them end in a "-- " signature after the last hunk');
  });

  it('finds no patch in review replies whose only diffs are quoted', async () => {
    const files = [
      'dev-iommu-rfc-00-20.mbox',
      'iommufd-generic-interface-rfc.mbox',
      'nosnoop-v1.mbox',
      'vfio-type1-attach-detach-v1.mbox',
    ];
    let reviews = 0;
    for (const f of files) {
      for (const m of await readMbox(corpus('lkml-iommu-archive', f))) {
        if (!quotedDiffStart.test(m.body) || unquotedDiffStart.test(m.body)) continue;
        reviews++;
        const info = extractPatch(m);
        assert.equal(info.patch, null, `${f}: ${m.subject}`);
        assert.ok(
          !info.trailers.some((t) => t.kind === 'Signed-off-by'),
          "quoted sign-offs are the patch author's, not the reviewer's",
        );
      }
    }
    assert.ok(reviews >= 20, `found ${reviews} quoted-diff reviews`);
  });

  it('reads an unquoted diff inside a reply as an inline patch', async () => {
    const msgs = await readMbox(corpus('lkml-iommu-archive', 'dev-iommu-rfc-00-20.mbox'));
    const replies = msgs.filter((m) => /^re:/i.test(m.subject) && /^diff --git /m.test(m.body));
    assert.ok(replies.length > 0);
    for (const m of replies) {
      const info = extractPatch(m);
      assert.equal(info.patch?.origin, 'inline', m.subject);
      assert.ok((info.patch?.files.length ?? 0) > 0);
    }
  });

  it("reads text/x-patch attachments, one file list for all of a message's attachments", async () => {
    const msgs = await readMbox(corpus('lkml-iommu-archive', 'iommu-list-week-2020-03-02.mbox'));
    const withAttached = msgs.filter((m) => m.attachments.some((a) => /x-patch/.test(a.contentType)));
    assert.ok(withAttached.length >= 3);
    for (const m of withAttached) {
      const info = extractPatch(m);
      assert.equal(info.patch?.origin, 'attachment', m.subject);
      const perAttachment = m.attachments.map((a) => (a.text.match(/^diff --git /gm) ?? []).length);
      assert.equal(
        info.patch?.files.length,
        perAttachment.reduce((a, b) => a + b, 0),
      );
    }
  });

  it('agrees with nearly every diffstat in the corpus and places every disagreement at its file and offset', async () => {
    const dirs = ['lkml-iommu-archive', 'lkml-linux-arch-archive'];
    let checked = 0;
    let disagreeing = 0;
    for (const dir of dirs) {
      for (const f of readdirSync(corpus(dir)).filter((n) => n.endsWith('.mbox'))) {
        const file = corpus(dir, f);
        const offsets = new Set(splitMbox(readFileSync(file)).map((p) => p.offset));
        for (const m of await readMbox(file)) {
          const info = extractPatch(m);
          const stat = info.patch?.diffstat;
          if (!info.patch || !stat) continue;
          checked++;
          const agrees =
            stat.files === info.patch.files.length &&
            stat.added === info.patch.added &&
            stat.deleted === info.patch.deleted;
          if (!agrees) {
            disagreeing++;
            assert.ok(
              info.warnings.some((w) => /diffstat says/.test(w.message)),
              `${f}: ${m.subject} is warned about`,
            );
          }
          for (const w of info.warnings) {
            assert.equal(w.file, file);
            assert.ok(w.offset !== null && offsets.has(w.offset), 'offset is the start of the message in the mbox');
          }
        }
      }
    }
    assert.ok(checked >= 150, `checked ${checked} diffstats`);
    assert.ok(disagreeing <= checked / 100, `${disagreeing} of ${checked} disagree`);
  });
});

describe("patches in Patchwork's parser test mails", () => {
  const mail = async (name: string): Promise<ParsedMessage> => {
    const file = corpus('patchwork-tests', 'mail', name);
    const buf = readFileSync(file);
    const part = name.endsWith('.mbox') ? splitMbox(buf)[0] : { offset: 0, raw: buf };
    assert.ok(part);
    return parseRaw(part.raw, file, part.offset);
  };

  it('keeps pure renames as files without hunks, with their old names', async () => {
    const info = extractPatch(await mail('0008-git-rename.eml'));
    assert.equal(info.patch?.files.length, 2);
    for (const f of info.patch?.files ?? []) {
      assert.equal(f.status, 'renamed');
      assert.ok(f.oldPath && f.oldPath !== f.path);
      assert.equal(f.hunks.length, 0);
    }
    assert.deepEqual(info.warnings, [], 'the truncated "... => ...}" diffstat names still match');
  });

  it('keeps a mode change, an empty new file and binary files', async () => {
    const mode = extractPatch(await mail('0022-git-mode-change.mbox'));
    assert.equal(mode.patch?.files.length, 1);
    assert.equal(mode.patch?.files[0]?.path, 'scripts/kconfig/nconf-cfg.sh');
    const empty = extractPatch(await mail('0021-git-empty-new-file.mbox'));
    assert.equal(empty.patch?.files[0]?.status, 'added');
    const mixed = extractPatch(await mail('0026-git-add-mixed-binary-text-files.mbox'));
    assert.deepEqual(
      mixed.patch?.files.map((f) => [f.path, f.binary === true]),
      [
        ['pixel.bmp', true],
        ['quit.sh', false],
      ],
    );
    assert.deepEqual(mixed.warnings, []);
    for (const name of ['0025-git-add-binary-file.mbox', '0027-git-modify-binary-file.mbox']) {
      const info = extractPatch(await mail(name));
      assert.ok(
        info.patch?.files.every((f) => f.binary),
        name,
      );
      assert.deepEqual(info.warnings, [], name);
    }
  });

  it('does not count "\\ No newline at end of file" as a change', async () => {
    const m = await mail('0011-no-newline-at-end-of-file.eml');
    const info = extractPatch(m);
    const lines = m.body.split('\n');
    const plus = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++ ')).length;
    const minus = lines.filter((l) => l.startsWith('-') && !l.startsWith('--- ') && l !== '-- ').length;
    assert.ok(lines.some((l) => l.startsWith('\\ No newline')));
    assert.equal(info.patch?.added, plus);
    assert.equal(info.patch?.deleted, minus);
    assert.deepEqual(info.warnings, []);
  });

  it('reads a CVS-style diff in an attachment, naming files without the tree prefix', async () => {
    const info = extractPatch(await mail('0007-cvs-format-diff.eml'));
    assert.equal(info.patch?.origin, 'attachment');
    assert.ok((info.patch?.files.length ?? 0) >= 2);
    for (const f of info.patch?.files ?? []) assert.ok(!/^\s|\t/.test(f.path) && f.hunks.length > 0, f.path);
  });

  it('survives every fuzzed mail, as decoded mail and as raw text', async () => {
    const dir = corpus('patchwork-tests', 'fuzz');
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      const buf = readFileSync(file);
      assert.doesNotThrow(
        () => extractPatch(bodyOnly(buf.toString('latin1'), file, buf.toString('latin1', 0, 200))),
        name,
      );
      let parsed: ParsedMessage | null = null;
      try {
        parsed = await parseRaw(buf, file, 0);
      } catch {
        /* mailparser's problem, not ours */
      }
      if (parsed) {
        const m = parsed;
        assert.doesNotThrow(() => extractPatch(m), name);
      }
    }
  });
});
