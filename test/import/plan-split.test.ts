import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMail, readSources, type ParsedMessage } from '../../src/mail/index.js';
import { planMessage, withVoices } from '../../src/import/plan.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const seeds = path.resolve(here, '..', '..', 'data', 'seeds');

async function parsedSeeds(): Promise<ParsedMessage[]> {
  const out: ParsedMessage[] = [];
  for await (const ev of readSources([seeds])) {
    if (ev.kind === 'parsed') out.push(ev.message);
    else if (ev.kind === 'mail') out.push(await parseMail(ev.mail));
  }
  return out;
}

test('a plan whose voices the main thread adds (withVoices) equals the plan made in one go', async () => {
  const msgs = await parsedSeeds();
  assert.ok(msgs.length > 20);
  let voices = 0;
  for (const m of msgs) {
    const whole = planMessage(m);
    const split = planMessage(m, { voices: false });
    assert.equal(split.voicesPending, true);
    assert.equal(split.records.length, 1);
    assert.deepEqual(withVoices(split), whole);
    assert.equal(withVoices(whole), whole);
    voices += whole.records.length - 1;
  }
  assert.ok(voices > 0, 'the seeds hold reconstructed voices');
});
