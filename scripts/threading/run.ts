/**
 * Thread the input sets with one tree of Threadlab's sources (the working tree, or a git
 * revision unpacked into a temporary folder) and take where every message went.
 *
 * Each tree imports through its own CLI (`node --import tsx TREE/cli/main.ts import`), so a
 * revision is measured as it was, whatever its modules were called; the inputs are always
 * this tree's files, so only the code differs between the two sides. The databases are read
 * by readPlacements, which needs nothing of a revision's schema but the columns threading
 * has always written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPlacements } from '../../src/store/index.js';
import type { SetThreading, Snapshot } from './diff.js';

export interface InputSet {
  readonly name: string;
  /** Files and folders, as `threadlab import` takes them. */
  readonly paths: readonly string[];
}

/** The three sets the brief of issue 11 names: the seeds, ../shared/corpus's mboxes, the labelled corpus. */
export function defaultSets(repo: string, shared: string): InputSet[] {
  const sets: InputSet[] = [{ name: 'seeds', paths: [path.join(repo, 'data', 'seeds')] }];
  const mboxes = fs.existsSync(shared) ? findMboxes(shared) : [];
  if (mboxes.length > 0) sets.push({ name: 'shared-corpus', paths: mboxes });
  sets.push({ name: 'corpus', paths: [path.join(repo, 'data', 'corpus', 'mbox')] });
  return sets;
}

function findMboxes(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findMboxes(p));
    else if (/\.mbox(\.gz|\.xz)?$/.test(entry.name)) out.push(p);
  }
  return out;
}

/**
 * A revision's sources in a temporary folder (git archive: no worktree is registered, so
 * nothing is left in the repository if this is killed), with this tree's node_modules.
 */
export function unpackRevision(repo: string, rev: string, into: string): { dir: string; label: string } {
  const commit = execFileSync('git', ['-C', repo, 'rev-parse', '--verify', `${rev}^{commit}`], {
    encoding: 'utf8',
  }).trim();
  const dir = path.join(into, `rev-${commit.slice(0, 12)}`);
  fs.mkdirSync(dir, { recursive: true });
  const tar = execFileSync('git', ['-C', repo, 'archive', '--format=tar', commit], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, label: `${rev} (${commit.slice(0, 12)})` };
}

/** What the working tree is: its HEAD, and whether files differ from it. */
export function workingLabel(repo: string): string {
  const head = execFileSync('git', ['-C', repo, 'rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['-C', repo, 'status', '--porcelain', '--untracked-files=no'], {
    encoding: 'utf8',
  }).trim();
  return `working tree (${head}${dirty === '' ? '' : ' + changes'})`;
}

interface SummaryJson {
  seconds?: number;
  warnings?: unknown[];
}

/** Import one set with the tree's CLI into a fresh database in `scratch`, and read the placements. */
export function threadSet(tree: string, set: InputSet, scratch: string): SetThreading {
  const db = path.join(scratch, `${set.name}.db`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(tree, 'cli', 'main.ts'), 'import', ...set.paths, '--db', db, '--json'],
    { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, THREADLAB_DB: db } },
  );
  if (r.status !== 0) {
    const last = (r.stderr ?? '').trim().split('\n').slice(-3).join('\n');
    throw new Error(`import of ${set.name} with ${tree} ended with ${r.status ?? r.signal}: ${last}`);
  }
  const summary = JSON.parse(r.stdout) as SummaryJson;
  const placed = readPlacements(db);
  return {
    name: set.name,
    inputs: set.paths,
    summary: { seconds: summary.seconds ?? 0, warnings: summary.warnings?.length ?? 0 },
    ...placed,
  };
}

/** Every set threaded by one tree; `say` hears each set as it finishes. */
export function snapshotTree(
  tree: string,
  label: string,
  sets: readonly InputSet[],
  say: (line: string) => void = () => {},
): Snapshot {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-threading-'));
  try {
    const out: SetThreading[] = [];
    for (const set of sets) {
      const s = threadSet(tree, set, scratch);
      say(`  ${label}: ${set.name} threaded (${s.summary.seconds.toFixed(1)} s)`);
      out.push(s);
    }
    return { version: 1, label, sets: out };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A snapshot saved by --save, checked enough to fail in one line on another kind of file. */
export function loadSnapshot(file: string): Snapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a threading snapshot (${err instanceof Error ? err.message : String(err)})`);
  }
  const s = parsed as Partial<Snapshot> | null;
  if (s === null || typeof s !== 'object' || s.version !== 1 || !Array.isArray(s.sets)) {
    throw new Error(`${file}: not a threading snapshot (version 1, with sets)`);
  }
  return s as Snapshot;
}
