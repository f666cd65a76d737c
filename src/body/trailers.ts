/**
 * Plugin: mark trailers (Signed-off-by:, Fixes:, Cc: ...), the signature
 * (everything after a "-- " line, a list footer) and the sign-off at the end
 * of a voice's words ("Thanks,\nJason"), so none of it reads as discussion.
 */
import type { Plugin } from 'unified';
import { mapProse } from './regroup.js';
import type { BlockRole, MailBlock, MailRoot } from './types.js';

const TRAILER =
  /^\s*(?:[A-Z][A-Za-z]*(?:-[A-Za-z]+)*-by|Cc|CC|Fixes|Link|Closes|Message-I[Dd]|Change-Id|BugLink|Bug|Reported|Suggested|Tested)\s*:\s*\S/;
/**
 * git's in-body headers ("From: Ann <ann@x>" over a patch sent for someone else, "Subject:" and "Date:" of a
 * patch pasted into a reply): a paragraph of nothing else is mail headers, not words.
 */
const IN_BODY_HEADER = /^(?:From|Date|Subject):\s+\S/;
/** Longest paragraph read as in-body headers (git writes at most From:, Date:, Subject:, each possibly wrapped once). */
const MAX_HEADER_LINES = 6;
const FOOTER = /^(?:To unsubscribe from this list|_{10,}|-{5,} ?Original Message ?-{5,})/i;
const SIGN_OFF_WORD =
  /^(?:thanks(?: again| a lot)?|thank you|many thanks|regards|best regards|kind regards|cheers|br|best|thx|ta)\b[\s,.!]*(?:\S+(?:\s\S+)?)?[.!]?$/i;

function isNameOf(text: string, block: MailBlock): boolean {
  const words = text
    .replace(/[.,!~-]+$/, '')
    .trim()
    .toLowerCase();
  if (words === '' || words.split(/\s+/).length > 3) return false;
  const name = (block.voice?.name ?? '').toLowerCase();
  if (name === '') return false; // without a name, only sign-off words are safe to cut
  const tokens = name.split(/[\s,]+/);
  return words.split(/\s+/).every((w) => tokens.includes(w)) || words === tokens.map((t) => t[0]).join('');
}

/** True when no block after `index` holds words at this depth or shallower: the voice's text ends here. */
function endsVoice(tree: MailRoot, index: number, depth: number): boolean {
  for (let i = index + 1; i < tree.children.length; i++) {
    const b = tree.children[i];
    if (b === undefined) continue;
    if (b.depth <= depth && b.lines.some((l) => l.text.trim() !== '')) return b.depth < depth;
  }
  return true;
}

const mailTrailers: Plugin<[], MailRoot> = function () {
  return (tree: MailRoot): void => {
    let signed = false;
    mapProse(tree, (block, index) => {
      const roles: BlockRole[] = block.lines.map(() => 'prose');
      // A quoted signature or list footer ends the quoted voice's words in this block (its depth changes at the block's end).
      let quotedSigned = false;
      block.lines.forEach((line, i) => {
        const t = line.text;
        const sigLine = t === '-- ' || t === '--' || FOOTER.test(t);
        if (signed || quotedSigned) roles[i] = 'signature';
        else if (sigLine && block.depth === 0) {
          signed = true;
          roles[i] = 'signature';
        } else if (sigLine) {
          quotedSigned = true;
          roles[i] = 'signature';
        } else if (TRAILER.test(t)) roles[i] = 'trailer';
      });
      // Paragraphs of in-body headers only: their first line is one, and so is every line not a wrapped continuation.
      for (let i = 0; i < block.lines.length; ) {
        let j = i;
        while (j < block.lines.length && (block.lines[j]?.text.trim() ?? '') !== '') j++;
        const para = block.lines.slice(i, j).map((l) => l.text);
        if (
          para.length > 0 &&
          para.length <= MAX_HEADER_LINES &&
          IN_BODY_HEADER.test(para[0] ?? '') &&
          para.every((t) => IN_BODY_HEADER.test(t) || /^\s/.test(t))
        )
          for (let k = i; k < j; k++) if (roles[k] === 'prose') roles[k] = 'trailer';
        i = j + 1;
      }
      if (!signed && endsVoice(tree, index, block.depth)) {
        // Walk back over the last lines: a name, a "Thanks," before it.
        for (let i = block.lines.length - 1; i >= 0; i--) {
          const t = (block.lines[i]?.text ?? '').trim();
          if (t === '' || roles[i] !== 'prose') continue;
          if (isNameOf(t, block) || SIGN_OFF_WORD.test(t)) roles[i] = 'signature';
          else break;
        }
      }
      return roles;
    });
  };
};
export default mailTrailers;
