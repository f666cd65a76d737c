import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { extractThread } from '../../src/extract/index.js';
import { runImport } from '../../src/import/index.js';
import { loadThread, openStore, threadIds } from '../../src/store/index.js';
import { corpus, tempDir } from './corpus.js';

interface VoiceRow { key: string; merged_into: string | null; thread_id: string }

/** Imports one corpus file; returns the voices holding `words` and every extracted item of the database. */
async function importAndRead(file: string, words: string): Promise<{ voices: VoiceRow[]; realKey: (id: string) => string | undefined; items: { author: string | null; text: string; message: string }[] }> {
  const dir = tempDir('voice-copies');
  const db = path.join(dir, 't.db');
  await runImport({ paths: [path.join(corpus, file)], db });
  const conn = openStore(db, { readonly: true });
  try {
    const voices = conn.prepare(
      `SELECT m.key, m.merged_into, m.thread_id FROM messages m JOIN bodies b ON b.message = m.id
       WHERE m.reconstructed = 1 AND m.from_name IS NULL AND m.from_email IS NULL AND instr(b.body, ?) > 0`,
    ).all(words) as VoiceRow[];
    const keys = new Map((conn.prepare('SELECT key, message_id FROM messages WHERE reconstructed = 0').all() as { key: string; message_id: string }[])
      .map((r) => [r.message_id, r.key]));
    const items = threadIds(conn).flatMap((id) => extractThread(loadThread(conn, id)).items.map((i) => ({ author: i.author, text: i.text, message: i.message })));
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
    const { voices, realKey, items } = await importAndRead('lkml-linux-arch-archive/riscv-dma-coherent-rfc-v1.mbox', words);
    const christoph = realKey('20210519060617.GA28397@lst.de');
    assert.ok(christoph !== undefined && voices.length > 0);
    for (const v of voices) assert.equal(v.merged_into, christoph, `voice ${v.key} stays apart`);
    const owners = items.filter((i) => i.text.includes('talking about this problem for close to five years'));
    assert.ok(owners.every((i) => i.author === 'Christoph Hellwig'), JSON.stringify(owners));
  });

  it('merges one that flattened the quote levels of the mail it trimmed (vt-d pull request, Roland Dreier asking "Maybe we don\'t need the mismatch check at all?")', async () => {
    // vtd-pull-request-v5.6.mbox: Roland Dreier's <CAL1RGDVF1icaeEWMe0r0VA8AaxtHGJZ8NHCpvJfT8+1duOUYAQ@mail.gmail.com>
    // is quoted, cut to the first line of each paragraph and with his own quote of Lu Baolu at the same depth, under no attribution.
    const words = "Maybe we don't need the mismatch check at all?";
    const { voices, realKey, items } = await importAndRead('lkml-iommu-archive/vtd-pull-request-v5.6.mbox', words);
    const roland = realKey('CAL1RGDVF1icaeEWMe0r0VA8AaxtHGJZ8NHCpvJfT8+1duOUYAQ@mail.gmail.com');
    assert.ok(roland !== undefined && voices.length > 0);
    for (const v of voices) assert.equal(v.merged_into, roland);
    const asked = items.filter((i) => i.text.includes(words));
    assert.ok(asked.length >= 1, 'the question is extracted');
    assert.ok(asked.every((i) => i.author === 'Roland Dreier' && i.message === roland), JSON.stringify(asked));
  });
});
