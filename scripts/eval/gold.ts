/** Labels files: the seed gold and held-out labels share one shape, parsed once here. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const KINDS = ['proposal', 'concern', 'question', 'support', 'oppose', 'review'] as const;
const Kind = z.enum(KINDS);
const Gold = z.object({
  labels: z.array(
    z.object({
      id: z.string(),
      seed: z.string(),
      kind: Kind,
      alt: z.array(Kind).optional(),
      author: z.string().nullable(),
      date: z.string().nullable(),
      key: z.string(),
      target: z.string().optional(),
      file: z.string().optional(),
    }),
  ),
  threading: z
    .object({
      seed: z.string(),
      messages: z.array(
        z.object({ n: z.number(), author: z.string(), date: z.string(), parent: z.number().nullable() }),
      ),
    })
    .optional(),
  /** Paths of the labelled inputs, relative to the labels file. */
  inputs: z.array(z.string()).optional(),
  /** The messages (Message-IDs) that were read and labelled; proposal precision counts only their items. */
  scope: z.array(z.object({ seed: z.string(), messages: z.array(z.string()) })).optional(),
});
export type Gold = z.infer<typeof Gold>;
export type Label = Gold['labels'][number];

export function loadGold(file: string): Gold {
  return Gold.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** The inputs a labels file names, resolved against its own folder. */
export function goldInputs(file: string, gold: Gold): string[] {
  return (gold.inputs ?? []).map((p) => path.resolve(path.dirname(file), p));
}
