/**
 * Word classes learnt from unlabelled kernel mail (data/model/classes.json,
 * written by `npm run classes`; scripts/train/embed.ts says how): words
 * that occur in the same contexts share a class, so a sentence whose words
 * no labelled thread used still shares features with those that did
 * ("we could pin ..." and "we could reserve ..." both read `c2:<class of
 * verbs of that kind>`). Two sizes, coarse (`c1`) and fine (`c2`).
 *
 * The file is parsed once, at the boundary, with zod. It is data, like the
 * model, and trained with it: its digest is part of the model's training
 * digest, so the classifier test holds the two files together.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { modelDataPath } from './model.js';

const ClassesFile = z.object({
  version: z.literal(1),
  words: z.array(z.string()),
  classes: z.array(z.array(z.number().int().nonnegative())).length(2),
});

export interface WordClassMap {
  /** Word (lower case) -> its feature names, coarse then fine. */
  readonly features: ReadonlyMap<string, readonly [string, string]>;
  /** sha256 prefix of the file: part of the model's training digest. */
  readonly digest: string;
}

export function wordClassesFromJson(text: string): WordClassMap {
  const file = ClassesFile.parse(JSON.parse(text));
  const [coarse, fine] = file.classes;
  if (coarse?.length !== file.words.length || fine?.length !== file.words.length)
    throw new Error(`word classes: ${file.words.length} words but ${coarse?.length} and ${fine?.length} classes`);
  const features = new Map<string, readonly [string, string]>();
  file.words.forEach((w, i) => features.set(w, [`c1:${coarse[i]}`, `c2:${fine[i]}`]));
  return { features, digest: createHash('sha256').update(text).digest('hex').slice(0, 16) };
}

let loaded: WordClassMap | null = null;
/** The shipped classes (read once per process). */
export function defaultWordClasses(): WordClassMap {
  loaded ??= wordClassesFromJson(fs.readFileSync(modelDataPath('classes.json'), 'utf8'));
  return loaded;
}
