/**
 * Text of a Patchwork patch page: the patch mail split into "Commit Message" and "Patch"
 * sections, with the list's replies under "Comments" in between.
 *
 *   [5/5] iommufd: Flush CPU caches ...          <- subject
 *   Message ID 2024...@intel.com (mailing list archive)
 *   Commit Message
 *   Yan Zhao May 7, 2024, 6:22 a.m. UTC          <- author + date of the patch
 *   ...commit message, ---, diffstat...
 *   Comments
 *   Jason Gunthorpe May 9, 2024, 2:13 p.m. UTC | #1   <- one reply, until the next such line
 *   ...
 *   diff mbox series
 *   Patch
 *   diff --git ...                                <- the diff, appended to the patch mail's body
 */
import type { ImportWarning } from '../../errors.js';
import type { ParsedMessage } from '../types.js';
import { monthNumber } from '../date.js';
import { buildMessage, byteOffsets, isoAt, tidy } from './build.js';

// Django's "N j, Y, P" (AP style): "May 9, 2024, 2:13 p.m.", "Sept. 3, 2023, noon", "June 1, 2024, 4 p.m."
const WHEN = String.raw`([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{4}), (noon|midnight|(\d{1,2})(?::(\d{2}))? ([ap])\.m\.)(?: (UTC|GMT))?`;
const COMMENT = new RegExp(String.raw`^(.+?) ${WHEN} \| #(\d+)\s*$`);
const AUTHOR = new RegExp(String.raw`^(.+?) ${WHEN}\s*$`);

function isoFrom(m: RegExpExecArray, at: number): string | null {
  const month = monthNumber(m[at] ?? '');
  if (month === null) return null;
  const mo = month - 1;
  const word = m[at + 3];
  let h = 0;
  let mi = 0;
  if (word === 'noon') h = 12;
  else if (word !== 'midnight') {
    h = (Number(m[at + 4]) % 12) + (m[at + 6] === 'p' ? 12 : 0);
    mi = Number(m[at + 5] ?? 0);
  }
  return isoAt(Date.UTC(Number(m[at + 2]), mo, Number(m[at + 1]), h, mi), 0);
}

export function looksLikePatchwork(text: string): boolean {
  const lines = text.split(/\r?\n/, 4000);
  const commit = lines.findIndex((l) => l.trim() === 'Commit Message');
  if (commit >= 0 && lines.slice(commit + 1, commit + 4).some((l) => AUTHOR.test(l.trim()))) return true;
  return lines.some((l) => COMMENT.test(l)) && lines.some((l) => /^Message ID\s+\S/.test(l));
}

export function parsePatchwork(text: string, file: string): { messages: ParsedMessage[]; warnings: ImportWarning[] } {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const starts: number[] = [];
  let pos = 0;
  for (const l of text.split('\n')) {
    starts.push(pos);
    pos += l.length + 1;
  }
  const toByte = byteOffsets(text);
  const warnings: ImportWarning[] = [];
  const trimmed = lines.map((l) => l.trim());

  const idLine = trimmed.findIndex((l) => /^Message ID\s+\S/.test(l));
  const messageId =
    idLine >= 0 ? (/^Message ID\s+<?([^\s<>]+@[^\s<>]+)>?/.exec(trimmed[idLine] ?? '')?.[1] ?? null) : null;
  let subject = '';
  for (let i = (idLine >= 0 ? idLine : trimmed.length) - 1; i >= 0; i--) {
    const l = trimmed[i] ?? '';
    if (l && !/^(?:diff|mbox|series)(?: mbox)?(?: series)?$/.test(l)) {
      subject = l;
      break;
    }
  }
  if (!subject) subject = trimmed.find((l) => l && !/mbox/.test(l)) ?? '';

  const commitAt = trimmed.indexOf('Commit Message');
  let patchAt = -1;
  for (let i = trimmed.length - 1; i > commitAt; i--) {
    if (trimmed[i] === 'Patch') {
      patchAt = i;
      break;
    }
  }
  let commentsAt = -1;
  for (let i = commitAt + 1; i < (patchAt >= 0 ? patchAt : trimmed.length); i++) {
    if (trimmed[i] === 'Comments' && COMMENT.test(trimmed.slice(i + 1).find((l) => l) ?? '')) {
      commentsAt = i;
      break;
    }
  }
  // The "diff mbox series" toolbar line printed again right above the Patch section is page chrome.
  let tailEnd = patchAt >= 0 ? patchAt : lines.length;
  while (
    tailEnd > 0 &&
    (trimmed[tailEnd - 1] === '' || /^diff mbox series$|^mbox series$/.test(trimmed[tailEnd - 1] ?? ''))
  )
    tailEnd--;

  const messages: ParsedMessage[] = [];
  // The patch itself.
  let authorAt = commitAt + 1;
  while (authorAt < lines.length && trimmed[authorAt] === '') authorAt++;
  const author = commitAt >= 0 ? AUTHOR.exec(trimmed[authorAt] ?? '') : null;
  const commitEnd = commentsAt >= 0 ? commentsAt : tailEnd;
  const commitBody = tidy(lines.slice(author ? authorAt + 1 : commitAt + 1, commitEnd));
  const diff = patchAt >= 0 ? tidy(lines.slice(patchAt + 1)) : '';
  const name = author?.[1]?.trim() ?? null;
  const patchOffset = toByte(starts[commitAt >= 0 ? commitAt : 0] ?? 0);
  if (!author)
    warnings.push({ file, offset: patchOffset, message: 'patchwork: no author/date line under "Commit Message"' });
  // Patchwork shows no address; the sender's own Signed-off-by usually has it.
  const sob = name
    ? new RegExp(
        String.raw`^Signed-off-by:\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\s*<([^>\s]+@[^>\s]+)>`,
        'mi',
      ).exec(commitBody)
    : null;
  const patch = buildMessage({
    file,
    format: 'patchwork',
    offset: patchOffset,
    messageId,
    subject,
    from: { name, email: sob?.[1] ?? null },
    date: author ? isoFrom(author, 2) : null,
    body: diff ? `${commitBody}\n\n${diff}` : commitBody,
  });
  messages.push(patch);

  // The comments, each up to the next comment header.
  if (commentsAt >= 0) {
    const heads: { at: number; m: RegExpExecArray }[] = [];
    for (let i = commentsAt + 1; i < tailEnd; i++) {
      const m = COMMENT.exec(trimmed[i] ?? '');
      if (m) heads.push({ at: i, m });
    }
    heads.forEach((h, n) => {
      const end = heads[n + 1]?.at ?? tailEnd;
      messages.push(
        buildMessage({
          file,
          format: 'patchwork',
          offset: toByte(starts[h.at] ?? 0),
          messageId: null,
          subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
          from: { name: h.m[1]?.trim() ?? null, email: null },
          date: isoFrom(h.m, 2),
          body: tidy(lines.slice(h.at + 1, end)),
          parentHint: patch.key,
        }),
      );
    });
  }
  return { messages, warnings };
}
