import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SortedShingles, share, shingles, TextIndex, wordHashes } from '../src/shingles.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The word pattern the scanner replaced, kept here as its specification. */
const WORDS = /[a-z0-9_\u00c0-\uffff](?:[a-z0-9_\u00c0-\uffff'\->.*&=]*[a-z0-9_\u00c0-\uffff*])?/g;

test('splits words as the word pattern does, on real mail: identifiers whole, punctuation and quote markers out', () => {
  const mbox = fs.readFileSync(
    path.join(repo, '..', 'shared', 'corpus', 'lkml-iommu-archive', 'nosnoop-v1.mbox'),
    'utf8',
  );
  const lines = [
    ...mbox.split('\n').slice(0, 4000),
    'area->pages->flag, dma_map_* and don\u2019t; a=b&c. ‘quoted’ **',
    '--> -x- ...',
  ];
  for (const line of lines) {
    const want = [
      ...line
        .toLowerCase()
        .replace(/[\u2018\u2019]/g, "'")
        .matchAll(WORDS),
    ].map((m) => m[0]);
    const again = wordHashes(want.join(' '));
    assert.deepEqual(wordHashes(line), again, line);
  }
});

test('finds the owner of a re-wrapped, trimmed quote and keeps owners of a shared phrase apart', () => {
  const index = new TextIndex<string>(5);
  index.add('We could keep one counter per domain and skip the flush while it stays at zero.', 'a');
  index.add('Flush on every unmap, whatever the domain says about coherency.', 'b');
  index.add('Flush on every unmap, whatever the domain says about coherency.', 'c');
  assert.equal(index.find('> keep one counter per domain and\n> skip the flush while it stays')[0]?.owner, 'a');
  assert.deepEqual(
    index
      .find('Flush on every unmap, whatever the domain says')
      .map((h) => h.owner)
      .sort(),
    ['b', 'c'],
  );
});

test("a quote re-wrapped, re-quoted and with curly quotes has the shingles of the words it copies, at threading's 4 words and extraction's 5", () => {
  const said = "We don't want area->pages to be flushed twice; dma_map_* already does it for chosen.txt users.";
  const quoted =
    '> We don\u2019t want area->pages to be\n> flushed twice; dma_map_* already\n> does it for chosen.txt users.';
  for (const k of [4, 5]) assert.deepEqual([...shingles(quoted, k)].sort(), [...shingles(said, k)].sort(), `k = ${k}`);
  // Identifiers and file names are one word each: 15 words, so 12 runs of 4.
  assert.equal(shingles(said, 4).size, 12);
  assert.equal(shingles('chosen.txt | 14', 4).size, 1, 'a text under k words is its own one shingle');
  assert.equal(share(shingles('flushed twice; dma_map_* already does it', 4), new SortedShingles(said, 4)), 1);
});
