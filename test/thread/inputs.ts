/** Shared by threading tests: read a file through the real readers, and shape a message as the store hands it to threading. */
import { parseMail, readSources } from '../../src/mail/index.js';
import type { ParsedMessage } from '../../src/mail/types.js';
import type { ThreadInput } from '../../src/thread/index.js';

export async function readParsed(file: string): Promise<ParsedMessage[]> {
  const out: ParsedMessage[] = [];
  for await (const ev of readSources([file])) {
    if (ev.kind === 'mail') out.push(await parseMail(ev.mail));
    else if (ev.kind === 'parsed') out.push(ev.message);
  }
  return out;
}

/** What the store hands threading: bodies only for mail without usable ids. */
export function asInput(m: ParsedMessage): ThreadInput {
  const headerless = m.inReplyTo.length === 0 && m.references.length === 0;
  return {
    key: m.key,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: m.references,
    subject: m.subject,
    from: m.from,
    date: m.date,
    reconstructed: m.reconstructed,
    parentHint: m.parentHint ?? null,
    ...(m.parentHintFirm === true ? { parentHintFirm: true } : {}),
    ...(headerless ? { body: m.body } : {}),
  };
}
