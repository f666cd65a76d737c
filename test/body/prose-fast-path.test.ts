import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unified } from 'unified';
import mailAttribution from '../../src/body/attribution.js';
import mailDiffBlocks from '../../src/body/diff-blocks.js';
import { passagesOf, remarkPassages } from '../../src/body/prose.js';
import mailQuoteDepth from '../../src/body/quote-depth.js';
import mailTrailers from '../../src/body/trailers.js';
import type { MailRoot } from '../../src/body/types.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('reads the prose of real design-thread bodies as remark does, without remark (fast path)', () => {
  const upToProse = unified().use(mailQuoteDepth).use(mailAttribution).use(mailDiffBlocks).use(mailTrailers).freeze();
  const mbox = fs.readFileSync(
    path.join(repo, '..', 'shared', 'corpus', 'lkml-iommu-archive', 'iommufd-generic-interface-rfc.mbox'),
    'latin1',
  );
  let differ = 0;
  let bodies = 0;
  for (const mail of mbox.split(/\nFrom [^\n]*\n/)) {
    const body = mail.split(/\n\n/).slice(1).join('\n\n');
    const tree = upToProse.parse(body) as unknown as MailRoot;
    upToProse.runSync(tree as never, {
      value: body,
      data: {
        mailContext: { author: { name: 'A', email: null, date: null, attributed: false }, patchHunks: [] },
        passages: [],
      },
    });
    const blocks = tree.children.filter((b) => b.role === 'prose' && b.lines.some((l) => l.text.trim() !== ''));
    const show = (ps: ReturnType<typeof passagesOf>): string => ps.map((p) => `${p.line}|${p.text}`).join('\n');
    bodies++;
    if (show(passagesOf(blocks)) !== show(remarkPassages(blocks))) differ++;
  }
  // Fences go to remark; nested lists are read by the fast path too (remark with indented code off takes a bullet at any indent).
  assert.ok(differ <= bodies * 0.02, `${differ} of ${bodies} bodies read differently`);
});
