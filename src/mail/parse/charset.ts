/**
 * Bytes to text under a declared charset, never throwing: mail declares
 * charsets that do not exist ("y"), non-canonical ones ("iso8859-7") and
 * sometimes lies. Undecodable bytes become U+FFFD and are counted.
 */

export interface Decoded {
  readonly text: string;
  /** U+FFFD characters the decoding introduced (bytes it could not map). */
  readonly replaced: number;
  /** The label was not a charset we know; the bytes were read as UTF-8. */
  readonly unknownCharset: boolean;
}

const decoders = new Map<string, TextDecoder | null>();

function decoderFor(label: string): TextDecoder | null {
  const key = label.trim().toLowerCase();
  let d = decoders.get(key);
  if (d === undefined) {
    try {
      d = new TextDecoder(key === 'us-ascii' || key === 'ascii' ? 'utf-8' : key);
    } catch {
      d = null;
    }
    decoders.set(key, d);
  }
  return d;
}

function countReplacement(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}

export function decodeBytes(bytes: Uint8Array, charset: string | null | undefined): Decoded {
  const d = decoderFor(charset ?? 'utf-8');
  const used = d ?? decoderFor('utf-8');
  const text = used === null ? Buffer.from(bytes).toString('utf8') : used.decode(bytes);
  // U+FFFD the sender wrote on purpose (EF BF BD in UTF-8) is not a decoding loss
  const before = Buffer.from(bytes).toString('latin1').split('\xef\xbf\xbd').length - 1;
  return { text, replaced: Math.max(0, countReplacement(text) - before), unknownCharset: d === null };
}

/** Whether a charset label names one we can decode. */
export function knownCharset(label: string): boolean {
  return decoderFor(label) !== null;
}
