/**
 * Storage faults end in one line naming the database, never a stack trace (exit 70):
 * a second import while one runs, a full disk, a text file, a foreign SQLite file or a
 * damaged file as the database, a read-only file or folder. Readers keep working on a
 * database they may read but not write. Each case is built for real: real files, a
 * real second process holding the import lock, a real file-size limit, a real
 * unprivileged user.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { seeds, tempDir } from '../import/corpus.js';
import { cli, ensureBuilt, mainJs, type CliResult } from '../cli/run-cli.js';
import { takeImportLock } from '../../src/store/index.js';

let dir = '';
let good = '';

before(() => {
  ensureBuilt();
  dir = tempDir('faults');
  fs.chmodSync(dir, 0o755);
  good = path.join(dir, 'good.db');
  const r = cli(['import', seeds, '--db', good]);
  assert.equal(r.code, 0, r.stderr);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One line on stderr, "threadlab: ...", no stack, exit 1. */
function assertOneLine(r: CliResult, what: string, pattern?: RegExp): void {
  assert.equal(r.code, 1, `${what}: exit ${r.code}: ${r.stderr}`);
  const lines = r.stderr
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('warning:') && !/^imported /.test(l));
  assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
  assert.match(lines[0] ?? '', /^threadlab: /);
  assert.doesNotMatch(r.stderr, /internal error| {4}at /);
  if (pattern !== undefined) assert.match(lines[0] ?? '', pattern, what);
}

function copyOf(name: string): string {
  const f = path.join(dir, name);
  fs.copyFileSync(good, f);
  return f;
}

test('a second import while one holds the database refuses in one line, then runs once it is free', () => {
  const db = copyOf('locked.db');
  const release = takeImportLock(db);
  try {
    assertOneLine(cli(['import', seeds, '--db', db]), 'second import', /another import into .* is running/);
  } finally {
    release();
  }
  const again = cli(['import', seeds, '--db', db]);
  assert.equal(again.code, 0, again.stderr);
});

