/**
 * The labelled corpus (data/corpus): each thread's mbox, its units as the
 * extractor sees them, and the hand labels matched to them by message and
 * sentence text (so a label survives a change of unit numbering).
 */
import fs from 'node:fs';
import path from 'node:path';
import { threadFeatures } from '../../src/extract/features.js';
import { normalizeSentence } from '../../src/extract/lexicon.js';
import { UNIT_KINDS, type SentenceInput, type UnitKind } from '../../src/extract/model.js';
import type { Unit } from '../../src/extract/units.js';
import type { StoredThread } from '../../src/store/types.js';
import { unitsOfFiles } from '../units.js';
import { SENTENCE_QUANTUM, textKey } from '../../src/extract/encoder.js';
import type { SentenceFile } from './sentences.js';

export interface Label {
  readonly m: string;
  readonly u: string;
  readonly t: string;
  readonly k: UnitKind;
  readonly o: string | null;
  readonly w: string | null;
}

export interface LabelledOption {
  readonly o: string;
  readonly title: string;
  readonly status: string;
  readonly by: string | null;
}

export interface CorpusThread {
  readonly slug: string;
  readonly subsystem: string;
  readonly list: string;
  readonly threads: readonly StoredThread[];
  readonly units: readonly Unit[];
  readonly features: readonly (readonly string[])[];
  /** Each unit's reduced sentence vector from data/corpus/sentences.json (undefined: not encoded, or no file). */
  readonly sentences: readonly (Float32Array | undefined)[];
  /** The label of each unit, or null where none matched. */
  readonly labels: readonly (Label | null)[];
  readonly options: readonly LabelledOption[];
  /** Labels whose sentence no unit has (the unit reader changed since labelling). */
  readonly unmatched: number;
}

export function corpusDir(root: string): string {
  return path.join(root, 'data', 'corpus');
}

const unitKey = (m: string, t: string): string => `${m.toLowerCase()}\u0000${normalizeSentence(t)}`;

export function readLabels(file: string): { labels: Label[]; options: LabelledOption[] } {
  const labels: Label[] = [];
  let options: LabelledOption[] = [];
  for (const [n, line] of fs.readFileSync(file, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${file}:${n + 1}: not JSON`);
    }
    if (Array.isArray(row['options'])) {
      options = (row['options'] as Record<string, unknown>[]).map((o) => ({
        o: String(o['o']),
        title: String(o['title'] ?? ''),
        status: String(o['status'] ?? 'open'),
        by: typeof o['by'] === 'string' ? o['by'] : null,
      }));
      continue;
    }
    const k = String(row['k']);
    if (!(UNIT_KINDS as readonly string[]).includes(k))
      throw new Error(`${file}:${n + 1}: kind ${k} is not one of ${UNIT_KINDS.join(', ')}`);
    labels.push({
      m: String(row['m']),
      u: String(row['u']),
      t: String(row['t']),
      k: k as UnitKind,
      o: typeof row['o'] === 'string' ? row['o'] : null,
      w: typeof row['w'] === 'string' ? row['w'] : null,
    });
  }
  return { labels, options };
}

/** slug -> [subsystem, list] from data/corpus/sources/*.tsv. */
export function readSources(dir: string): Map<string, { subsystem: string; list: string }> {
  const out = new Map<string, { subsystem: string; list: string }>();
  const src = path.join(dir, 'sources');
  if (!fs.existsSync(src)) return out;
  for (const f of fs
    .readdirSync(src)
    .filter((n) => n.endsWith('.tsv') && !n.endsWith('-messages.tsv'))
    .sort()) {
    for (const line of fs.readFileSync(path.join(src, f), 'utf8').split('\n')) {
      const [slug, subsystem, list] = line.split('\t');
      if (slug !== undefined && slug.trim() !== '' && subsystem !== undefined)
        out.set(slug.trim(), { subsystem: subsystem.trim(), list: (list ?? '').trim() });
    }
  }
  return out;
}

/** The corpus's sentence file (sentences.ts), decoded: text key -> network inputs; null when absent. */
export function readSentenceVectors(dir: string): Map<string, Float32Array> | null {
  const file = path.join(dir, 'sentences.json');
  if (!fs.existsSync(file)) return null;
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as SentenceFile;
  return new Map(
    Object.entries(json.units).map(([k, b64]) => [
      k,
      Float32Array.from(new Int8Array(Buffer.from(b64, 'base64')), (q) => q / SENTENCE_QUANTUM),
    ]),
  );
}

/** How the models trained on this corpus read sentence vectors (the file's projection); null without the file. */
export function corpusSentenceInput(root: string): SentenceInput | null {
  const file = path.join(corpusDir(root), 'sentences.json');
  if (!fs.existsSync(file)) return null;
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as SentenceFile;
  const bytes = Buffer.from(json.projection, 'base64');
  const projection = new Float32Array(json.from * json.dims);
  for (let i = 0; i < projection.length; i++) projection[i] = bytes.readFloatLE(i * 4);
  return { encoder: json.encoder, from: json.from, dims: json.dims, projection };
}

/** Every labelled thread of the corpus (labels/SLUG.jsonl with mbox/SLUG.mbox), in slug order. */
export async function loadCorpus(root: string, labelDir = 'labels'): Promise<CorpusThread[]> {
  const dir = corpusDir(root);
  const sources = readSources(dir);
  const slugs = fs.existsSync(path.join(dir, labelDir))
    ? fs
        .readdirSync(path.join(dir, labelDir))
        .filter((n) => n.endsWith('.jsonl'))
        .map((n) => n.slice(0, -6))
        .sort()
    : [];
  const out: CorpusThread[] = [];
  const mboxOf = (slug: string): string => path.join(dir, 'mbox', `${slug}.mbox`);
  const present = slugs.filter((s) => fs.existsSync(mboxOf(s)));
  const all = await unitsOfFiles(present.map(mboxOf));
  const vectors = readSentenceVectors(dir);
  for (const slug of present) {
    const { labels, options } = readLabels(path.join(dir, labelDir, `${slug}.jsonl`));
    const dumped = all.get(mboxOf(slug)) ?? [];
    const units = dumped.flatMap((d) => d.units);
    const features = dumped.flatMap((d) => threadFeatures(d.units));
    const sentences = units.map((u) => vectors?.get(textKey(u.text)));
    const byKey = new Map(labels.map((l) => [unitKey(l.m, l.t), l]));
    const matched = units.map(
      (u) =>
        byKey.get(unitKey(u.message.messageId === null ? u.message.key : `<${u.message.messageId}>`, u.text)) ?? null,
    );
    const unitKeys = new Set(
      units.map((u) => unitKey(u.message.messageId === null ? u.message.key : `<${u.message.messageId}>`, u.text)),
    );
    const source = sources.get(slug);
    out.push({
      slug,
      subsystem: source?.subsystem ?? 'unknown',
      list: source?.list ?? 'unknown',
      threads: dumped.map((d) => d.thread),
      units,
      features,
      sentences,
      labels: matched,
      options,
      unmatched: labels.filter((l) => !unitKeys.has(unitKey(l.m, l.t))).length,
    });
  }
  return out;
}
