/** Paths and independent message counts for tests of the import path (not a test file itself). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const shared = path.resolve(repoRoot, '..', 'shared');
export const corpus = path.join(shared, 'corpus');
export const seeds = path.join(repoRoot, 'data', 'seeds');

/** Messages in an mbox by its separator lines, counted without any of our code. */
export function separatorCount(file: string): number {
  const text = fs.readFileSync(file, 'latin1');
  return (text.startsWith('From ') ? 1 : 0) + (text.match(/\nFrom /g)?.length ?? 0);
}

export function mboxFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.mbox'))
    .sort()
    .map((f) => path.join(dir, f));
}

const made: string[] = [];

/** A fresh folder under the temp directory, removed when the test file's process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env['TMPDIR'] ?? '/tmp'), `threadlab-${prefix}-`));
  if (made.length === 0)
    process.once('exit', () => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  made.push(dir);
  return dir;
}

/** The raw messages of an mbox (mboxrd un-escaped), split the plain way: for building test inputs. */
export function splitMbox(file: string): Buffer[] {
  const text = fs.readFileSync(file, 'latin1');
  return text
    .split(/^From .*\n/m)
    .filter((m) => m.length > 0)
    .map((m) => Buffer.from(m.replace(/^>(>*From )/gm, '$1'), 'latin1'));
}
