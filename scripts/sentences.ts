/**
 * `npm run sentences [-- --from FILE]`
 *
 * Encodes every unit of the labelled corpus (scripts/train/sentences.ts says
 * how) and writes data/corpus/sentences.json, which `npm run train` reads.
 * The encoder reads some tens of sentences a second: the whole corpus is
 * about half an hour of CPU. --from FILE takes the 512-dimensional vectors
 * from a file of float32s instead, one per corpus unit in loadCorpus order
 * (what an earlier run of this encoder wrote).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENCODER_DIMS, ENCODER_MAX_CHARS } from '../src/extract/encoder.js';
import { isPatchText } from '../src/extract/units.js';
import { repoRoot } from './eval/run.js';
import { corpusDir, loadCorpus } from './train/corpus.js';
import { sentenceFile } from './train/sentences.js';

async function main(argv: string[]): Promise<number> {
  const root = repoRoot();
  const corpus = await loadCorpus(root);
  const units = corpus.flatMap((t) => t.units);
  const from = argv.indexOf('--from') >= 0 ? argv[argv.indexOf('--from') + 1] : undefined;
  const texts: string[] = [];
  const vectors: Float32Array[] = [];
  const seen = new Set<string>();
  let raw: Float32Array | undefined;
  if (from !== undefined) {
    const bytes = fs.readFileSync(from);
    raw = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    if (raw.length !== units.length * ENCODER_DIMS)
      throw new Error(`${from}: ${raw.length / ENCODER_DIMS} vectors for ${units.length} corpus units`);
  }
  units.forEach((u, i) => {
    const text = u.text.slice(0, ENCODER_MAX_CHARS);
    if (isPatchText(u) || seen.has(text)) return;
    seen.add(text);
    texts.push(text);
    if (raw !== undefined) vectors.push(raw.subarray(i * ENCODER_DIMS, (i + 1) * ENCODER_DIMS));
  });
  process.stderr.write(`sentences: ${texts.length} distinct texts of ${units.length} units\n`);
  const packed = raw === undefined ? undefined : new Float32Array(texts.length * ENCODER_DIMS);
  vectors.forEach((v, i) => packed?.set(v, i * ENCODER_DIMS));
  const file = sentenceFile(texts, packed);
  const out = path.join(corpusDir(root), 'sentences.json');
  fs.writeFileSync(out, `${JSON.stringify(file)}\n`);
  process.stdout.write(`sentences: ${texts.length} vectors of ${file.dims} -> ${path.relative(root, out)}\n`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`sentences: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
