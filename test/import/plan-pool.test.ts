/** PlanPool, the import's worker pool: what its workers plan is what the calling thread would. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planMessage, withVoices } from '../../src/import/plan.js';
import { PlanPool } from '../../src/import/plan-pool.js';
import { parseMail } from '../../src/mail/index.js';
import { collect, corpusMailFiles, mails } from '../mail/corpus.js';

test('parses and plans on worker threads exactly as on the calling thread', async () => {
  const raws = mails(await collect(corpusMailFiles())).filter((_, i) => i % 17 === 0);
  assert.ok(raws.length > 50);
  const pool = new PlanPool(2);
  try {
    const results = raws.map((raw) => pool.plan(raw));
    pool.flush();
    for (const [i, result] of (await Promise.all(results)).entries()) {
      const raw = raws[i];
      assert.ok(raw && result.ok, `${raw?.source.file}@${raw?.source.offset}: ${result.ok ? '' : result.error}`);
      // A worker may leave the voices to the caller (the pool balances the two sides): add them here.
      assert.deepEqual(withVoices(result.plan), planMessage(await parseMail(raw)));
    }
  } finally {
    await pool.close();
  }
});
