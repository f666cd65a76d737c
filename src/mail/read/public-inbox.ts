/**
 * public-inbox archives (lore's form): every commit stores one message whole
 * in the file `m`. v2 inboxes keep epochs in git/0.git, git/1.git, ...; a
 * single epoch clone (or a v1-style repo of `m` commits) is read the same way.
 * Re-runs start after the last commit the caller already imported.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Progress, ReadEvent } from './events.js';
import { MAX_MESSAGE_BYTES, warning } from './events.js';
import { ByteReader, git, gitOk, spawnGit } from './git.js';

/** A checkpoint every so many commits lets an interrupted import resume near where it stopped. */
const CHECKPOINT_EVERY = 1000;

/** Epoch repositories of a public-inbox directory, in order; [] when it is not one. */
export async function publicInboxEpochs(dir: string): Promise<string[]> {
  const v2 = path.join(dir, 'git');
  try {
    const names = (await readdir(v2)).filter((n) => /^\d+\.git$/.test(n));
    if (names.length > 0) {
      names.sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
      return names.map((n) => path.join(v2, n));
    }
  } catch {
    // not a v2 inbox
  }
  const entries = new Set(await readdir(dir).catch(() => [] as string[]));
  const looksLikeRepo = entries.has('.git') || (entries.has('HEAD') && entries.has('objects'));
  if (!looksLikeRepo) return [];
  const top = await gitOk(dir, ['rev-parse', '--is-bare-repository']).then(async (ok) => {
    if (!ok) return false;
    const prefix = (await git(dir, ['rev-parse', '--show-prefix']).catch(() => 'x')).trim();
    return prefix === '';
  });
  if (!top) return [];
  const isEpoch = await gitOk(dir, ['cat-file', '-e', 'HEAD:m']);
  return isEpoch ? [dir] : [];
}

async function objectsSize(repo: string): Promise<number> {
  const out = await git(repo, ['count-objects', '-v']).catch(() => '');
  const kib = (key: string): number => Number(new RegExp(`^${key}: (\\d+)`, 'm').exec(out)?.[1] ?? 0);
  return (kib('size') + kib('size-pack')) * 1024;
}

export async function epochSize(repo: string): Promise<number> {
  return objectsSize(repo);
}

async function commitsToRead(
  repo: string,
  since: string | null,
): Promise<{ commits: string[]; problem: string | null }> {
  if (since !== null) {
    try {
      const out = await git(repo, ['rev-list', '--reverse', `${since}..HEAD`]);
      return { commits: out.split('\n').filter((l) => l !== ''), problem: null };
    } catch {
      const problem = `last imported commit ${since} is not in this history; reading all commits`;
      const out = await git(repo, ['rev-list', '--reverse', 'HEAD']);
      return { commits: out.split('\n').filter((l) => l !== ''), problem };
    }
  }
  const out = await git(repo, ['rev-list', '--reverse', 'HEAD']).catch(() => '');
  return { commits: out.split('\n').filter((l) => l !== ''), problem: null };
}

export async function* readEpoch(
  repo: string,
  since: string | null,
  bytes: number,
  progress: Progress,
): AsyncGenerator<ReadEvent> {
  const { commits, problem } = await commitsToRead(repo, since);
  if (problem) yield warning(repo, null, problem);
  if (commits.length === 0) return;
  const perCommit = bytes / commits.length;
  const child = spawnGit(repo, ['cat-file', '--batch']);
  child.stdin.on('error', () => undefined); // git gone early: reported through stdout ending
  // requests are tiny (45 bytes each); Node buffers them while git streams answers
  void (async () => {
    for (const c of commits) {
      if (!child.stdin.write(`${c}:m\n`)) await new Promise((r) => child.stdin.once('drain', r));
    }
    child.stdin.end();
  })();
  const reader = new ByteReader(child.stdout);
  try {
    for (let i = 0; i < commits.length; i++) {
      const commit = commits[i] ?? '';
      const header = await reader.line();
      if (header === null) {
        yield warning(repo, null, `git cat-file stopped at commit ${commit}`);
        return;
      }
      progress.add(perCommit);
      const m = /^([0-9a-f]+) (\S+) (\d+)$/.exec(header);
      if (m) {
        const size = Number(m[3]);
        const blob = await reader.bytes(size + 1); // content + "\n"
        if (blob === null) {
          yield warning(repo, null, `git cat-file output ended inside commit ${commit}`);
          return;
        }
        const file = `${repo}#${commit}`;
        let raw = blob.subarray(0, size);
        if (size > MAX_MESSAGE_BYTES) {
          yield warning(file, null, `message of ${size} bytes cut to its first ${MAX_MESSAGE_BYTES} bytes`);
          raw = raw.subarray(0, MAX_MESSAGE_BYTES);
        }
        if (m[2] === 'blob')
          yield {
            kind: 'mail',
            mail: { source: { file, offset: null }, format: 'public-inbox', raw: Buffer.from(raw) },
          };
      }
      // "<commit>:m missing": a commit that deleted a message (spam removal); nothing to import
      if ((i + 1) % CHECKPOINT_EVERY === 0 && i + 1 < commits.length) yield { kind: 'checkpoint', repo, commit };
    }
    yield { kind: 'checkpoint', repo, commit: commits[commits.length - 1] ?? '' };
  } finally {
    child.stdout.destroy();
    child.kill();
  }
}

export async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
