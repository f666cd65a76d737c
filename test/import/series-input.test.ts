import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/import/index.js';
import { openStore } from '../../src/store/index.js';
import { tempDir } from './corpus.js';

const SEP = 'From mboxrd@z Thu Jan  1 00:00:00 1970\n';

function mail(id: string, subject: string, body: string): string {
  return `${SEP}From: Ann Author <ann@example.org>\nTo: list@example.org\nSubject: ${subject}\nDate: Mon, 3 Jun 2024 10:00:00 +0000\nMessage-ID: <${id}>\n\n${body}\n`;
}

const DIFF = [
  'A one-line fix.',
  '',
  'Signed-off-by: Ann Author <ann@example.org>',
  '---',
  ' drivers/iommu/foo.c | 2 +-',
  ' 1 file changed, 1 insertion(+), 1 deletion(-)',
  '',
  'diff --git a/drivers/iommu/foo.c b/drivers/iommu/foo.c',
  'index 1111111..2222222 100644',
  '--- a/drivers/iommu/foo.c',
  '+++ b/drivers/iommu/foo.c',
  '@@ -1,3 +1,3 @@ static int foo(void)',
  ' int a;',
  '-int b;',
  '+int c;',
  ' int d;',
].join('\n');

test('an unnumbered "[RFC] proposal" without a diff is not a one-message series, while an "[RFC PATCH]" with one is', async () => {
  const dir = tempDir('series-input');
  const mbox = path.join(dir, 'rfc.mbox');
  fs.writeFileSync(
    mbox,
    mail(
      'rfc-proposal@example.org',
      '[RFC] iommu: a proposal for sharing page tables',
      'What if domains shared page tables?\n\nThoughts welcome.',
    ) + mail('rfc-patch@example.org', '[RFC PATCH] iommu: fix foo', DIFF),
  );
  const db = path.join(dir, 't.db');
  await runImport({ paths: [mbox], db, threads: 0 });
  const conn = openStore(db, { readonly: true });
  const members = conn.prepare('SELECT message_key FROM series_patches ORDER BY message_key').all() as {
    message_key: string;
  }[];
  conn.close();
  assert.deepEqual(
    members.map((m) => m.message_key),
    ['rfc-patch@example.org'],
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
