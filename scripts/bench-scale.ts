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
 * Options: --copies N, --new N (default 200), --file PATH, --keep (leave the temp dir).
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
const keep = args.includes('--keep');
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
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m.index === 0 || text[m.index - 1] === '\n') starts.push(m.index);
  const from = starts[Math.max(0, starts.length - n)] ?? 0;
  return text.slice(from);
}

interface Summary {
  messages: { new: number; duplicate: number; rejected: number };
  threaded?: string;
  phases?: { store: number; thread: number };
}

async function importFile(file: string, db: string): Promise<{ seconds: number; peakMb: number; summary: Summary }> {
  const r = await measure(process.execPath, [cli, 'import', file, '--db', db, '--json']);
  if (r.code !== 0) throw new Error(`threadlab import exited ${r.code}`);
  return { seconds: r.seconds, peakMb: r.peakKb / 1024, summary: JSON.parse(r.stdout) as Summary };
}

async function main(): Promise<void> {
  if (!fs.existsSync(input)) throw new Error(`no benchmark input at ${input}`);
  if (!Number.isInteger(copies) || copies < 1) throw new Error('--copies takes a whole number >= 1');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-scale-'));
  try {
    process.stderr.write(`decompressing ${input} ...\n`);
    const r = spawnSync('xz', ['-dc', input], { maxBuffer: 1 << 30, encoding: 'latin1' });
    if (r.status !== 0) throw new Error('xz -dc failed');
    const original = input.endsWith('.xz') ? r.stdout : fs.readFileSync(input, 'latin1');
    const db = path.join(tmp, 'scale.db');
    const bulk: { copy: number; messages: number; seconds: number; peakMb: number; thread: number; threaded: string }[] = [];
    for (let k = 0; k < copies; k++) {
      const file = path.join(tmp, `copy-${k}.mbox`);
      fs.writeFileSync(file, rewriteIds(original, `c${k}.`, `c${k}.`), 'latin1');
      const got = await importFile(file, db);
      fs.rmSync(file);
      const s = got.summary;
      const messages = s.messages.new + s.messages.duplicate + s.messages.rejected;
      bulk.push({ copy: k, messages, seconds: got.seconds, peakMb: got.peakMb, thread: s.phases?.thread ?? NaN, threaded: s.threaded ?? '?' });
      process.stderr.write(
        `copy ${k + 1}/${copies}: ${messages} messages in ${got.seconds.toFixed(1)} s (${(messages / got.seconds).toFixed(0)} msg/s; ` +
          `thread ${(s.phases?.thread ?? NaN).toFixed(1)} s, ${s.threaded ?? '?'}), peak RSS ${got.peakMb.toFixed(0)} MB\n`,
      );
    }
    const dayFile = path.join(tmp, 'new.mbox');
    fs.writeFileSync(dayFile, rewriteIds(lastMessages(original, fresh), 'new.', `c${copies - 1}.`), 'latin1');
    const day = await importFile(dayFile, db);
    const dbBytes = ['', '-wal'].map((s) => (fs.existsSync(db + s) ? fs.statSync(db + s).size : 0)).reduce((a, b) => a + b, 0);

    const first = bulk[0];
    const last = bulk[bulk.length - 1];
    const rate = (b: (typeof bulk)[number]): string => `${(b.messages / b.seconds).toFixed(0)} msg/s`;
    const total = bulk.reduce((n, b) => n + b.messages, 0);
    const lines = [
      `database: ${copies} copies, ${total} messages read, ${(dbBytes / 1e6).toFixed(0)} MB`,
      ...bulk.map(
        (b) =>
          `  copy ${b.copy + 1}: ${b.messages} messages, ${b.seconds.toFixed(1)} s, ${rate(b)}, thread phase ${b.thread.toFixed(1)} s (${b.threaded}), peak RSS ${b.peakMb.toFixed(0)} MB`,
      ),
      `bulk rate: first copy ${first === undefined ? '-' : rate(first)}, last copy ${last === undefined ? '-' : rate(last)}`,
      `${fresh} new messages: ${day.summary.messages.new} new, ${day.seconds.toFixed(1)} s ` +
        `(store ${(day.summary.phases?.store ?? NaN).toFixed(1)} s, thread ${(day.summary.phases?.thread ?? NaN).toFixed(1)} s, re-threaded: ${day.summary.threaded ?? '?'}), ` +
        `peak RSS ${day.peakMb.toFixed(0)} MB`,
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