test('two imports started together into one new database: each finishes or refuses in one line, and nothing is lost', async () => {
  const db = path.join(dir, 'together.db');
  const start = (): Promise<CliResult> =>
    new Promise((resolve) => {
      const p = spawn(process.execPath, [mainJs, 'import', seeds, '--db', db, '--json'], {
        env: { ...process.env, THREADLAB_DB: '' },
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const both = await Promise.all([start(), start()]);
  assert.ok(
    both.some((r) => r.code === 0),
    both.map((r) => r.stderr).join('\n'),
  );
  for (const r of both) if (r.code !== 0) assertOneLine(r, 'the refused import', /another import/);
  const rerun = cli(['import', seeds, '--db', db, '--json']);
  assert.equal(
    (JSON.parse(rerun.stdout) as { messages: { new: number } }).messages.new,
    0,
    'the first import stored everything',
  );
});

test('a text file, a foreign SQLite file, a damaged header: every command says so in one line and leaves the file alone', () => {
  const text = path.join(dir, 'notes.txt');
  fs.writeFileSync(text, 'hi, this is not a database\n'.repeat(200));
  const foreign = path.join(dir, 'foreign.db');
  const f = new Database(foreign);
  f.exec("CREATE TABLE messages (x); INSERT INTO messages VALUES ('mine')");
  f.close();
  const header = copyOf('header.db');
  const fd = fs.openSync(header, 'r+');
  fs.writeSync(fd, Buffer.from([0xff, 0xff, 0xff]), 0, 3, 16);
  fs.closeSync(fd);
  const cases: [string, readonly (readonly string[])[], RegExp][] = [
    [text, [['threads'], ['import', seeds]], /is not a threadlab database/],
    [
      foreign,
      [
        ['export', '--json'],
        ['import', seeds],
      ],
      /an SQLite database of something else \(tables: messages\)/,
    ],
    [header, [['search', 'iommu'], ['options']], /is not a threadlab database/],
  ];
  for (const [db, commands, says] of cases) {
    const before = fs.readFileSync(db);
    for (const args of commands)
      assertOneLine(cli([...args, '--db', db]), `${args.join(' ')} on ${path.basename(db)}`, says);
    assert.ok(fs.readFileSync(db).equals(before), `${path.basename(db)} unchanged`);
  }
});

test('on a damaged database, search blames the database, not the query', () => {
  const db = copyOf('damaged.db');
  const size = fs.statSync(db).size;
  const fd = fs.openSync(db, 'r+');
  // Seeded garbage over every page after the schema: the b-trees of the messages and the index are hit.
  let x = 12345;
  const junk = Buffer.alloc(size - 8192);
  for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  fs.writeSync(fd, junk, 0, junk.length, 8192);
  fs.closeSync(fd);
  const r = cli(['search', 'iommu', '--db', db]);
  assertOneLine(r, 'search', /damaged\.db/);
  assert.doesNotMatch(r.stderr, /cannot read query/);
  for (const args of [
    ['export', '--json'],
    ['import', seeds],
  ])
    assertOneLine(cli([...args, '--db', db]), args.join(' '));
});

test('a full disk mid-import: one line; the database stays consistent and a re-run with room completes it', () => {
  const db = path.join(dir, 'full.db');
  // RLIMIT_FSIZE of 1 MiB with SIGXFSZ ignored: writes past it fail as on a full disk.
  const limited = spawnSync(
    'sh',
    [
      '-c',
      `ulimit -f 1024; trap '' XFSZ; exec "$0" "$@"`,
      process.execPath,
      mainJs,
      'import',
      path.join(seeds),
      '--db',
      db,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, THREADLAB_DB: '' },
    },
  );
  assertOneLine(
    { code: limited.status, stdout: limited.stdout, stderr: limited.stderr },
    'import on a full disk',
    /disk/,
  );
  if (fs.existsSync(db)) {
    const check = new Database(db, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
  }
  const rerun = cli(['import', seeds, '--db', db, '--json']);
  assert.equal(rerun.code, 0, rerun.stderr);
  const all = cli(['threads', '--json', '--db', db]);
  const want = cli(['threads', '--json', '--db', good]);
  assert.deepEqual(JSON.parse(all.stdout), JSON.parse(want.stdout));
});

test('a read-only database file, and one in a read-only folder: readers work, an import refuses in one line', {
  skip: process.platform !== 'linux',
}, () => {
  // As root every file is writable: run the CLI as an unprivileged user, as the fault happens.
  const asUser = (args: readonly string[]): CliResult => {
    const opts = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [mainJs, ...args], {
      encoding: 'utf8',
      env: { ...process.env, THREADLAB_DB: '' },
      ...opts,
      maxBuffer: 64 << 20,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const roFile = copyOf('ro-file.db');
  const rwDir = path.join(dir, 'rw');
  fs.mkdirSync(rwDir, { mode: 0o777 });
  fs.chmodSync(rwDir, 0o777);
  const inRw = path.join(rwDir, 'ro-file.db');
  fs.renameSync(roFile, inRw);
  fs.chmodSync(inRw, 0o444);
  const roDir = path.join(dir, 'ro');
  fs.mkdirSync(roDir);
  const inRo = path.join(roDir, 'in-ro-folder.db');
  fs.copyFileSync(good, inRo);
  fs.chmodSync(inRo, 0o644);
  fs.chmodSync(roDir, 0o555);
  for (const db of [inRw, inRo]) {
    // options (like export) also writes the extraction cache: here it answers without keeping it.
    for (const args of [['search', 'iommu'], ['options']]) {
      const r = asUser([...args, '--db', db]);
      assert.equal(r.code, 0, `${args.join(' ')} on ${db}: ${r.stderr}`);
    }
    assertOneLine(asUser(['import', seeds, '--db', db]), `import into ${path.basename(db)}`);
  }
  assert.equal(asUser(['threads', '--json', '--db', inRo]).stdout, cli(['threads', '--json', '--db', good]).stdout);
});
