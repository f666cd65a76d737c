/**
 * `npm run bench:scale`: how an import scales with the database under it. Builds a
 * database from ../shared/bench/iommu-2019-2022.mbox.xz imported N times (--copies N,
 * default 4: ~128k archived messages; 32 gives ~1M), each copy with fresh Message-IDs
 * (In-Reply-To and References rewritten alike, so every copy threads as the original),
 * then imports 200 new messages: the archive's last 200 under new Message-IDs, answering
 * the last copy's threads, as a day's mail does. Every import runs the built CLI in a
 * child process, so peak RSS is the import's own. Prints the bulk rate of the first and
 * the last copy, the 200-message import with its threading phase, and peak RSS of each.
 *
 * Then imports the last copy's 324 MB file again (it is recognised and skipped) and
 * prints the database's size against the mbox bytes read.
 *
 * Options: --copies N, --new N (default 200), --file PATH, --keep (leave the temp dir),
 * --dir DIR (keep the database and what each copy measured there, and go on from the
 * copies already in it: a million messages take hours on a small machine, built once),
 * --minutes M (stop adding copies after M minutes and measure at the size reached).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './bench/measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const copies = Number(flag('--copies') ?? 4);
const fresh = Number(flag('--new') ?? 200);
const input = path.resolve(flag('--file') ?? path.resolve(repo, '..', 'shared', 'bench', 'iommu-2019-2022.mbox.xz'));
const keep = args.includes('--keep') || flag('--dir') !== undefined;
const dirFlag = flag('--dir');
/** Stop adding copies once this many minutes have gone (then measure at the size reached). */
const budgetMinutes = Number(flag('--minutes') ?? Infinity);
const cli = path.join(repo, 'dist', 'cli', 'main.js');

const ID_HEADER = /^(message-id|in-reply-to|references):/i;

/**
 * The mbox with every Message-ID, In-Reply-To and References id prefixed: `own` for the
 * message's own id, `cited` for the ids it cites. Only the header blocks are touched.
 */
function rewriteIds(text: string, own: string, cited: string): string {
  const lines = text.split('\n');
  let inHeaders = false;
  let current: 'own' | 'cited' | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('From ') && (i === 0 || lines[i - 1] === '')) {
      inHeaders = true;
      current = null;
      continue;
    }
    if (!inHeaders) continue;
    if (line === '') {
      inHeaders = false;
      continue;
    }
    const continued = line.startsWith(' ') || line.startsWith('\t');
    if (!continued) {
      const m = ID_HEADER.exec(line);
      current = m === null ? null : (m[1] ?? '').toLowerCase() === 'message-id' ? 'own' : 'cited';
    }
    if (current !== null) {
      const prefix = current === 'own' ? own : cited;
      lines[i] = line.replace(/<([^<>\s]+)>/g, (_all, id: string) => `<${prefix}${id}>`);
    }
  }
  return lines.join('\n');
}

/** The last `n` messages of an mbox text. */
function lastMessages(text: string, n: number): string {
  const starts: number[] = [];
  const re = /^From /gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    if (m.index === 0 || text[m.index - 1] === '\n') starts.push(m.index);
  const from = starts[Math.max(0, starts.length - n)] ?? 0;
  return text.slice(from);
}

interface Summary {
  messages: { new: number; duplicate: number; rejected: number };
  skipped?: string[];
  threaded?: string;
  phases?: { store: number; thread: number };
}

async function importFile(
  file: string,
  db: string,
): Promise<{ seconds: number; cpuSeconds: number; peakMb: number; summary: Summary }> {
  const r = await measure(process.execPath, [cli, 'import', file, '--db', db, '--json']);
  if (r.code !== 0) throw new Error(`threadlab import exited ${r.code}`);
  return {
    seconds: r.seconds,
    cpuSeconds: r.cpuSeconds,
    peakMb: r.peakKb / 1024,
    summary: JSON.parse(r.stdout) as Summary,
  };
}

interface Bulk {
  copy: number;
  messages: number;
  seconds: number;
  /** Absent in a bulk.json written before CPU time was measured. */
  cpuSeconds?: number;
  peakMb: number;
  thread: number;
  threaded: string;
}

