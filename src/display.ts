/**
 * Text from mail, file names and policy files is shown to a terminal, and a
 * terminal obeys what it is sent: ESC ] 0 retitles the window, ESC ] 52 writes
 * the clipboard, CR and BS rewrite a line, U+202E reverses what follows, a newline
 * in a file name forges a `warning:` line. Everything Threadlab shows passes
 * through here (the CLI's writers in cli/out.ts, the TUI's source in
 * cli/tui-source.ts), and what a terminal would act on is made visible instead:
 * C0 controls as their Control Pictures (ESC -> ␛, CR -> ␍), DEL as ␡, C1
 * controls and the bidirectional and line-separator format characters as <U+XXXX>.
 * JSON output is data and keeps every character (printJson escapes them as \uXXXX).
 */

/** C0 but TAB and LF, DEL, C1; bidi embeddings, overrides, isolates and marks; line and paragraph separators. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function picture(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  return `<U+${c.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Text of several lines (a body, a listing): newlines and tabs stay, CRLF becomes LF, every other control is shown. */
export function visible(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, picture);
}

/** One field of one line (a subject, a name, a file name, a warning): a newline or tab in it is shown too. */
export function oneLine(text: string): string {
  return text.replace(UNSAFE_LINE, (ch) => (ch === '\t' ? ' ' : picture(ch)));
}

/** Whether `visible` would change anything but line ends: for tests and callers that want to know. */
export function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text.replace(/\r\n/g, '\n'));
  UNSAFE.lastIndex = 0;
  return found;
}

/** JSON with the characters a terminal acts on escaped (C1, bidi, separators): the same data, safe to print. */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Every string inside plain data (objects, arrays, Maps are not expected) made safe:
 * fields named in `multiline` keep their line breaks, every other string becomes one line.
 * For the TUI, which draws whatever its source hands it.
 */
export function visibleDeep<T>(value: T, multiline: ReadonlySet<string> = MULTILINE_FIELDS): T {
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') return key !== null && multiline.has(key) ? visible(v) : oneLine(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, null) as T;
}

/** Fields of the store's and the extraction's shapes whose text runs over several lines. */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['body', 'text', 'quote', 'lines', 'excerpt']);
