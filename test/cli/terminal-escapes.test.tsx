/**
 * Mail that tries to drive the terminal: raw and RFC 2047-encoded escape sequences in
 * Subject and From, OSC 52 (clipboard write) and CR/BS in bodies, C1 CSI, bidi
 * overrides, and a file name with ESC and a newline that would forge a warning line.
 * Nothing of it may reach stdout or stderr as a control character, in any command
 * or in the TUI's frames; the text itself stays readable (made visible).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { render } from 'ink-testing-library';
import { tempDir } from '../import/corpus.js';
import { cli, ensureBuilt } from './run-cli.js';
import { oneLine, visible } from '../../src/display.js';
import { openStore } from '../../src/store/index.js';
import { App } from '../../src/ui/app.js';
import { storeSource } from '../../cli/tui-source.js';
import { frameWhere, type } from '../ui/frames.js';

const ESC = '\x1b';
const BEL = '\x07';
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Any C0 control but LF and TAB, DEL, C1, or a bidi control. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir = '';
let db = '';
let evilFile = '';

function message(n: number, headers: string, body: string): string {
  return `From x@y Mon Jan  1 00:00:00 2024\nMessage-ID: <esc${n}@x>\nDate: Mon, 1 Jan 2024 00:00:0${n} +0000\n${headers}\n\n${body}\n\n`;
}

before(() => {
  ensureBuilt();
  dir = tempDir('escapes');
  db = path.join(dir, 't.db');
  const mbox =
    message(
      1,
      `From: Mallory <m@evil.example>\nSubject: raw ${ESC}]0;pwned${BEL}${ESC}[2J${ESC}[H title`,
      `body ${ESC}]0;body-pwned${BEL} and ${ESC}]52;c;cHduZWQ=${BEL} clip ${ESC}[2J`,
    ) +
    message(
      2,
      `From: =?utf-8?b?${b64(`${ESC}[5mBlink${ESC}[0m`)}?= <b@evil.example>\nSubject: =?utf-8?b?${b64(`enc ${ESC}]0;pwned-encoded${BEL} x`)}?=\nIn-Reply-To: <esc1@x>`,
      `return\roverwrite and backsp\b\b\b\bXXXX and \u009b31m csi`,
    ) +
    message(3, `From: \u202eexe.txt\u202c <r@evil.example>\nSubject: bidi \u202etxt.exe\u2066 end`, 'plain body');
  evilFile = path.join(dir, `evil ${ESC}]0;fname-pwned${BEL}\nwarning: fake.mbox@0: forged line.mbox`);
  // The third message lacks nothing; a warning for this file comes from the missing Date of a fourth.
  fs.writeFileSync(evilFile, mbox + 'From x@y Mon Jan  1 00:00:00 2024\nFrom: A <a@b>\nSubject: no id\n\nbody\n');
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('import warnings name a hostile file name without its controls and without forging a line', () => {
  const r = cli(['import', evilFile, '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, CONTROL);
  const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning:'));
  assert.ok(warnings.length >= 1, r.stderr);
  assert.ok(!r.stderr.split('\n').some((l) => l.startsWith('warning: fake.mbox')), 'no forged warning line');
  assert.ok(
    warnings.every((l) => l.includes('evil ␛]0;fname-pwned␇␊warning: fake.mbox@0: forged line.mbox')),
    r.stderr,
  );
});

test('threads, show and search print no control character, and show what was there', () => {
  for (const args of [
    ['threads'],
    ['show', 'esc1@x'],
    ['show', 'esc2@x'],
    ['show', 'esc3@x'],
    ['search', 'pwned'],
    ['search', 'overwrite'],
    ['options'],
  ]) {
    const r = cli([...args, '--db', db]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stdout, CONTROL, `${args.join(' ')} stdout`);
    assert.doesNotMatch(r.stderr, CONTROL, `${args.join(' ')} stderr`);
  }
  const shown = cli(['show', 'esc1@x', '--db', db]).stdout;
  assert.match(shown, /␛\]52;c;cHduZWQ=␇ clip/);
  assert.match(cli(['show', 'esc2@x', '--db', db]).stdout, /return␍overwrite and backsp␈␈␈␈XXXX and <U\+009B>31m csi/);
  assert.match(cli(['threads', '--db', db]).stdout, /bidi <U\+202E>txt\.exe<U\+2066> end/);
  assert.match(cli(['show', 'esc2@x', '--db', db]).stdout, /Subject: enc ␛\]0;pwned-encoded␇ x/);
});

test('--json keeps the data exact and escapes what a terminal acts on', () => {
  const r = cli(['show', 'esc3@x', '--json', '--db', db]);
  assert.doesNotMatch(r.stdout, CONTROL);
  const t = (JSON.parse(r.stdout) as { thread: { subject: string } }).thread;
  assert.equal(t.subject, 'bidi \u202etxt.exe\u2066 end');
});

test('sim list shows a hostile policy file title made visible', () => {
  const pdir = path.join(dir, 'policies');
  fs.mkdirSync(pdir);
  const shipped = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'data', 'policies', 'none.json'), 'utf8');
  const p = JSON.parse(shipped) as { id: string; title: string; provenance: { author: string } };
  p.id = 'evil-title';
  p.title = `evil ${ESC}]0;policy-pwned${BEL}`;
  p.provenance.author = `\u202eMallory`;
  fs.writeFileSync(path.join(pdir, 'evil.json'), JSON.stringify(p));
  const r = cli(['sim', 'list', '--policies', pdir]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, CONTROL);
  assert.match(r.stdout, /evil ␛\]0;policy-pwned␇/);
});

test('the TUI draws the hostile mail with its controls made visible', async () => {
  const store = openStore(db, { readonly: true });
  try {
    const ui = render(<App source={storeSource(store)} color={false} />);
    const open = /message \d+\/\d+/;
    // Each step waits for the frame it leads to, never for a fixed time: open a thread, move in it, back, the next one.
    await frameWhere(ui, (f) => /threads ·/.test(f), 'the thread list');
    await type(ui, '\r', open);
    ui.stdin.write('jjq');
    await frameWhere(ui, (f) => !open.test(f), 'the thread list again');
    await type(ui, 'j\r', /␛\]0;pwned-encoded␇/);
    const frames = [...ui.frames];
    ui.unmount();
    for (const f of frames) {
      assert.doesNotMatch(f.replace(/\x1b\[[0-9;]*m/g, ''), CONTROL);
      assert.ok(!f.includes(`${ESC}]`), 'no OSC sequence');
    }
    assert.ok(
      frames.some((f) => f.includes('␛]0;pwned-encoded␇')),
      frames[0],
    );
  } finally {
    store.close();
  }
});

test('visible keeps lines and tabs, oneLine shows them', () => {
  assert.equal(visible('a\r\nb\tc\x1b[0m'), 'a\nb\tc␛[0m');
  assert.equal(oneLine('a\nb\tc'), 'a␊b c');
});
