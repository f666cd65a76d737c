import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { render } from 'ink-testing-library';
import { runImport } from '../../src/import/index.js';
import { openStore, type Db } from '../../src/store/index.js';
import { App } from '../../src/ui/app.js';
import { storeSource } from '../../cli/tui-source.js';

const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'seeds');
const tick = (ms = 80) => new Promise((r) => setTimeout(r, ms));
/** Type a key and wait until the frame changes (ink re-renders asynchronously). */
async function press(
  ui: { stdin: { write(s: string): void }; lastFrame(): string | undefined },
  key: string,
): Promise<string> {
  const before = ui.lastFrame();
  ui.stdin.write(key);
  for (let i = 0; i < 50 && ui.lastFrame() === before; i++) await tick(20);
  // The frame is written at commit; the new key handler is attached by an effect just after.
  await tick(30);
  return ui.lastFrame() ?? '';
}
let dir = '';
let db: Db;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'threadlab-ui-'));
  const file = path.join(dir, 't.db');
  await runImport({ paths: [seeds], db: file, threads: 1 });
  db = openStore(file, { mustExist: true });
});
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

it('lists the imported sample threads with their people and recovered voices', () => {
  const { lastFrame, unmount } = render(<App source={storeSource(db)} />);
  const frame = lastFrame() ?? '';
  assert.match(frame, /5 threads/);
  assert.match(frame, /iommufd: Flush CPU caches on DMA pages/);
  assert.match(frame, /recovered/);
  unmount();
});

it('opens a thread on Enter, walks its messages with j, and folds quotes', async () => {
  const source = storeSource(db);
  const target = source.threads.findIndex((t) => t.subject.includes('[5/5] iommufd'));
  assert.ok(target >= 0);
  const ui = render(<App source={source} />);
  const { lastFrame, unmount } = ui;
  await tick();
  for (let i = 0; i < target; i++) await press(ui, 'j');
  await press(ui, '\r');
  assert.match(lastFrame() ?? '', /message 1\/19/);
  assert.match(lastFrame() ?? '', /Yan Zhao/);
  const second = await press(ui, 'j');
  assert.match(second, /message 2\/19/);
  assert.match(second, /Jason Gunthorpe · 2024-05-09/);
  assert.match(second, /quoted lines \(z to unfold\)/);
  assert.doesNotMatch(await press(ui, 'z'), /quoted lines \(z to unfold\)/);
  assert.match(await press(ui, 'q'), /5 threads/);
  unmount();
});

it('shows the patch of the first message with its files and counts on p', async () => {
  const source = storeSource(db);
  const target = source.threads.findIndex((t) => t.subject.includes('[5/5] iommufd'));
  const ui = render(<App source={source} />);
  const { unmount } = ui;
  await tick();
  for (let i = 0; i < target; i++) await press(ui, 'j');
  await press(ui, '\r');
  const frame = await press(ui, 'p');
  assert.match(frame, /4 files \+65 -4/);
  assert.match(frame, /drivers\/iommu\/iommufd\/pages\.c \+\d+ -\d+/);
  unmount();
});

it("replays the policy an option is linked to, steps through it, and compares the thread's policies", async () => {
  const source = storeSource(db);
  const target = source.threads.findIndex((t) => t.subject.includes('[5/5] iommufd'));
  const ui = render(<App source={source} />);
  await tick();
  for (let i = 0; i < target; i++) await press(ui, 'j');
  let frame = await press(ui, 'd');
  assert.match(frame, /Decisions ·/);
  // Walk down to the first option that is replayed by a policy: the checker's verdict shows under it.
  for (let i = 0; i < 30 && !/checker: /.test(frame); i++) frame = await press(ui, 'j');
  const policy = /> .*▶ policy (\S+)/.exec(frame)?.[1];
  assert.ok(policy !== undefined, `an option with a policy is selected:\n${frame}`);
  // The checker answers from its worker thread; the frame shows it when it arrives.
  for (let i = 0; i < 600 && !/checker: (UNSAFE|no violation found within depth \d+)/.test(frame); i++) {
    await tick(50);
    frame = ui.lastFrame() ?? '';
  }
  assert.match(frame, /checker: (UNSAFE|no violation found within depth \d+)/);

  frame = await press(ui, 'r');
  // The decisions row may cut a long policy name with an ellipsis; replay and compare name it whole.
  const name = `${policy.replace(/…$/, '').replace(/[-]/g, '\\-')}\\S*`;
  assert.match(frame, new RegExp(`Replay ${name} on`));
  assert.match(frame, /step 1 of \d+/);
  frame = await press(ui, 'l');
  assert.match(frame, /step 2 of \d+/);
  frame = await press(ui, 'G');
  const total = Number(/step (\d+) of \1\b/.exec(frame)?.[1]);
  assert.ok(total >= 2, frame);

  frame = await press(ui, 'q');
  assert.match(frame, /Decisions ·/);
  frame = await press(ui, 'c');
  assert.match(frame, /Compare on /);
  assert.match(frame, new RegExp(`\\n ${name}\\s+█*\\s+[\\d,]+`));
  ui.unmount();
  source.sim?.close();
});
