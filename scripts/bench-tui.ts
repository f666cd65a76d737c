/**
 * npm run bench:tui [-- DB] — the TUI's speed on a large database (default
 * $THREADLAB_BENCH_DB, else /work/bench-tui/iommu.db: the 32k-message bench
 * archive imported; build it with `threadlab import ../shared/bench/*.mbox.xz --db ...`).
 * Prints, against the issue's goals:
 *   first frame        `threadlab tui` spawned in a terminal (a pty) -> the thread list on its screen (goal < 300 ms), median of 5
 *   key-to-frame       j on the thread list -> the next frame (goal < 30 ms), median of 50
 *   open a thread      Enter on the largest thread (>= 300 messages when there is one) -> its frame (goal < 100 ms)
 *   key-to-frame in a thread  j (next message) in the thread nearest 122 messages -> its frame, median of 30
 *   search as you type one more character of a query -> the matches drawn (goal < 50 ms), median over 3 words
 * After the first frame, frames are drawn by ink into a fake 120x40 terminal (ink-testing-library), React in production mode.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

process.env['NODE_ENV'] = 'production';
const dbFile = process.argv[2] ?? process.env['THREADLAB_BENCH_DB'] ?? '/work/bench-tui/iommu.db';

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const ms = (x: number): string => `${x.toFixed(1)} ms`;

async function setup() {
  const React = (await import('react')).default;
  const { render } = await import('ink-testing-library');
  const { App } = await import('../src/ui/app.js');
  const { openStore } = await import('../src/store/index.js');
  const { storeSource } = await import('../cli/tui-source.js');
  const db = openStore(dbFile, { mustExist: true });
  const source = storeSource(db);
  const ui = render(React.createElement(App, { source }));
  Object.defineProperty(ui.stdout, 'columns', { value: 120, configurable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: 40, configurable: true });
  ui.stdout.emit('resize');
  return { ui, source, db };
}

type Ui = Awaited<ReturnType<typeof setup>>['ui'];

/** Wait (on the event loop, never a fixed sleep) for a frame that satisfies `ok`; ms since `t0`. */
async function frameAfter(ui: Ui, t0: number, ok: (f: string) => boolean): Promise<number> {
  for (;;) {
    const f = ui.lastFrame() ?? '';
    if (ok(f)) return performance.now() - t0;
    await new Promise((r) => setImmediate(r));
    if (performance.now() - t0 > 60_000) throw new Error(`no frame in 60 s; last:\n${f}`);
  }
}

/** Type keys and time until the frame changes and satisfies `ok`. */
async function timed(ui: Ui, keys: string, ok: (f: string) => boolean): Promise<number> {
  const before = ui.lastFrame();
  const t0 = performance.now();
  ui.stdin.write(keys);
  return frameAfter(ui, t0, (f) => f !== before && ok(f));
}

if (!fs.existsSync(dbFile)) {
  process.stderr.write(
    `bench:tui: no database at ${dbFile} (import ../shared/bench/iommu-2019-2022.mbox.xz into it first)\n`,
  );
  process.exit(1);
}

/** CPU seconds of a process so far, from /proc (clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11] ?? 0) + Number(f[12] ?? 0)) / 100;
}

/**
 * `threadlab tui` as a user starts it: the built CLI in a terminal of 120x40 (script(1) gives it
 * a pty), from the spawn to the thread list on its screen, and the CPU its process had used by
 * then; then q quits it.
 */
function firstFrame(): Promise<{ wall: number; cpu: number }> {
  const main = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');
  const quote = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
  const command = `stty cols 120 rows 40; exec ${quote(process.execPath)} ${quote(main)} tui --db ${quote(dbFile)}`;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let seen: { wall: number; cpu: number } | null = null;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (seen !== null || !/ threads · /.test(out)) return;
      const wall = performance.now() - t0;
      const node = Number(
        fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0],
      );
      seen = { wall, cpu: cpuOf(node) * 1000 };
      child.stdin.write('q');
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      seen === null ? reject(new Error(`tui exited (${code}) before its first frame:\n${out}`)) : resolve(seen),
    );
  });
}

