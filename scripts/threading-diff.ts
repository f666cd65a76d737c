/**
 * npm run bench:threading [-- OPTIONS]: thread the seeds, ../shared/corpus's mboxes and the
 * labelled corpus (data/corpus/mbox), print each set's thread counts, and, given a before,
 * which messages changed thread, so a threading change is measured before and after.
 *
 *   (no option)            this working tree's counts
 *   --rev A                A (a commit, branch or tag) before, this working tree after
 *   --rev A --rev B        A before, B after
 *   --against FILE         a snapshot saved by --save before, this working tree (or --rev) after
 *   --save FILE            write the after side's snapshot (every message's thread and parent)
 *   --sets a,b             only these sets (seeds, shared-corpus, corpus)
 *   --shared DIR           where ../shared/corpus is (default: beside the repository)
 *   --limit N              messages listed per set (default 40); --json lists every one
 *   --json                 the comparison as one JSON document on stdout
 *
 * Each side imports with its own tree's CLI into fresh databases; the inputs are this tree's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { counts, diffSnapshots, formatCounts, formatDiff, type Snapshot } from './threading/diff.js';
import { defaultSets, loadSnapshot, snapshotTree, unpackRevision, workingLabel } from './threading/run.js';

// This file runs from scripts/ under tsx and from dist/scripts/ when built.
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, fs.existsSync(path.join(here, '..', 'package.json')) ? '..' : '../..');

const { values } = parseArgs({
  options: {
    rev: { type: 'string', multiple: true },
    against: { type: 'string' },
    save: { type: 'string' },
    sets: { type: 'string' },
    shared: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
});
const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

try {
  const revs = values.rev ?? [];
  const sides = (values.against === undefined ? 0 : 1) + revs.length;
  if (sides > 2) throw new Error('give at most two of --against FILE and --rev R');
  const limit = values.limit === undefined ? 40 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`--limit ${values.limit}: not a count`);
  let sets = defaultSets(repo, path.resolve(values.shared ?? path.join(repo, '..', 'shared', 'corpus')));
  if (values.sets !== undefined) {
    const wanted = values.sets.split(',');
    const unknown = wanted.filter((w) => !sets.some((s) => s.name === w));
    if (unknown.length > 0)
      throw new Error(`--sets: no set ${unknown.join(', ')} (${sets.map((s) => s.name).join(', ')})`);
    sets = sets.filter((s) => wanted.includes(s.name));
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-revs-'));
  let snapshots: Snapshot[];
  try {
    const fromRev = (rev: string): Snapshot => {
      const { dir, label } = unpackRevision(repo, rev, scratch);
      return snapshotTree(dir, label, sets, say);
    };
    snapshots = [];
    if (values.against !== undefined) snapshots.push(loadSnapshot(values.against));
    for (const rev of revs) snapshots.push(fromRev(rev));
    if (snapshots.length < 2) snapshots.push(snapshotTree(repo, workingLabel(repo), sets, say));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const after = snapshots[snapshots.length - 1];
  if (after === undefined) throw new Error('nothing threaded');
  if (values.save !== undefined) {
    fs.writeFileSync(values.save, `${JSON.stringify(after)}\n`);
    say(`snapshot of ${after.label} written to ${values.save}`);
  }
  const before = snapshots.length === 2 ? snapshots[0] : undefined;
  if (before === undefined) {
    if (values.json === true)
      process.stdout.write(
        `${JSON.stringify({ label: after.label, sets: after.sets.map((s) => ({ name: s.name, ...counts(s) })) })}\n`,
      );
    else {
      process.stdout.write(`${after.label}\n`);
      for (const s of after.sets) process.stdout.write(`${formatCounts(s)}\n`);
    }
  } else {
    const diffs = diffSnapshots(before, after);
    if (values.json === true) {
      process.stdout.write(`${JSON.stringify({ before: before.label, after: after.label, sets: diffs })}\n`);
    } else {
      process.stdout.write(`before: ${before.label}\nafter:  ${after.label}\n\n`);
      process.stdout.write(`${diffs.map((d) => formatDiff(d, limit)).join('\n\n')}\n`);
    }
  }
} catch (err) {
  process.stderr.write(`bench:threading: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
