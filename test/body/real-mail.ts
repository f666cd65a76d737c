/**
 * Test helper, not a test: real messages of ../shared by Message-ID, read through the real
 * readers and MIME parser, so a test names the archive and the message it stands on.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMail, readSources } from '../../src/mail/index.js';
import type { ParsedMessage } from '../../src/mail/types.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shared = path.resolve(repo, '..', 'shared');
/** The 2019-2022 iommu list (324 MB decompressed): reading stops at the last message asked for. */
export const bench = path.join(shared, 'bench', 'iommu-2019-2022.mbox.xz');
export const corpusFile = (name: string): string => path.join(shared, 'corpus', name);

/** The messages of `file` with these Message-IDs (no angle brackets), in the order asked; throws when one is missing. */
export async function realMessages(file: string, ids: readonly string[]): Promise<ParsedMessage[]> {
  const wanted = new Map(ids.map((id) => [id, Buffer.from(`<${id}>`)]));
  const found = new Map<string, ParsedMessage>();
  for await (const ev of readSources([file])) {
    if (ev.kind !== 'mail') continue;
    for (const [id, needle] of wanted) {
      // A cheap byte search first: parsing every message of the bench would take a minute.
      if (!ev.mail.raw.includes(needle)) continue;
      const m = await parseMail(ev.mail);
      if (m.messageId === id) {
        found.set(id, m);
        wanted.delete(id);
      }
    }
    if (wanted.size === 0) break;
  }
  if (wanted.size > 0) throw new Error(`${file}: no message ${[...wanted.keys()].join(', ')}`);
  return ids.map((id) => found.get(id) as ParsedMessage);
}

export async function realMessage(file: string, id: string): Promise<ParsedMessage> {
  const [m] = await realMessages(file, [id]);
  if (m === undefined) throw new Error(`${file}: no message ${id}`);
  return m;
}
