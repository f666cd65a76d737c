/** Running the built CLI (dist/cli/main.js) as a user would; not a test file itself. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../import/corpus.js';

export const mainJs = path.join(repoRoot, 'dist', 'cli', 'main.js');

/** `npm test` builds first; a lone run of these tests builds once if dist/ is missing. */
export function ensureBuilt(): void {
  if (fs.existsSync(mainJs)) return;
  spawnSync('npx', ['tsc', '-p', repoRoot], { cwd: repoRoot, stdio: 'ignore' });
  if (!fs.existsSync(mainJs)) throw new Error('dist/cli/main.js is missing: run npm run build');
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [mainJs, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, THREADLAB_DB: '', ...env },
    maxBuffer: 256 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