const firsts: number[] = [];
const firstCpu: number[] = [];
for (let i = 0; i < 5; i++) {
  const { wall, cpu } = await firstFrame();
  firsts.push(wall);
  firstCpu.push(cpu);
}

const { ui, source, db } = await setup();
await frameAfter(ui, 0, (f) => / threads · /.test(f));
// CPU per key too: on a loaded machine the wall time is mostly waiting for a core.
const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const keys: number[] = [];
let cpu0 = cpuNow();
for (let i = 0; i < 50; i++) keys.push(await timed(ui, i % 2 === 0 ? 'j' : 'k', () => true));
const keysCpu = (cpuNow() - cpu0) / 50;

// The largest thread, reached with the jump prompt (its own cost is not counted).
const largest = [...source.threads].sort((a, b) => b.messages - a.messages)[0];
if (largest === undefined) throw new Error('empty database');
await timed(ui, `:${largest.id}`, (f) => f.includes(largest.id.slice(-10)));
const open = await timed(ui, '\r', (f) => /message 1\/\d+/.test(f));
await timed(ui, 'q', (f) => / threads · /.test(f));

// Key-to-frame inside a thread of about 122 messages (where the issue measured up to 357 ms): j opens the next message.
const mid =
  [...source.threads].sort(
    (a, b) => Math.abs(a.messages - 122) - Math.abs(b.messages - 122) || b.messages - a.messages,
  )[0] ?? largest;
await timed(ui, `:${mid.id}`, (f) => f.includes(mid.id.slice(-10)));
await timed(ui, '\r', (f) => /message 1\/\d+/.test(f));
const inThread: number[] = [];
cpu0 = cpuNow();
for (let i = 0; i < Math.min(30, mid.messages - 1); i++) {
  const next = `message ${i + 2}/`;
  inThread.push(await timed(ui, 'j', (f) => f.includes(next)));
}
const inThreadCpu = (cpuNow() - cpu0) / Math.max(1, inThread.length);
await timed(ui, 'q', (f) => / threads · /.test(f));

// Search as you type: each further character of a word is one query and one frame.
const typing: number[] = [];
let typingCpu = 0;
for (const word of ['iommu_domain', 'storage_domain', 'nosnoop']) {
  await timed(ui, '/', (f) => /Search \(/.test(f));
  for (let i = 0; i < word.length; i++) {
    const shown = word.slice(0, i + 1);
    const c = cpuNow();
    typing.push(await timed(ui, word[i] ?? '', (f) => f.includes(`/${shown}`) && /matches|type words/.test(f)));
    typingCpu += cpuNow() - c;
  }
  await timed(ui, '\x1b', (f) => / threads · /.test(f));
}
ui.unmount();
source.sim?.close();
db.close();

const messages = source.threads.reduce((n, t) => n + t.messages, 0);
const load = (await import('node:os')).loadavg()[0] ?? 0;
const report = [
  `bench:tui on ${dbFile}: ${source.threads.length.toLocaleString('en-US')} threads, ${messages.toLocaleString('en-US')} messages; load average ${load.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`,
  `  first frame            median ${ms(median(firsts))} of 5 processes (${firsts.map((x) => x.toFixed(0)).join(', ')}) (goal < 300 ms); CPU ${ms(median(firstCpu))}`,
  `  key-to-frame (j/k)     median ${ms(median(keys))}, max ${ms(Math.max(...keys))} of 50, CPU ${ms(keysCpu)} a key (goal < 30 ms)`,
  `  open a thread          ${ms(open)} for ${largest.messages} messages (goal < 100 ms for 300)`,
  `  key-to-frame in thread median ${ms(median(inThread))}, max ${ms(Math.max(...inThread))} of ${inThread.length}, CPU ${ms(inThreadCpu)} a key (j, next message, in a ${mid.messages}-message thread; goal < 30 ms)`,
  `  search as you type     median ${ms(median(typing))}, max ${ms(Math.max(...typing))} of ${typing.length} keys, CPU ${ms(typingCpu / Math.max(1, typing.length))} a key (goal < 50 ms)`,
];
process.stdout.write(`${report.join('\n')}\n`);
