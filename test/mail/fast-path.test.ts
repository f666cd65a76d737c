/**
 * The differential test the fast path lives by: for every message of the
 * corpus it accepts, it must produce exactly what mailparser produces.
 */
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { describe, it } from 'node:test';
import { parseMail } from '../../src/mail/index.js';
import { parseMailFast, parseMailMime } from '../../src/mail/parse/parse.js';
import { collect, corpusMailFiles, mails } from './corpus.js';

describe('the fast path for plain single-part mail', () => {
  it('yields the same ParsedMessage as mailparser for every corpus message it accepts', async () => {
    const raws = mails(await collect(corpusMailFiles(true)));
    assert.ok(raws.length > 1500);
    let accepted = 0;
    const mismatches: string[] = [];
    for (const raw of raws) {
      const fast = parseMailFast(raw);
      if (fast === null) continue;
      accepted++;
      const slow = await parseMailMime(raw);
      if (!isDeepStrictEqual(fast, slow)) {
        const fields = Object.keys(slow).filter(
          (k) => !isDeepStrictEqual(fast[k as keyof typeof fast], slow[k as keyof typeof slow]),
        );
        mismatches.push(`${raw.source.file}@${raw.source.offset}: ${fields.join(', ')}`);
      }
    }
    assert.deepEqual(mismatches, []);
    // kernel mail is mostly plain text: a fast path that declines it all would be useless
    assert.ok(accepted > raws.length / 2, `fast path accepted only ${accepted} of ${raws.length}`);
  });

  it('is what parseMail uses when it applies, and mailparser is used otherwise', async () => {
    const raws = mails(await collect(corpusMailFiles().filter((f) => f.includes('intel-iommu-problem-gb2312'))));
    for (const raw of raws) {
      const viaParse = await parseMail(raw);
      const fast = parseMailFast(raw);
      assert.deepEqual(viaParse, fast ?? (await parseMailMime(raw)));
    }
  });
});
