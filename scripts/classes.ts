/**
 * `npm run classes -- [--per N] [--reserved FILE] [--out FILE] PATH...`
 *
 * Learns the word classes of the unit classifier (scripts/train/embed.ts)
 * from unlabelled mail: mbox files (.xz/.gz too) and public-inbox epochs,
 * read in the order given, at most N messages each (default 40,000). Writes
 * data/model/classes.json with the sources (and a git epoch's HEAD commit),
 * the options and the classes. Messages of threads reserved for evaluation
 * (FILE: sha256 of lower-cased Message-IDs, one per line; default
 * ../shared/hooks/reserved-ids.sha256 when it exists) contribute nothing.
 *
 * The shipped file was made with:
 *   npm run classes -- ../shared/bench/iommu-2019-2022.mbox.xz \
 *     <public-inbox epochs of linux-arch, linux-block and linux-pm>
 * After a new file, run `npm run train`: the model is trained on its classes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './eval/run.js';
import { DEFAULT_EMBED, learnClasses } from './train/embed.js';

function headOf(p: string): string | null {
  try {
    return execFileSync('git', ['--git-dir', p, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<number> {
  const root = repoRoot();
  let per = 40000;
  let reservedFile: string | null = path.join(root, '..', 'shared', 'hooks', 'reserved-ids.sha256');
  let out = path.join(root, 'data', 'model', 'classes.json');
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--per') per = Number(argv[++i]);
    else if (a === '--reserved') reservedFile = argv[++i] ?? null;
    else if (a === '--out') out = argv[++i] ?? out;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run classes -- [--per N] [--reserved FILE] [--out FILE] PATH...\n');
      return 0;
    } else paths.push(a);
  }
  if (paths.length === 0) throw new Error('give at least one mbox or public-inbox epoch to learn from');
  if (!Number.isInteger(per) || per <= 0)
    throw new Error(`--per wants a positive whole number of messages, not ${per}`);
  const reserved = new Set<string>();
  if (reservedFile !== null && fs.existsSync(reservedFile)) {
    for (const line of fs.readFileSync(reservedFile, 'utf8').split('\n'))
      if (/^[0-9a-f]{64}$/.test(line.trim())) reserved.add(line.trim());
  }
  process.stderr.write(`classes: ${paths.length} inputs, ${reserved.size} reserved ids\n`);
  const learnt = await learnClasses(paths, reserved, { ...DEFAULT_EMBED, perSource: per });
  const sources = learnt.sources.map((s) => ({
    ...s,
    path: path.basename(s.path) === 'repo' ? path.basename(path.dirname(s.path)) : path.basename(s.path),
    commit: headOf(s.path),
  }));
  fs.writeFileSync(out, `${JSON.stringify({ ...learnt, sources })}\n`);
  process.stdout.write(
    `classes: ${learnt.tokens} words read, ${learnt.words.length} kept -> ${path.relative(root, out)}\n`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`classes: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
