import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { extractThread } from '../../src/extract/index.js';
import { runImport } from '../../src/import/index.js';
import { loadThread, openStore, threadIds } from '../../src/store/index.js';
import { corpus, repoRoot, tempDir } from './corpus.js';

interface VoiceRow {
  key: string;
  merged_into: string | null;
  thread_id: string;
}

/**
 * Imports one mbox; returns the unnamed voices holding `words`, the key of each archived
 * Message-ID and, with `items`, every extracted item of the database.
 */
async function importAndRead(
  file: string,
  words: string,
  opts: { readonly threads?: number; readonly items?: boolean } = {},
): Promise<{
  voices: VoiceRow[];
  realKey: (id: string) => string | undefined;
  items: { author: string | null; text: string; message: string }[];
}> {
  const dir = tempDir('voice-copies');
  const db = path.join(dir, 't.db');
  await runImport({ paths: [file], db, ...(opts.threads === undefined ? {} : { threads: opts.threads }) });
  const conn = openStore(db, { readonly: true });
  try {
    const voices = conn
      .prepare(
        `SELECT m.key, m.merged_into, m.thread_id FROM messages m JOIN bodies b ON b.message = m.id
       WHERE m.reconstructed = 1 AND m.from_name IS NULL AND m.from_email IS NULL AND instr(b.body, ?) > 0`,
      )
      .all(words) as VoiceRow[];
    const keys = new Map(
      (
        conn.prepare('SELECT key, message_id FROM messages WHERE reconstructed = 0').all() as {
          key: string;
          message_id: string;
        }[]
      ).map((r) => [r.message_id, r.key]),
    );
    const items =
      opts.items === true
        ? threadIds(conn).flatMap((id) =>
            extractThread(loadThread(conn, id)).items.map((i) => ({
              author: i.author,
              text: i.text,
              message: i.message,
            })),
          )
        : [];
    return { voices, realKey: (id) => keys.get(id), items };
  } finally {
    conn.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('voices with no author that copy an archived mail', () => {
  it('merges one its quoter re-wrapped into the mail it copies, so its words have one owner (riscv DMA_COHERENT RFC, Christoph Hellwig)', async () => {
    // riscv-dma-coherent-rfc-v1.mbox: Christoph Hellwig's <20210519060617.GA28397@lst.de> says "We've been talking about
    // this problem for close to five years.  So no, ..."; Anup Patel's Outlook reply quotes it re-wrapped, several
    // levels down, under no attribution line, and those deeper voices hang from a voice already stored from another quote.
    const words = "We've been talking about this problem for close to five years.";
    const { voices, realKey, items } = await importAndRead(
      path.join(corpus, 'lkml-linux-arch-archive/riscv-dma-coherent-rfc-v1.mbox'),
      words,
      { items: true },
    );
    const christoph = realKey('20210519060617.GA28397@lst.de');
    assert.ok(christoph !== undefined && voices.length > 0);
    for (const v of voices) assert.equal(v.merged_into, christoph, `voice ${v.key} stays apart`);
    const owners = items.filter((i) => i.text.includes('talking about this problem for close to five years'));
    assert.ok(
      owners.every((i) => i.author === 'Christoph Hellwig'),
      JSON.stringify(owners),
    );
  });

  it('merges one that flattened the quote levels of the mail it trimmed (vt-d pull request, Roland Dreier asking "Maybe we don\'t need the mismatch check at all?")', async () => {
    // vtd-pull-request-v5.6.mbox: Roland Dreier's <CAL1RGDVF1icaeEWMe0r0VA8AaxtHGJZ8NHCpvJfT8+1duOUYAQ@mail.gmail.com>
    // is quoted, cut to the first line of each paragraph and with his own quote of Lu Baolu at the same depth, under no attribution.
    const words = "Maybe we don't need the mismatch check at all?";
    const { voices, realKey, items } = await importAndRead(
      path.join(corpus, 'lkml-iommu-archive/vtd-pull-request-v5.6.mbox'),
      words,
      {
        items: true,
      },
    );
    const roland = realKey('CAL1RGDVF1icaeEWMe0r0VA8AaxtHGJZ8NHCpvJfT8+1duOUYAQ@mail.gmail.com');
    assert.ok(roland !== undefined && voices.length > 0);
    for (const v of voices) assert.equal(v.merged_into, roland);
    const asked = items.filter((i) => i.text.includes(words));
    assert.ok(asked.length >= 1, 'the question is extracted');
    assert.ok(
      asked.every((i) => i.author === 'Roland Dreier' && i.message === roland),
      JSON.stringify(asked),
    );
  });
});

describe('voices of one line, matched by their words as src/shingles.ts reads them (identifiers and file names whole)', () => {
  const labelled = path.join(repoRoot, 'data', 'corpus', 'mbox');

  it("go to the mail whose own words they are, not to the quoter's parent (block rq_integrity_vec v2, Jens Axboe's one line of code)", async () => {
    // dm-2024-crypt-nvme-metadata.mbox: Jens Axboe's <b1ca89ae-...@kernel.dk> answers the v2 with one line of his own,
    // "if (IS_ENABLED(CONFIG_BLK_DEV_INTEGRITY) && blk_integrity_rq(req)) {" and a "?"; the quote of it was placed under
    // his earlier reply to the RFC, whose words it is not.
    const { voices, realKey } = await importAndRead(
      path.join(labelled, 'dm-2024-crypt-nvme-metadata.mbox'),
      'if (IS_ENABLED(CONFIG_BLK_DEV_INTEGRITY) && blk_integrity_rq(req)) {',
      { threads: 1 },
    );
    const jens = realKey('b1ca89ae-1500-4c3c-bd8a-74e081aa8dd3@kernel.dk');
    assert.ok(jens !== undefined && voices.length > 0);
    for (const v of voices) assert.equal(v.merged_into, jens, `voice ${v.key}`);
  });

  it('keep a quoted line of a diffstat with its patch (arm64 rng-seed, "Documentation/devicetree/bindings/chosen.txt | 14")', async () => {
    const { voices, realKey } = await importAndRead(
      path.join(labelled, 'lak-2019-rng-seed.mbox'),
      'Documentation/devicetree/bindings/chosen.txt | 14',
      { threads: 1 },
    );
    const patch = realKey('20190507045433.542-1-hsinyi@chromium.org');
    assert.ok(patch !== undefined && voices.length > 0);
    for (const v of voices) assert.equal(v.merged_into, patch, `voice ${v.key}`);
  });
});
