import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { readBody, type Voice } from '../../src/body/index.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import { findAttributions, splitQuoted } from '../../src/thread/attribution.js';
import { isoOf } from '../../src/mail/date.js';
import { corpusMailFiles } from '../mail/corpus.js';
import { readParsed } from '../thread/inputs.js';
import { personKey } from '../../src/mail/names.js';
import { parseAttributionLine } from '../../src/body/index.js';
import { corpusFile, realMessage, realMessages } from './real-mail.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RISCV = corpusFile('lkml-linux-arch-archive/riscv-dma-coherent-rfc-v1.mbox');
const IOMMUFD = corpusFile('lkml-iommu-archive/iommufd-generic-interface-rfc.mbox');

/** Name and local wall clock the body processor gives the first voice at `depth`. */
function bodyVoice(m: ParsedMessage, depth: number): Voice | undefined {
  const author = { name: m.from.name, email: m.from.email, date: m.date, attributed: false };
  return readBody(m.body, { author, patchHunks: [] }).find((p) => p.depth === depth)?.voice;
}

/** The same from the threading stage's attribution parser, the wall clock written without a zone. */
function threadVoice(m: ParsedMessage, depth: number): { name: string | null; wall: string | null } | undefined {
  const a = findAttributions(splitQuoted(m.body)).find((x) => x.voiceDepth === depth);
  return a && { name: a.name, wall: a.when ? isoOf(a.when, 0).slice(0, 19) : null };
}

describe('attribution lines whose date runs into the name', async () => {
  // Guo Ren's reply opens "Hi Anup and Atish," then, after a blank line,
  // "On Thu, Jun 3, 2021 at 2:00 PM Anup Patel <Anup.Patel@wdc.com> wrote:"; deeper down it quotes
  // Palmer Dabbelt's "On Sat, 29 May 2021 17:30:18 PDT (-0700), Palmer Dabbelt wrote:".
  const [guo] = await realMessages(RISCV, ['CAJF2gTRH6OVB1RrOyp88LDvX3fV0doJxNTM61trWxJsLaX0X0g@mail.gmail.com']);
  // Jason Wang's reply opens "On Thu, Mar 24, 2022 at 10:12 AM Tian, Kevin <kevin.tian@intel.com> wrote:".
  const [jasonWang] = await realMessages(IOMMUFD, [
    'CACGkMEutpbOc_+5n3SDuNDyHn19jSH4ukSM9i0SUgWmXDydxnA@mail.gmail.com',
  ]);
  assert.ok(guo && jasonWang);

  it('names the speaker of a Gmail attribution after a greeting, not "at 2:00 PM Anup Patel", with the time of day', () => {
    assert.ok(guo.body.startsWith('Hi Anup and Atish,\n\nOn Thu, Jun 3, 2021 at 2:00 PM Anup Patel'));
    const v = bodyVoice(guo, 1);
    assert.equal(v?.name, 'Anup Patel');
    assert.equal(v?.email, 'Anup.Patel@wdc.com');
    // Gmail writes the reader's wall clock and no zone: the day and time are all there is.
    assert.equal(v?.date, '2021-06-03T14:00:00');
    assert.deepEqual(threadVoice(guo, 1), { name: 'Anup Patel', wall: '2021-06-03T14:00:00' });
  });

  it('keeps both halves of a "Last, First" name in a Gmail attribution', () => {
    assert.equal(bodyVoice(jasonWang, 1)?.name, 'Kevin Tian');
    assert.equal(bodyVoice(jasonWang, 1)?.date, '2022-03-24T10:12:00');
    const t = threadVoice(jasonWang, 1);
    assert.equal(t?.wall, '2022-03-24T10:12:00');
    assert.equal(t?.name, 'Kevin Tian'); // one name reader: threading used to keep 'Tian, Kevin'
  });

  it('reads "PDT (-0700)" as the zone, not as the start of the name', () => {
    const v = bodyVoice(guo, 3);
    assert.equal(v?.name, 'Palmer Dabbelt');
    assert.equal(v?.date, '2021-05-29T17:30:18-07:00');
    const a = findAttributions(splitQuoted(guo.body)).find((x) => x.voiceDepth === 3 && x.name !== null);
    assert.equal(a?.name, 'Palmer Dabbelt');
    assert.equal(a?.when?.offset, -420);
  });
});

