/**
 * A lore thread page, imported through the whole pipeline (store, re-thread), keeps the
 * parents its tree shows: the firm hint survives the database round trip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runImport } from '../../src/import/index.js';
import { loadThread, listThreads, openStore } from '../../src/store/index.js';
import { loreThread } from '../mail/webdump/render.js';
import { corpus, tempDir } from './corpus.js';

type Placed = { subject: string; author: string | null; date: string | null; parent: string | null };

function placed(db: string): Placed[] {
  const conn = openStore(db, { readonly: true });
  const out: Placed[] = [];
  for (const t of listThreads(conn)) {
    const th = loadThread(conn, t.id);
    const byKey = new Map(th.messages.map((m) => [m.key, m]));
    for (const m of th.messages) {
      if (m.reconstructed || m.ghost) continue;
      const p = m.parent === null ? undefined : byKey.get(m.parent);
      const parent = p === undefined || p.ghost ? null : `${p.author.name ?? ''} ${p.subject}`;
      out.push({ subject: m.subject, author: m.author.name, date: m.date?.slice(0, 10) ?? null, parent });
    }
  }
  conn.close();
  const key = (x: Placed) => `${x.date} ${x.author} ${x.subject} ${x.parent}`;
  return out.sort((a, b) => key(a).localeCompare(key(b)));
}

test('a lore thread page imports with the same reply tree as the mbox it shows', async () => {
  const dir = tempDir('lore-import');
  const mbox = path.join(corpus, 'lkml-iommu-archive', 'nosnoop-v1.mbox');
  const fromMbox = path.join(dir, 'mbox.db');
  await runImport({ paths: [mbox], db: fromMbox, threads: 1 });

  // Render the page from what the mbox import stored: messages, then their parents.
  const conn = openStore(fromMbox, { readonly: true });
  const thread = loadThread(conn, listThreads(conn)[0]?.id ?? '');
  conn.close();
  const mails = thread.messages
    .filter((m) => !m.reconstructed && !m.ghost)
    .map((m) => ({
      key: m.key,
      messageId: m.messageId,
      inReplyTo: [],
      references: [],
      subject: m.subject,
      from: m.author,
      date: m.date,
      body: m.body,
      attachments: [],
      source: m.source,
      format: 'mbox' as const,
      contentHash: '',
      reconstructed: false,
      warnings: [],
    }));
  const page = path.join(dir, 'thread.txt');
  fs.writeFileSync(page, loreThread(mails, { parent: new Map(thread.messages.map((m) => [m.key, m.parent])) }));
  const fromPage = path.join(dir, 'page.db');
  await runImport({ paths: [page], db: fromPage, threads: 1 });

  const want = placed(fromMbox).map((x) => ({ ...x, date: x.date }));
  const got = placed(fromPage);
  assert.equal(got.length, want.length);
  assert.deepEqual(
    got.map((x) => x.parent),
    want.map((x) => x.parent),
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
