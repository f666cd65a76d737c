/**
 * Writing a large JSON document to stdout without holding it: `export` of a whole list
 * archive is far larger than the heap should be. Writes wait for the pipe to drain, so a
 * slow reader holds back the producer rather than filling memory.
 */
import { safeJson } from '../src/display.js';

/** Write `text` to stdout; resolves once the stream can take more. */
export function writeDrained(text: string): Promise<void> {
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

/** `safeJson(value)` (JSON with terminal controls escaped), every line after the first indented by `depth` more levels. */
function nested(value: unknown, depth: number): string {
  return safeJson(value).replace(/\n/g, '\n' + '  '.repeat(depth));
}

/**
 * Print `{ "a": [...], "b": [...] }` with each array's elements drawn from its generator,
 * byte for byte what `safeJson(doc)` (printJson) prints for the whole document.
 */
export async function streamDocument(fields: readonly (readonly [string, () => Iterable<unknown>])[]): Promise<void> {
  await writeDrained('{');
  for (const [i, [name, elements]] of fields.entries()) {
    await writeDrained(`${i === 0 ? '' : ','}\n  ${JSON.stringify(name)}: [`);
    let n = 0;
    for (const e of elements()) await writeDrained(`${n++ === 0 ? '' : ','}\n    ${nested(e, 2)}`);
    await writeDrained(n === 0 ? ']' : '\n  ]');
  }
  await writeDrained(fields.length === 0 ? '}\n' : '\n}\n');
}