describe('the two attribution parsers (body and threading) read the same speaker and time', () => {
  const cases = [
    // Lu Baolu's Thunderbird, Chinese locale: year first, and a "Last, First" name.
    {
      file: 'lkml-iommu-archive/dev-iommu-rfc-00-20.mbox',
      id: '4625393e-6203-2319-9c9f-9f35beb1c04a@linux.intel.com',
      line: 'On 2021/9/27 17:42, Tian, Kevin wrote:',
      name: 'Kevin Tian',
      date: '2021-09-27T17:42:00',
    },
    // The same client after the greeting "Hi, Eric": 下午 is PM.
    {
      file: 'lkml-iommu-archive/iommu-list-week-2020-03-02.mbox',
      id: 'e0133df5-073b-13e1-8399-ff48bfaef5e5@linaro.org',
      line: 'On 2019/11/20 下午6:18, Auger Eric wrote:',
      name: 'Auger Eric',
      date: '2019-11-20T18:18:00',
    },
    // Evolution: "Thu, 2022-06-23 at 19:44 -0700".
    {
      file: 'lkml-iommu-archive/vfio-type1-attach-detach-v3.mbox',
      id: '8a5e9c81ab1487154828af3ca21e62e39bcce18c.camel@mediatek.com',
      line: 'On Thu, 2022-06-23 at 19:44 -0700, Nicolin Chen wrote:',
      name: 'Nicolin Chen',
      date: '2022-06-23T19:44:00-07:00',
    },
    // b4's thank-you mail: "+0000 (UTC)", where "(UTC)" was left in the name.
    {
      file: 'lkml-linux-arch-archive/vdso-timens-koi8-r.mbox',
      id: '161880480562.1398509.1936824498391180839.b4-ty@ellerman.id.au',
      line: 'On Wed, 31 Mar 2021 16:48:43 +0000 (UTC), Christophe Leroy wrote:',
      name: 'Christophe Leroy',
      date: '2021-03-31T16:48:43+00:00',
    },
  ];
  for (const c of cases) {
    it(`reads "${c.line}" (${c.file}, <${c.id}>)`, async () => {
      const m = await realMessage(corpusFile(c.file), c.id);
      assert.ok(m.body.includes(c.line));
      const line = splitQuoted(m.body).findIndex((l) => l.text.trim() === c.line);
      const a = findAttributions(splitQuoted(m.body)).find((x) => x.start === line);
      const b = parseAttributionLine(c.line);
      assert.equal(b?.name, c.name);
      assert.equal(b?.date, c.date);
      assert.equal(personKey(a?.name ?? null), personKey(c.name));
      assert.equal(a?.when ? isoOf(a.when, 0).slice(0, 19) : null, c.date.slice(0, 19));
    });
  }

  it('reads a zone name as its offset in both: "12:50:14 PM CEST" is +02:00 (KMail, data/corpus pm-2019-suspend-sync-switch)', async () => {
    // Rafael Wysocki quotes Jonas Meurer; the body reader used to keep no offset for a zone name, threading +02:00.
    const file = path.join(repo, 'data', 'corpus', 'mbox', 'pm-2019-suspend-sync-switch.mbox');
    const m = await realMessage(file, '2847488.TR0R5COpHM@kreacher');
    const line = 'On Monday, October 7, 2019 12:50:14 PM CEST Jonas Meurer wrote:';
    assert.ok(m.body.split('\n').includes(line));
    const b = parseAttributionLine(line);
    assert.deepEqual([b?.name, b?.date], ['Jonas Meurer', '2019-10-07T12:50:14+02:00']);
    assert.equal(bodyVoice(m, 1)?.date, '2019-10-07T12:50:14+02:00');
    const a = findAttributions(splitQuoted(m.body)).find((x) => x.voiceDepth === 1);
    assert.equal(a?.name, 'Jonas Meurer');
    assert.equal(a?.when ? isoOf(a.when, null) : null, '2019-10-07T12:50:14+02:00');
  });

  it('agrees on every single-line "On ... wrote:" of the corpus', async () => {
    const seen = new Set<string>();
    const disagree: string[] = [];
    for (const file of corpusMailFiles()) {
      for (const m of await readParsed(file)) {
        const lines = splitQuoted(m.body);
        for (const a of findAttributions(lines)) {
          const text = lines[a.start]?.text.trim() ?? '';
          if (a.start !== a.end || !/^On\s/.test(text) || seen.has(text)) continue;
          seen.add(text);
          const b = parseAttributionLine(text);
          if (b === null) continue;
          const threadWall =
            a.when && !a.when.dayOnly ? isoOf(a.when, 0).slice(0, 16) : a.when ? isoOf(a.when, 0).slice(0, 10) : null;
          const bodyWall = b.date === null ? null : b.date.slice(0, threadWall?.length ?? 16);
          if (personKey(a.name ?? a.email) !== personKey(b.name ?? b.email) || threadWall !== bodyWall)
            disagree.push(text);
        }
      }
    }
    assert.ok(seen.size > 700, `${seen.size} lines`);
    // Threading reads each line through the body reader's readOnWrote: what is left to differ is which lines each takes.
    assert.deepEqual(disagree, []);
  });
});

