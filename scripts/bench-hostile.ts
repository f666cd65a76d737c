/**
 * npm run bench:hostile [--sim] — what the hostile inputs of the reliability review cost now,
 * at growing sizes, so a reader can see that the cost grows linearly (the tests assert on
 * results only). Each figure is wall time on this machine (shared machines: read as rough)
 * and, for the memory bounds, peak RSS of a child process.
 *   1) threading one References header of N ids (was quadratic: 20,000 ids 31 s);
 *   2) extracting a thread with an attribution line of 2 x N spaces, a word of N characters,
 *      a nested list of N bytes (were quadratic regexes: 2 x 50,000 spaces 15 s);
 *   3) searching a word repeated N times (500: 61 s);
 *   4) reading a .gz of N empty "From " lines: warnings kept, time (6.2 M kept 616,807+);
 *   5) with --sim: `sim check` in the universe that crashed at 2.9 GB, default limit: peak RSS.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { extractThread } from '../src/extract/index.js';
import { runImport } from '../src/import/index.js';
import { readSources } from '../src/mail/index.js';
import { loadThread, openStore, search, threadIds } from '../src/store/index.js';
import { type ThreadInput, threadMessages } from '../src/thread/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-bench-hostile-'));
const seconds = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(2)} s`;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function mail(key: string, inReplyTo: string[], references: string[]): ThreadInput {
  const from = { name: 'A', email: 'a@b.example' };
  return {
    key,
    messageId: key,
    inReplyTo,
    references,
    subject: 'Re: x',
    from,
    date: null,
    reconstructed: false,
    parentHint: null,
  };
}

say('1) one References header of N ids, threaded');
for (const n of [10_000, 20_000, 40_000, 80_000]) {
  const ids = Array.from({ length: n }, (_, i) => `r${i}@x.example`);
  const t0 = performance.now();
  threadMessages([mail('root@x', [], []), mail('long@x', ['root@x'], ['root@x', ...ids])]);
  say(`   ${n.toLocaleString('en').padStart(7)} ids: ${seconds(t0)}`);
}

const message = (id: string, body: string, reply: boolean): string =>
  `From x@y Mon Jan  1 00:00:00 2024\nFrom: A <a@b.example>\nSubject: ${reply ? 'Re: ' : ''}x\n` +
  `Date: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <${id}>\n${reply ? 'In-Reply-To: <root@x>\n' : ''}\n${body}\n\n`;

async function extractionSeconds(name: string, body: string): Promise<string> {
  const file = path.join(dir, `${name}.mbox`);
  const db = path.join(dir, `${name}.db`);
  fs.writeFileSync(file, message('root@x', 'We should flush the caches.', false) + message(`${name}@x`, body, true));
  await runImport({ paths: [file], db, threads: 1 });
  const store = openStore(db, { readonly: true });
  const t0 = performance.now();
  for (const id of threadIds(store)) extractThread(loadThread(store, id));
  const took = seconds(t0);
  store.close();
  return took;
}

say('2) extraction of one reply');
for (const n of [12_500, 25_000, 50_000, 200_000]) {
  say(
    `   attribution line of 2 x ${n.toLocaleString('en')} spaces: ${await extractionSeconds(`sp${n}`, `On ${' '.repeat(n)}wrote${' '.repeat(n)}x\n\nI agree.`)}`,
  );
}
for (const n of [20_000, 40_000, 400_000]) {
  say(
    `   one word of ${n.toLocaleString('en')} characters: ${await extractionSeconds(`w${n}`, `${'a'.repeat(n)} is a word.`)}`,
  );
}
for (const n of [1_000_000, 4_000_000, 16_000_000]) {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < n; i++) {
    const line = `${' '.repeat(2 * i)}- item ${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  say(`   nested list of ${(n / 1e6).toFixed(0)} MB: ${await extractionSeconds(`l${n}`, lines.join('\n'))}`);
}

say('3) search of one word repeated N times (the seeds)');
{
  const db = path.join(dir, 'seeds.db');
  await runImport({ paths: [path.join(root, 'data', 'seeds')], db, threads: 1 });
  const store = openStore(db, { readonly: true });
  for (const n of [1, 50, 500, 1000, 20_000]) {
    const t0 = performance.now();
    const hits = search(store, 'iommu '.repeat(n));
    say(`   x${n.toLocaleString('en').padEnd(6)}: ${seconds(t0)}, ${hits.length} hits`);
  }
  store.close();
}

say('4) a .gz of N empty "From " lines, read');
for (const n of [100_000, 1_000_000]) {
  const gz = path.join(dir, `froms${n}.mbox.gz`);
  fs.writeFileSync(gz, gzipSync(Buffer.from('From a@b Mon Jan  1 00:00:00 2024\n'.repeat(n))));
  const t0 = performance.now();
  let warnings = 0;
  for await (const ev of readSources([gz])) if (ev.kind === 'warning') warnings++;
  say(
    `   ${n.toLocaleString('en').padStart(9)} lines (${(fs.statSync(gz).size / 1024).toFixed(0)} KB .gz): ${seconds(t0)}, ${warnings} warnings kept`,
  );
}

if (process.argv.includes('--sim')) {
  say('5) sim check --depth 30 --pages 4 --ioas 3 --domains 3 --areas 4 (default limit), as a child process');
  const main = path.join(root, 'dist', 'cli', 'main.js');
  const args = [
    'sim',
    'check',
    '--policy',
    'flush-every-fill',
    '--depth',
    '30',
    '--pages',
    '4',
    '--ioas',
    '3',
    '--domains',
    '3',
    '--areas',
    '4',
  ];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, main, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const rss = Number((r.stderr.trim().split('\n').at(-1) ?? '0').trim());
  say(
    `   exit ${r.status}, ${seconds(t0)}, peak RSS ${(rss / 1024).toFixed(0)} MB: ${(r.stdout.split('\n')[0] ?? '').slice(0, 160)}`,
  );
}

fs.rmSync(dir, { recursive: true, force: true });
