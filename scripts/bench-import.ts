/**
 * `npm run bench:import`: import ../shared/bench/iommu-2019-2022.mbox.xz with
 * every stage on, through the built CLI in a child process (so peak RSS is the
 * import's own, worker threads included), and print msgs/s, MB/s, peak RSS
 * and database size. When notmuch or mairix are installed, index a Maildir
 * copy of the same messages with them and print the ratios.
 *
 * Options: --file PATH (another .xz/.mbox), --keep (leave the temp dir).
 */
import { spawnSync } from 'node:child_process';
import { measure } from './bench/measure.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const fileArg = args.indexOf('--file');
const input =
  fileArg >= 0
    ? path.resolve(args[fileArg + 1] ?? '')
    : path.resolve(repo, '..', 'shared', 'bench', 'iommu-2019-2022.mbox.xz');
const keep = args.includes('--keep');

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Split an mboxrd file into a Maildir (notmuch and mairix index Maildirs; mairix reads lore's mbox as one message). */
function toMaildir(mbox: string, dir: string): number {
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const fd = fs.openSync(mbox, 'r');
  const chunk = Buffer.alloc(8 << 20);
  let carry = '';
  let n = 0;
  let current: string[] | null = null;
  const emit = (): void => {
    if (current === null) return;
    fs.writeFileSync(path.join(dir, 'cur', `${n}.bench:2,S`), current.join('\n'));
    n++;
  };
  for (;;) {
    const read = fs.readSync(fd, chunk, 0, chunk.length, null);
    const text = carry + chunk.toString('latin1', 0, read);
    const lines = text.split('\n');
    carry = read === 0 ? '' : (lines.pop() ?? '');
    for (const line of lines) {
      if (line.startsWith('From ')) {
        emit();
        current = [];
      } else if (current !== null) current.push(/^>+From /.test(line) ? line.slice(1) : line);
    }
    if (read === 0) break;
  }
  emit();
  fs.closeSync(fd);
  return n;
}

async function main(): Promise<void> {
  if (!fs.existsSync(input)) throw new Error(`no benchmark input at ${input}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-bench-'));
  try {
    const mbox = path.join(tmp, 'bench.mbox');
    if (input.endsWith('.xz')) {
      process.stderr.write(`decompressing ${input} ...\n`);
      const r = spawnSync('sh', ['-c', `xz -dc "$1" > "$2"`, 'sh', input, mbox], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error('xz -dc failed');
    } else fs.copyFileSync(input, mbox);
    const bytes = fs.statSync(mbox).size;
    const db = path.join(tmp, 'bench.db');
    process.stderr.write(`importing ${(bytes / 1e6).toFixed(0)} MB with threadlab ...\n`);
    const r = await measure(process.execPath, [
      path.join(repo, 'dist', 'cli', 'main.js'),
      'import',
      mbox,
      '--db',
      db,
      '--json',
    ]);
    if (r.code !== 0) throw new Error(`threadlab import exited ${r.code}`);
    const summary = JSON.parse(r.stdout) as {
      messages: { new: number; duplicate: number; rejected: number };
      threads: number;
      patches: number;
      warnings: unknown[];
      reconstructed: number;
      phases?: { store: number; thread: number };
    };
    const msgs = summary.messages.new + summary.messages.duplicate + summary.messages.rejected;
    const dbBytes = ['', '-wal']
      .map((s) => (fs.existsSync(db + s) ? fs.statSync(db + s).size : 0))
      .reduce((a, b) => a + b, 0);
    const rate = msgs / r.seconds;
    const lines = [
      `threadlab import: ${msgs} messages (${summary.messages.new} new, ${summary.messages.duplicate} duplicate, ${summary.messages.rejected} rejected), ` +
        `${summary.reconstructed} reconstructed voices, ${summary.threads} threads, ${summary.patches} patches, ${summary.warnings.length} warnings`,
      `  time        ${r.seconds.toFixed(1)} s` +
        (summary.phases === undefined
          ? ''
          : ` (read+parse+store ${summary.phases.store.toFixed(1)} s, re-thread + series ${summary.phases.thread.toFixed(1)} s)`),
      `  rate        ${rate.toFixed(0)} msg/s, ${(bytes / 1e6 / r.seconds).toFixed(1)} MB/s   (target >= 1110 msg/s)`,
      `  CPU         ${r.cpuSeconds.toFixed(1)} s, ${(msgs / r.cpuSeconds).toFixed(0)} msg per CPU-s (user + system, worker threads included)`,
      `  peak RSS    ${(r.peakKb / 1024).toFixed(0)} MB   (target <= 300 MB)`,
      `  database    ${(dbBytes / 1e6).toFixed(0)} MB (${((dbBytes / bytes) * 100).toFixed(0)}% of the mbox)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');

    const peers = ['notmuch', 'mairix'].filter(which);
    if (peers.length === 0) {
      process.stdout.write('notmuch / mairix not installed: no ratios (apt-get install notmuch mairix)\n');
      return;
    }
    const maildir = path.join(tmp, 'maildir');
    const n = toMaildir(mbox, maildir);
    /** A peer's figures beside threadlab's: by wall time (msg/s) and by CPU time (msg per CPU-s, fair on a loaded machine). */
    const peerLine = (m: { seconds: number; cpuSeconds: number; peakKb: number }): string =>
      `${m.seconds.toFixed(1)} s, ${(n / m.seconds).toFixed(0)} msg/s, ${m.cpuSeconds.toFixed(1)} CPU-s ` +
      `(${(n / m.cpuSeconds).toFixed(0)} msg per CPU-s), peak RSS ${(m.peakKb / 1024).toFixed(0)} MB; ` +
      `threadlab/peer = ${(rate / (n / m.seconds)).toFixed(2)}x by wall time, ` +
      `${(msgs / r.cpuSeconds / (n / m.cpuSeconds)).toFixed(2)}x by CPU time`;
    process.stderr.write(`Maildir copy: ${n} messages\n`);
    if (peers.includes('notmuch')) {
      const cfg = path.join(tmp, 'notmuch-config');
      fs.writeFileSync(
        cfg,
        `[database]\npath=${maildir}\n[user]\nname=bench\nprimary_email=bench@example.org\n[new]\ntags=\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=false\n`,
      );
      const m = await measure('notmuch', ['new', '--quiet'], { ...process.env, NOTMUCH_CONFIG: cfg });
      process.stdout.write(`notmuch new: ${peerLine(m)}\n`);
    }
    if (peers.includes('mairix')) {
      const rc = path.join(tmp, 'mairixrc');
      fs.writeFileSync(
        rc,
        `base=${tmp}\nmaildir=maildir\nmfolder=mairix-results\ndatabase=${path.join(tmp, 'mairix.db')}\n`,
      );
      const m = await measure('mairix', ['-F', '-f', rc]);
      process.stdout.write(`mairix: ${peerLine(m)}\n`);
    }
  } finally {
    if (keep) process.stderr.write(`kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench-import: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
