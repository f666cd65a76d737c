import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ParsedMessage } from '../../../src/mail/types.js';
import { detectWebDump } from '../../../src/mail/webdump/index.js';
import { threadMessages } from '../../../src/thread/index.js';
import { corpus, tempDir } from '../../import/corpus.js';
import { hypermailPages, lkmlOrgPages, loreThread, lorePages, marcPages, openwallPages, type Tree } from './render.js';
import { asInput, readParsed } from '../../thread/inputs.js';

const mbox = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox');

/** Each message's parent as "#index" of a message in `msgs`, "<id>" of a ghost, or null. */
function parents(msgs: readonly ParsedMessage[]): (string | null)[] {
  const plan = threadMessages(msgs.map(asInput));
  const index = new Map(msgs.map((m, i) => [m.key, i]));
  return msgs.map((m) => {
    const p = plan.parent.get(m.key) ?? null;
    if (p === null) return null;
    return index.has(p) ? `#${index.get(p) ?? ''}` : `<${p}>`;
  });
}

const tidied = (s: string): string => s.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
const minute = (iso: string | null): string => (iso ? new Date(Date.parse(iso)).toISOString().slice(0, 16) : '');
const instant = (iso: string | null): number => (iso ? Date.parse(iso) : NaN);

describe('web-archive pages rendered from a real thread (nosnoop v1, 39 mails) read back as the mbox', () => {
  let mails: ParsedMessage[] = [];
  let tree: Tree = { parent: new Map() };
  let expected: (string | null)[] = [];
  let dir = '';
  before(async () => {
    mails = (await readParsed(mbox)).sort((a, b) => instant(a.date) - instant(b.date));
    expected = parents(mails);
    tree = { parent: threadMessages(mails.map(asInput)).parent };
    dir = tempDir('webdump');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function importPage(name: string, text: string): Promise<ParsedMessage[]> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return readParsed(file);
  }

  function sameAuthors(got: readonly ParsedMessage[], withEmail: boolean): void {
    assert.equal(got.length, mails.length);
    got.forEach((m, i) => {
      assert.equal(m.from.name, mails[i]?.from.name, `#${i}`);
      if (withEmail) assert.equal(m.from.email, mails[i]?.from.email, `#${i}`);
      assert.equal(m.subject, mails[i]?.subject, `#${i}`);
      // a page shows the text, not its trailing newlines
      assert.equal(m.body, tidied(mails[i]?.body ?? ''), `#${i} body`);
    });
  }

  it('mbox sanity: one thread with replies under replies', () => {
    assert.equal(mails.length, 39);
    assert.ok(expected.filter((p) => p !== null).length >= 30);
  });

  it('reads lore message pages with their Message-ID, In-Reply-To and dated offsets, and threads them as the mbox', async () => {
    const text = lorePages(mails);
    assert.equal(detectWebDump(text), 'lore');
    const got = await importPage('lore-pages.txt', text);
    sameAuthors(got, true);
    got.forEach((m, i) => {
      assert.equal(m.messageId, mails[i]?.messageId);
      assert.equal(m.date, mails[i]?.date, `#${i} date with its offset`);
    });
    assert.deepEqual(parents(got), expected);
  });

  it('reads a lore thread page (/T/): one message per entry, UTC minutes, parents from the little trees', async () => {
    const text = loreThread(mails, tree);
    assert.equal(detectWebDump(text), 'lore');
    const got = await importPage('lore-thread.txt', text);
    sameAuthors(got, false);
    got.forEach((m, i) => assert.equal(minute(m.date), minute(mails[i]?.date ?? null), `#${i}`));
    // a ghost parent keeps its id; a parent on the page becomes the hint
    assert.deepEqual(hints(got), expected);
  });

  // src/thread/plan.ts weighs a hint after attribution and quotes; lore's trees print
  // minutes only, so patches 1/5..3/5 (sent within one minute) tie on the attribution.
  it('threads a lore thread page exactly as the mbox', async () => {
    assert.deepEqual(parents(await importPage('lore-thread.txt', loreThread(mails, tree))), expected);
  });

  it("reads lkml.org pages pasted one after the other, dates with the sender's offset", async () => {
    const text = lkmlOrgPages(mails);
    assert.equal(detectWebDump(text), 'lkml-org');
    const got = await importPage('lkml-org.txt', text);
    sameAuthors(got, false);
    got.forEach((m, i) => assert.equal(m.date, mails[i]?.date, `#${i}`));
    agree(parents(got), expected, 0.75);
  });

  it('reads marc.info pages: de-obfuscated addresses and Message-IDs, UTC dates', async () => {
    const text = marcPages(mails);
    assert.equal(detectWebDump(text), 'marc');
    const got = await importPage('marc.txt', text);
    sameAuthors(got, true);
    got.forEach((m, i) => {
      assert.equal(m.messageId, mails[i]?.messageId);
      assert.equal(instant(m.date), instant(mails[i]?.date ?? null), `#${i}`);
    });
    agree(parents(got), expected, 0.75);
  });

  it('reads several lkml.iu.edu pages in one file, their "In reply to" naming the parent', async () => {
    const text = hypermailPages(mails, tree);
    assert.equal(detectWebDump(text), 'hypermail');
    const got = await importPage('hypermail.txt', text);
    sameAuthors(got, false);
    got.forEach((m, i) => assert.equal(instant(m.date), instant(mails[i]?.date ?? null), `#${i}`));
    // hypermail names no ghost: a reply to a mail missing from the file has no parent
    const ghostless = expected.map((p) => (p?.startsWith('<') ? null : p));
    assert.deepEqual(hints(got), ghostless);
    agree(parents(got), expected, 0.75);
  });

  it('threads lkml.iu.edu pages exactly as the mbox', async () => {
    const got = await importPage('hypermail.txt', hypermailPages(mails, tree));
    assert.deepEqual(
      parents(got).map((p) => (p?.startsWith('<') ? null : p)),
      expected.map((p) => (p?.startsWith('<') ? null : p)),
    );
  });

  it('reads lists.openwall.net pages: Message-ID, offset dates, cut addresses dropped', async () => {
    const text = openwallPages(mails);
    assert.equal(detectWebDump(text), 'openwall');
    const got = await importPage('openwall.txt', text);
    sameAuthors(got, false);
    got.forEach((m, i) => {
      assert.equal(m.messageId, mails[i]?.messageId);
      assert.equal(m.date, mails[i]?.date);
      assert.equal(m.from.email, null);
    });
    agree(parents(got), expected, 0.75);
  });

  it('reads a file of pages from different archives pasted together, each by its own layout', async () => {
    const a = mails.slice(0, 10);
    const b = mails.slice(10, 20);
    const c = mails.slice(20);
    const text = [lorePages(a), lkmlOrgPages(b), marcPages(c)].join('\n');
    const got = await importPage('mixed.txt', text);
    assert.deepEqual(
      got.map((m) => m.format),
      [...a.map(() => 'lore'), ...b.map(() => 'lkml-org'), ...c.map(() => 'marc')],
    );
    assert.deepEqual(
      got.map((m) => m.subject),
      mails.map((m) => m.subject),
    );
    const bytes = fs.readFileSync(path.join(dir, 'mixed.txt'));
    for (const m of got) {
      const at = bytes.subarray(m.source.offset ?? 0, (m.source.offset ?? 0) + 12).toString('utf8');
      assert.match(at, /^(?:From: |Date\t|List:)/, `${m.format} offset points at its header`);
    }
  });
});

/** What the reader itself says of each parent: "#index" by hint, "<id>" by In-Reply-To, else null. */
function hints(got: readonly ParsedMessage[]): (string | null)[] {
  return got.map((m) =>
    m.parentHint ? `#${got.findIndex((o) => o.key === m.parentHint)}` : m.inReplyTo[0] ? `<${m.inReplyTo[0]}>` : null,
  );
}

/** Parents found from attributions and quotes alone: at least `share` of them as the mbox has them. */
function agree(got: readonly (string | null)[], want: readonly (string | null)[], share: number): void {
  let same = 0;
  got.forEach((p, i) => {
    if (p === want[i]) same++;
  });
  assert.ok(same / want.length >= share, `${same}/${want.length} parents as in the mbox`);
}
