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

async function waitFor(pattern: RegExp, ms = 30_000): Promise<string> {
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

it('drives the built TUI in tmux on the alternate screen: list, search, filter as you type, open a thread, page through the patch, step to a reply, resize, decisions, replay the counterexample, compare, back, quit', {
  skip: !hasTmux && 'tmux is not installed',
}, async () => {
  // The shell prints a line before the TUI starts and one after it quits, then keeps the pane open.
  // A cache folder of its own: the checker's verdicts are found by this run, not read from an earlier one.
  const cmd = `echo shell before; env -u CI XDG_CACHE_HOME=${path.join(dir, 'cache')} ${process.execPath} ${mainJs} tui --db ${db}; echo "tui exited with $?"; exec cat`;
  tmux('new-session', '-d', '-s', session, '-x', '140', '-y', '40', cmd);
  await waitFor(/5 threads/);
  assert.equal(
    tmux('display-message', '-p', '-t', session, '#{alternate_on}').trim(),
    '1',
    'the TUI draws on the alternate screen',
  );
  // Search as you type: the matches follow the keys; Enter opens one at its place, q comes back to the list.
  tmux('send-keys', '-t', session, '/');
  await waitFor(/Search \(all text\) \//);
  tmux('send-keys', '-t', session, '-l', 'storage_domain');
  let s = await waitFor(/\/storage_domain\s+\d+ matches/);
  tmux('send-keys', '-t', session, 'Enter');
  s = await waitFor(/message \d+\/19/);
  assert.match(s, /storage_domain/, 'the pager is at the matching line');
  tmux('send-keys', '-t', session, 'q');
  await waitFor(/5 threads/);
  // Filter as you type: the list narrows under the prompt; Esc puts the whole list back.
  tmux('send-keys', '-t', session, 'f');
  await waitFor(/^ filter:/m);
  tmux('send-keys', '-t', session, '-l', 'from:robin');
  await waitFor(/2 of 5 threads[\s\S]*filter:from:robin/);
  tmux('send-keys', '-t', session, 'Escape');
  await waitFor(/Threadlab +5 threads[\s\S]*j\/k move/);
  tmux('send-keys', '-t', session, 'g');
  await waitFor(/^> Re: \[PATCH 3\/5\]/m);
  // Move to the Patchwork thread and open it.
  s = screen();
  for (let i = 0; i < 5 && !/^> \[5\/5\] iommufd/m.test(s); i++) {
    tmux('send-keys', '-t', session, 'j');
    // Wait for the frame the key produced (however slow the machine), not for a fixed time.
    const before = s;
    const until = Date.now() + 30_000;
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
  // A smaller terminal: the frame shrinks to it at once (title on the first row, key help on screen), no key pressed.
  tmux('resize-window', '-t', session, '-x', '90', '-y', '24');
  s = await waitFor(/^ \[5\/5\] iommufd[^\n]*message 2\/19[\s\S]*Tab pane/);
  assert.ok(
    s.split('\n').every((l) => [...l].length <= 90),
    s,
  );
  tmux('resize-window', '-t', session, '-x', '140', '-y', '40');
  await waitFor(/^ \[5\/5\] iommufd[^\n]*message 2\/19(\n.*){37}\n.*Tab pane/);
  tmux('send-keys', '-t', session, 'd');
  s = await waitFor(/Decisions ·/);
  assert.match(s, /\d+ options · \d+ items/);
  // The first option is the patch as posted (v1-sticky): replay the checker's counterexample to the violation.
  s = await waitFor(/^> iommufd: Flush CPU caches[^\n]*▶ policy v1-sticky/m);
  tmux('send-keys', '-t', session, 'r');
  s = await waitFor(/Replay v1-sticky on counterexample/);
  tmux('send-keys', '-t', session, 'G');
  s = await waitFor(/step (\d+) of \1\b[\s\S]*VIOLATED/);
  // The grid: the page the No-Snoop read leaks from, still dirty in the cache over the previous owner's data.
  assert.match(s, /^ ! b0\[1\] +DIRTY +OLD +1 +nc\d/m);
  tmux('send-keys', '-t', session, 'q');
  await waitFor(/Decisions ·/);
  tmux('send-keys', '-t', session, 'c');
  s = await waitFor(/Compare on [\s\S]*v1-sticky/);
  tmux('send-keys', '-t', session, 'q');
  await waitFor(/Decisions ·/);
  tmux('send-keys', '-t', session, 'q');
  await waitFor(/message 2\/19/);
  tmux('send-keys', '-t', session, 'q');
  await waitFor(/5 threads/);
  tmux('send-keys', '-t', session, 'q');
  s = await waitFor(/tui exited with 0/);
  assert.match(s, /shell before/, "the shell's screen is given back as it was");
  assert.doesNotMatch(s, /5 threads|Threadlab/, 'no frame is left behind');
  assert.equal(tmux('display-message', '-p', '-t', session, '#{alternate_on}').trim(), '0');
});

it('draws no colour under NO_COLOR in a real terminal', { skip: !hasTmux && 'tmux is not installed' }, async () => {
  const name = `${session}-nc`;
  const cmd = `env -u CI NO_COLOR=1 ${process.execPath} ${mainJs} tui --db ${db}`;
  tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '30', cmd);
  try {
    const raw = () => tmux('capture-pane', '-e', '-p', '-t', name);
    const until = async (pattern: RegExp): Promise<string> => {
      const end = Date.now() + 30_000;
      let last = '';
      while (Date.now() < end) if (pattern.test((last = raw()))) return last;
      assert.fail(`never saw ${pattern}:\n${last}`);
    };
    // SGR colour parameters: 30-37, 38;..., 39 is a reset and fine, 40-47, 48;..., 90-97, 100-107.
    const colour = /\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;
    let s = await until(/5 threads/);
    assert.doesNotMatch(s, colour);
    tmux('send-keys', '-t', name, 'j');
    s = await until(/^(\x1b\[[0-9;]*m)*> \[5\/5\] iommufd/m);
    tmux('send-keys', '-t', name, 'Enter');
    s = await until(/message 1\/19/);
    assert.doesNotMatch(s, colour);
    tmux('send-keys', '-t', name, 'G');
    s = await until(/\b\d+-(\d+)\/\1\b/);
    assert.doesNotMatch(s, colour, 'the diff is drawn without colour');
  } finally {
    spawnSync('tmux', ['kill-session', '-t', name]);
  }
});
