/**
 * Test helpers: corpus paths, reading mail through src/mail, and a minimal independent mbox
 * splitter + simpleParser decoder (written before src/mail landed) kept as an oracle for byte
 * offsets and for fuzzed files that the real reader may rightly refuse.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser, type AddressObject } from 'mailparser';
import type { ParsedMessage, TextAttachment } from '../../src/mail/types.js';
import { parseMail, readSources } from '../../src/mail/index.js';
import { extractPatch, type SeriesInput } from '../../src/patch/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shared = path.resolve(repoRoot, '..', 'shared');
export const corpus = (...parts: string[]): string => path.join(shared, 'corpus', ...parts);

/** Splits at "From " separator lines and undoes mboxrd escaping; offsets are byte offsets. */
export function splitMbox(buf: Buffer): { offset: number; raw: Buffer }[] {
  const starts: number[] = [];
  if (buf.subarray(0, 5).toString('latin1') === 'From ') starts.push(0);
  for (let i = buf.indexOf('\nFrom '); i !== -1; i = buf.indexOf('\nFrom ', i + 1)) starts.push(i + 1);
  return starts.map((start, n) => {
    const end = starts[n + 1] ?? buf.length;
    const nl = buf.indexOf('\n', start);
    const text = buf
      .subarray(nl + 1, end)
      .toString('latin1')
      .replace(/^>(>*From )/gm, '$1');
    return { offset: start, raw: Buffer.from(text, 'latin1') };
  });
}

const ids = (v: string | string[] | undefined): string[] => {
  const all = Array.isArray(v) ? v.join(' ') : (v ?? '');
  return [...all.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? '');
};

const firstAddress = (a: AddressObject | AddressObject[] | undefined) => {
  const obj = Array.isArray(a) ? a[0] : a;
  const v = obj?.value[0];
  return { name: v?.name ? v.name : null, email: v?.address ? v.address : null };
};

export async function parseRaw(raw: Buffer, file: string, offset: number | null): Promise<ParsedMessage> {
  const m = await simpleParser(raw, {
    skipHtmlToText: false,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const attachments: TextAttachment[] = m.attachments
    .filter((a) => /^text\/|patch|diff/i.test(a.contentType) && !/html|pgp|signature/i.test(a.contentType))
    .map((a) => ({ filename: a.filename ?? null, contentType: a.contentType, text: a.content.toString('utf8') }));
  const messageId = ids(m.messageId)[0] ?? null;
  return {
    key: messageId ?? `sha256:${offset ?? 0}`,
    messageId,
    inReplyTo: ids(m.inReplyTo),
    references: ids(m.references),
    subject: m.subject ?? '',
    from: firstAddress(m.from),
    date: m.date ? m.date.toISOString() : null,
    body: m.text ?? '',
    attachments,
    source: { file, offset },
    format: 'mbox',
    contentHash: '',
    reconstructed: false,
    warnings: [],
  };
}

/** Every message of a mail file, read and decoded by src/mail (the real stage, not a stand-in). */
export async function readMbox(file: string): Promise<ParsedMessage[]> {
  const out: ParsedMessage[] = [];
  for await (const ev of readSources([file])) if (ev.kind === 'mail') out.push(await parseMail(ev.mail));
  return out;
}

/**
 * Thread ids for a test: messages joined by Message-ID / In-Reply-To / References (union-find),
 * named by the smallest id in the set. src/thread does this properly; series only need "same thread".
 */
export function threadIds(msgs: readonly ParsedMessage[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while ((parent.get(r) ?? r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const m of msgs) for (const id of [...m.inReplyTo, ...m.references]) union(m.key, id);
  return new Map(msgs.map((m) => [m.key, find(m.key)]));
}

/** SeriesInput for every message, the way the import stage will build it. */
export function seriesInputs(msgs: readonly ParsedMessage[]): SeriesInput[] {
  const threads = threadIds(msgs);
  return msgs.map((m) => {
    const info = extractPatch(m);
    return {
      key: m.key,
      subject: m.subject,
      from: m.from,
      date: m.date,
      threadId: threads.get(m.key) ?? m.key,
      inReplyTo: m.inReplyTo,
      references: m.references,
      series: info.series,
      changeId: info.changeId,
      messageId: m.messageId,
      hasPatch: info.patch !== null,
    };
  });
}

/** A ParsedMessage holding just a body, the way the web-dump reader hands one over. */
export function bodyOnly(body: string, file: string, subject = ''): ParsedMessage {
  return {
    key: `test:${path.basename(file)}`,
    messageId: null,
    inReplyTo: [],
    references: [],
    subject,
    from: { name: null, email: null },
    date: null,
    body,
    attachments: [],
    source: { file, offset: 0 },
    format: 'patchwork',
    contentHash: '',
    reconstructed: false,
    warnings: [],
  };
}