describe('Spanish attribution lines name and date the voice in the body reader as in threading', async () => {
  // Three replies on netfilter-devel (test/fixtures/body/README.md says where each comes from). The body reader
  // knew no "El ... escribió:" and left the quote unnamed; threading named it.
  const file = path.join(repo, 'test', 'fixtures', 'body', 'netfilter-spanish-attributions.mbox');
  const [ander, fernando, thomas] = await realMessages(file, [
    'db71e3276085bccce877215254bbfc21@juaristi.eus',
    'e452baf5-0ac8-473f-0568-389de62eb375@riseup.net',
    'CAAXf6LXNjUpE8_f2t8a+18ovWM67JXxt=JAxskkERoRaX+664g@mail.gmail.com',
  ]);
  assert.ok(ander && fernando && thomas);
  const threadAt = (m: ParsedMessage, depth: number) => {
    const a = findAttributions(splitQuoted(m.body)).find((x) => x.voiceDepth === depth);
    return a && { name: a.name, email: a.email, date: a.when ? isoOf(a.when, 0).slice(0, 19) : null };
  };

  it('"El 2019-11-18 19:34, Pablo Neira Ayuso escribió:" (Roundcube)', () => {
    const v = bodyVoice(ander, 1);
    assert.deepEqual([v?.name, v?.date], ['Pablo Neira Ayuso', '2019-11-18T19:34:00']);
    assert.deepEqual(threadAt(ander, 1), { name: 'Pablo Neira Ayuso', email: null, date: '2019-11-18T19:34:00' });
  });

  it('"El 14 de julio de 2019 0:26:24 CEST, Florian Westphal <fw@strlen.de> escribió:" (K-9 Mail)', () => {
    const v = bodyVoice(fernando, 2);
    assert.deepEqual([v?.name, v?.email, v?.date], ['Florian Westphal', 'fw@strlen.de', '2019-07-14T00:26:24+02:00']);
    assert.deepEqual(threadAt(fernando, 2), {
      name: 'Florian Westphal',
      email: 'fw@strlen.de',
      date: '2019-07-14T00:26:24',
    });
  });

  it('"El vie, 28 may 2021 a las 19:10, Florian Westphal (<fw@strlen.de>) escribió:" (Gmail)', () => {
    const v = bodyVoice(thomas, 1);
    assert.deepEqual([v?.name, v?.email, v?.date], ['Florian Westphal', 'fw@strlen.de', '2021-05-28T19:10:00']);
    assert.deepEqual(threadAt(thomas, 1), {
      name: 'Florian Westphal',
      email: 'fw@strlen.de',
      date: '2021-05-28T19:10:00',
    });
  });
});

it('reads Zimbra\'s "----- On <date>, <name> <bare address> wrote:" as an attribution line', async () => {
  const { realMessage } = await import('./real-mail.js');
  // Mathieu Desnoyers answers Jann Horn (data/corpus, api-2020-pin-on-cpu).
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const m = await realMessage(
    path.join(repo, 'data', 'corpus', 'mbox', 'api-2020-pin-on-cpu.mbox'),
    '430172781.596271.1579636021412.JavaMail.zimbra@efficios.com',
  );
  assert.match(m.body, /^----- On Jan 21, 2020, at 12:20 PM, Jann Horn jannh@google\.com wrote:$/m);
  const passages = readBody(m.body, {
    author: { name: 'Mathieu Desnoyers', email: null, date: null, attributed: false },
    patchHunks: [],
  });
  assert.ok(!passages.some((p) => p.text.includes('wrote:')), 'the attribution line read as words');
  const jann = passages.filter((p) => p.depth === 1);
  assert.ok(jann.length > 0);
  assert.ok(jann.every((p) => p.voice.name === 'Jann Horn' && p.voice.date === '2020-01-21T12:20:00'));
  // Threading reads the same line, so the recovered voice is Jann's too.
  const found = findAttributions(splitQuoted(m.body));
  assert.ok(found.some((f) => f.name === 'Jann Horn' && f.voiceDepth === 1));
});
