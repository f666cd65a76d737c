import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBody } from '../../src/body/index.js';
import { personKey } from '../../src/mail/names.js';
import { findAttributions, splitQuoted } from '../../src/thread/attribution.js';
import { reconstructVoices, sameAuthor, threadMessages } from '../../src/thread/index.js';
import { bench, realMessages } from '../body/real-mail.js';
import { asInput } from './inputs.js';

// ../shared/bench/iommu-2019-2022.mbox.xz, "[PATCH v2 5/7] driver core: Add device location to "struct ..."":
// Oliver's mail (From: "Oliver O'Halloran" <oohall@gmail.com>) and Greg Kroah-Hartman's answer, which opens
// "On Thu, Jul 02, 2020 at 03:23:23PM +1000, Oliver O'Halloran wrote:".
const OLIVER = 'CAOSf1CEZ82iXhYnig0UScS+oRRaxHzSCge9LbA1hW3NaQAiSxQ@mail.gmail.com';
const GREG = '20200702073226.GB1073011@kroah.com';

describe("names with an apostrophe (O'Halloran)", async () => {
  const [oliver, greg] = await realMessages(bench, [OLIVER, GREG]);
  assert.ok(oliver && greg);

  it('keeps the apostrophe of the name an attribution line gives, in both attribution parsers', () => {
    const [first] = findAttributions(splitQuoted(greg.body));
    assert.equal(first?.name, "Oliver O'Halloran");
    const quoted = readBody(greg.body, {
      author: { name: greg.from.name, email: greg.from.email, date: greg.date, attributed: false },
      patchHunks: [],
    }).find((p) => p.depth === 1);
    assert.equal(quoted?.voice.name, "Oliver O'Halloran");
    assert.equal(quoted?.voice.date, '2020-07-02T15:23:23+10:00');
  });

  it('keeps it on the voice recovered from the quote, and threads that voice to the real mail it copies', () => {
    const { voices, directParent } = reconstructVoices(greg);
    const voice = voices.find((v) => v.key === directParent);
    assert.equal(voice?.from.name, "Oliver O'Halloran");
    assert.equal(oliver.from.name, "Oliver O'Halloran");
    const plan = threadMessages([oliver, greg, ...voices].map(asInput));
    assert.equal(plan.merged.get(voice?.key ?? ''), oliver.key, "the quoted voice is Oliver's archived mail");
  });

  it("takes O'Halloran, O’Halloran (typographic) and OHalloran for one person", () => {
    for (const other of ['Oliver O’Halloran', 'Oliver OHalloran', 'OHalloran, Oliver', "oliver o'halloran"]) {
      assert.ok(sameAuthor(oliver.from, { name: other, email: null }), other);
      assert.equal(personKey(other), personKey(oliver.from.name), other);
    }
    assert.ok(!sameAuthor(oliver.from, { name: 'Oliver Halloran', email: null }), 'a dropped letter is another name');
  });
});