async function main(): Promise<void> {
  if (!fs.existsSync(input)) throw new Error(`no benchmark input at ${input}`);
  if (!Number.isInteger(copies) || copies < 1) throw new Error('--copies takes a whole number >= 1');
  const tmp =
    dirFlag === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-scale-')) : path.resolve(dirFlag);
  fs.mkdirSync(tmp, { recursive: true });
  try {
    process.stderr.write(`decompressing ${input} ...\n`);
    const r = spawnSync('xz', ['-dc', input], { maxBuffer: 1 << 30, encoding: 'latin1' });
    if (r.status !== 0) throw new Error('xz -dc failed');
    const original = input.endsWith('.xz') ? r.stdout : fs.readFileSync(input, 'latin1');
    const db = path.join(tmp, 'scale.db');
    const stateFile = path.join(tmp, 'bulk.json');
    const bulk: Bulk[] = fs.existsSync(stateFile) ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Bulk[]) : [];
    const lastFile = path.join(tmp, 'last-copy.mbox');
    const began = Date.now();
    for (let k = bulk.length; k < copies; k++) {
      if ((Date.now() - began) / 60_000 >= budgetMinutes) {
        process.stderr.write(`--minutes ${budgetMinutes} spent: measuring at ${k} copies, not ${copies}\n`);
        break;
      }
      fs.writeFileSync(lastFile, rewriteIds(original, `c${k}.`, `c${k}.`), 'latin1');
      const got = await importFile(lastFile, db);
      const s = got.summary;
      const messages = s.messages.new + s.messages.duplicate + s.messages.rejected;
      bulk.push({
        copy: k,
        messages,
        seconds: got.seconds,
        cpuSeconds: got.cpuSeconds,
        peakMb: got.peakMb,
        thread: s.phases?.thread ?? NaN,
        threaded: s.threaded ?? '?',
      });
      fs.writeFileSync(stateFile, JSON.stringify(bulk, null, 1));
      process.stderr.write(
        `copy ${k + 1}/${copies}: ${messages} messages in ${got.seconds.toFixed(1)} s (${(messages / got.seconds).toFixed(0)} msg/s; ` +
          `thread ${(s.phases?.thread ?? NaN).toFixed(1)} s, ${s.threaded ?? '?'}), peak RSS ${got.peakMb.toFixed(0)} MB\n`,
      );
    }
    const built = bulk.slice(0, copies);
    const dayFile = path.join(tmp, 'new.mbox');
    // Fresh ids each run, so a kept database takes a new day's mail every time it is measured.
    const day = `new${built.length}-${fs.readdirSync(tmp).length}.`;
    fs.writeFileSync(dayFile, rewriteIds(lastMessages(original, fresh), day, `c${built.length - 1}.`), 'latin1');
    const dayRun = await importFile(dayFile, db);
    const again = await importFile(lastFile, db);
    const dbBytes = ['', '-wal']
      .map((x) => (fs.existsSync(db + x) ? fs.statSync(db + x).size : 0))
      .reduce((a, b) => a + b, 0);
    const mboxBytes = Buffer.byteLength(original, 'latin1') * built.length;

    const first = built[0];
    const last = built[built.length - 1];
    const rate = (b: Bulk): number => b.messages / b.seconds;
    const total = built.reduce((n, b) => n + b.messages, 0);
    const peak = Math.max(...built.map((b) => b.peakMb), dayRun.peakMb, again.peakMb);
    const lines = [
      `database: ${built.length} copies, ${total} messages read, ${(dbBytes / 1e6).toFixed(0)} MB for ${(mboxBytes / 1e6).toFixed(0)} MB of mbox (${(dbBytes / mboxBytes).toFixed(2)}x)`,
      ...built.map(
        (b) =>
          `  copy ${b.copy + 1}: ${b.messages} messages, ${b.seconds.toFixed(1)} s, ${rate(b).toFixed(0)} msg/s` +
          (b.cpuSeconds === undefined ? '' : `, ${b.cpuSeconds.toFixed(0)} CPU-s`) +
          `, thread phase ${b.thread.toFixed(1)} s (${b.threaded}), peak RSS ${b.peakMb.toFixed(0)} MB`,
      ),
      `bulk rate: first copy ${first === undefined ? '-' : rate(first).toFixed(0)} msg/s, last copy ${last === undefined ? '-' : rate(last).toFixed(0)} msg/s` +
        (first && last ? ` (last/first ${(rate(last) / rate(first)).toFixed(2)}; goal >= 0.80)` : ''),
      `${fresh} new messages: ${dayRun.summary.messages.new} new, ${dayRun.seconds.toFixed(1)} s, ${dayRun.cpuSeconds.toFixed(1)} CPU-s ` +
        `(store ${(dayRun.summary.phases?.store ?? NaN).toFixed(1)} s, thread ${(dayRun.summary.phases?.thread ?? NaN).toFixed(1)} s, re-threaded: ${dayRun.summary.threaded ?? '?'}), ` +
        `peak RSS ${dayRun.peakMb.toFixed(0)} MB (goal < 5 s; on a shared machine the CPU-s are the fair figure)`,
      `re-import of the last copy (${(Buffer.byteLength(original, 'latin1') / 1e6).toFixed(0)} MB): ${again.seconds.toFixed(1)} s, ${again.cpuSeconds.toFixed(1)} CPU-s, ` +
        `skipped ${again.summary.skipped?.length ?? 0} file(s), ${again.summary.messages.new} new, peak RSS ${again.peakMb.toFixed(0)} MB (goal < 10 s)`,
      `peak RSS of any import: ${peak.toFixed(0)} MB (goal <= 300 MB)`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    if (keep) process.stderr.write(`kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
