/**
 * What kind of input a file is, from its first bytes (names only break ties):
 * mbox starts with a "From " line, a single message with known header
 * fields, web dumps are recognised by src/mail/webdump.
 */

export type FileKind =
  | { kind: 'mbox' }
  | { kind: 'eml' }
  | { kind: 'text' } // maybe a web dump: ask src/mail/webdump
  | { kind: 'empty' }
  | { kind: 'binary' };

/**
 * Header names that only mail starts with. "Re:" or "Note:" at the top of a
 * text file must not make it a message (the hypermail seeds start "Re: [PATCH").
 */
const MAIL_HEADER =
  /^(?:from|to|cc|date|subject|message-id|received|return-path|delivered-to|mime-version|content-type|in-reply-to|references|reply-to|sender|dkim-signature|arc-[a-z-]+|authentication-results|list-[a-z-]+|x-[a-z0-9-]+|thread-topic|thread-index|envelope-to|user-agent|precedence|errors-to):/i;

function looksBinary(head: Buffer): boolean {
  const n = Math.min(head.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] ?? 0;
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control > n / 20;
}

/**
 * An mbox separator line followed by a header field, anywhere in the head: an mbox with
 * junk before its first message (a NUL byte, a few random bytes, an editor's BOM) is still
 * an mbox, and the splitter reports the junk with its offset instead of losing the file.
 * (The BOM is stripped before; NUL and random bytes are what looksBinary sees.)
 */
const MBOX_START = /(?:^|\n)From [^\n]*\n[\x21-\x39\x3b-\x7e]+:/;

export function detectFileKind(head: Buffer): FileKind {
  if (head.length === 0) return { kind: 'empty' };
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  if (/^\s*$/.test(text)) return { kind: 'empty' };
  const start = text.replace(/^(?:[ \t]*\r?\n)+/, '');
  if (start.startsWith('From ')) return { kind: 'mbox' };
  if (MAIL_HEADER.test(start)) {
    // a real header block: every line up to the blank one is a field or a continuation
    const block = start.split(/\r?\n\r?\n/, 1)[0] ?? '';
    const lines = block.split(/\r?\n/).slice(0, 50);
    const fields = lines.filter((l) => /^[\x21-\x39\x3b-\x7e]+:/.test(l)).length;
    const continuations = lines.filter((l) => /^[ \t]/.test(l)).length;
    if (fields >= 2 && fields + continuations >= lines.length - 2) return { kind: 'eml' };
  }
  const mbox = MBOX_START.exec(text);
  // Only after junk: a text page quoting a "From " line of a patch is still a text page.
  if (mbox !== null && looksBinary(head.subarray(0, mbox.index + 1))) return { kind: 'mbox' };
  // after the mail checks: fuzzed and broken mail carries NUL bytes but is still mail
  if (looksBinary(head)) return { kind: 'binary' };
  return { kind: 'text' };
}
