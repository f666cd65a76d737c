/**
 * The built CLI in a real terminal: tmux runs `threadlab tui`, send-keys types,
 * capture-pane reads the screen. CI sets CI=true, under which ink draws no
 * intermediate frames, so the app is started with CI unset.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { cli, ensureBuilt, mainJs } from '../cli/run-cli.js';
import { repoRoot } from '../import/corpus.js';

const session = `threadlab-e2e-${process.pid}`;
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
let dir = '';
let db = '';

const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pattern: RegExp, ms = 8000): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (pattern.test(last)) return last;
    await sleep(100);
  }
  assert.fail(`screen never showed ${pattern}; last screen:\n${last}`);
}

before(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'threadlab-tmux-'));
  db = path.join(dir, 't.db');
  const r = cli(['import', path.join(repoRoot, 'data', 'seeds'), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => {
  if (hasTmux) spawnSync('tmux', ['kill-session', '-t', session]);
  rmSync(dir, { recursive: true, force: true });
});

it('drives the built TUI in tmux: list, open a thread, page through the patch, step to a reply, decisions, back, quit', { skip: !hasTmux && 'tmux is not installed' }, async () => {
  const cmd = `env -u CI ${process.execPath} ${mainJs} tui --db ${db}`;
  tmux('new-session', '-d', '-s', session, '-x', '140', '-y', '40', cmd);
  await waitFor(/5 threads/);
  // Move to the Patchwork thread and open it.
  let s = screen();
  for (let i = 0; i < 5 && !/^> \[5\/5\] iommufd/m.test(s); i++) {
    tmux('send-keys', '-t', session, 'j');
    // Wait for the frame the key produced (however slow the machine), not for a fixed time.
    const before = s;
    const until = Date.now() + 8000;
    while (Date.now() < until && (s = screen()) === before) await sleep(50);
  }
  tmux('send-keys', '-t', session, 'Enter');
  await waitFor(/message 1\/19/);
  // Page through the patch: to its end (the diff is there, nothing cut), back to the top, a page down.
  tmux('send-keys', '-t', session, 'G');
  s = await waitFor(/\b\d+-(\d+)\/\1\b/);
  assert.doesNotMatch(s, /…\s*[│┃]$/m, 'no pager line is cut at the box');
  tmux('send-keys', '-t', session, 'g');
  s = await waitFor(/\b1-\d+\/\d+/);
  tmux('send-keys', '-t', session, 'Space');
  s = await waitFor(/\b(?!1-)\d+-\d+\/\d+/);
  tmux('send-keys', '-t', session, 'Tab');
  await waitFor(/j\/k scroll/);
  tmux('send-keys', '-t', session, 'Tab');
  await waitFor(/j\/k message/);
  tmux('send-keys', '-t', session, 'j');
  s = await waitFor(/message 2\/19/);
  assert.match(s, /Jason Gunthorpe · 2024-05-09/);
  tmux('send-keys', '-t', session, 'd');
  s = await waitFor(/Decisions ·/);
  assert.match(s, /\d+ options · \d+ items/);
  tmux('send-keys', '-t', session, 'q');
  await waitFor(/message 2\/19/);
  tmux('send-keys', '-t', session, 'q');
  await waitFor(/5 threads/);
  tmux('send-keys', '-t', session, 'q');
  const end = Date.now() + 5000;
  while (Date.now() < end && spawnSync('tmux', ['has-session', '-t', session]).status === 0) await sleep(100);
  assert.notEqual(spawnSync('tmux', ['has-session', '-t', session]).status, 0, 'q on the thread list quits');
});
