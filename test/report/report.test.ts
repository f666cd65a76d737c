/**
 * `threadlab report` on a real seed thread (seed 003, the vfio/type1 reply whose
 * options the nosnoop family replays: its checks reach the fixpoint at once),
 * through the built CLI: the Markdown as a reader gets it, the HTML parsed for
 * its structure, and the HTML rendered in a real headless browser.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
// htmlparser2 comes with mailparser (html-to-text): a real HTML5 tokenizer, no browser needed.
import { parseDocument, DomUtils } from 'htmlparser2';
import { seeds, tempDir } from '../import/corpus.js';
import { cli, ensureBuilt } from '../cli/run-cli.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { Report } from '../../src/report/model.js';

const SEED = path.join(seeds, '003_c498a07c3eaa1603.txt');
let dir = '';
let db = '';
let thread = '';

before(() => {
  ensureBuilt();
  dir = tempDir('report');
  db = path.join(dir, 't.db');
  // The checker's verdicts go to a cache folder of the test's own, not the user's.
  process.env['XDG_CACHE_HOME'] = path.join(dir, 'cache');
  const imp = cli(['import', SEED, '--db', db]);
  assert.equal(imp.code, 0, imp.stderr);
  const list = JSON.parse(cli(['threads', '--db', db, '--json']).stdout) as {
    threads: { id: string; subject: string }[];
  };
  const t = list.threads.find((x) => x.subject.includes('vfio/type1: Flush CPU caches'));
  assert.ok(t, 'the seed is one thread');
  thread = t.id;
});

/** The Markdown report, written once with -o (md is the default format): nothing on stdout, the summary line on stderr. */
function mdReport(): string {
  const file = path.join(dir, 'r.md');
  if (!fs.existsSync(file)) {
    const r = cli(['report', thread, '-o', file, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `wrote ${file}: 6 options, 4 policies, 5 workloads\n`);
  }
  return file;
}

test('report --format md states each option, who backed it, its items by kind, and the policies compared with the verdict', () => {
  const md = fs.readFileSync(mdReport(), 'utf8');
  assert.match(md, /^# Re: \\\[PATCH 4\/5\\\] vfio\/type1: Flush CPU caches on DMA pages in non-coherent domains\n/);
  assert.match(md, /\n## Decisions\n\n6 design options, 12 items\./);
  // Alex's augmentation, which Jason backs: status, backers, items by kind with who and when.
  const option = md.slice(md.indexOf('. The augmentation is therefore'), md.indexOf('\n### 6.'));
  assert.match(option, /- status: \*\*supported\*\*/);
  assert.match(option, /- backed \(1\): Jason Gunthorpe\n- objected \(0\): —/);
  assert.match(option, /- Proposals \(1\):\n {2}- Alex Williamson, 2024-05-23: “I think the augmentation/);
  assert.match(
    option,
    /- Support \(1\):\n {2}- Jason Gunthorpe, 2024-05-24: “Yes, that is a good additional starting point\.”/,
  );
  assert.match(option, /replayed by policy `skip-hardwired-zero`: checker safe in this universe/);
  // The comparison: the checker refutes three-checks, and each family workload is a table of the four policies.
  assert.match(md, /\| `three-checks` \| `[^`]+:o1` \| UNSAFE: S1 in 6 operations \|/);
  const igpu = md.slice(md.indexOf('### igpu-nosnoop (family nosnoop)'), md.indexOf('### igpu-forced-off'));
  assert.match(igpu, /\| policy \| attach decides \| flushed pages \|/);
  assert.match(igpu, /\| `leave-alone-variant-forces-off` \| skip \| 0 \| 0\.0 \|/);
  assert.match(igpu, /\| `three-checks` \| flush \| 1,048,576 \| 137\.2 \|.* \| UNSAFE: S1 in 6 operations \|/);
  for (const w of [
    'igpu-nosnoop',
    'igpu-forced-off',
    'nic-hardwired-zero',
    'toggle-after-attach',
    'flr-with-bus-mastering',
  ])
    assert.ok(md.includes(`### ${w} (family nosnoop)`), w);

  // The JSON twin carries the same data.
  const j = cli(['report', thread, '--json', '--db', db]);
  assert.equal(j.code, 0, j.stderr);
  const data = JSON.parse(j.stdout) as Report;
  assert.equal(data.options.length, 6);
  assert.deepEqual(
    data.comparison.policies.map((p) => [p.policy, p.verdict?.result]),
    [
      ['three-checks', 'unsafe'],
      ['vfio-forces-off', 'safe'],
      ['skip-hardwired-zero', 'safe'],
      ['leave-alone-variant-forces-off', 'safe'],
    ],
  );
  assert.equal(data.comparison.workloads.length, 5);
});

test('report -o writes the whole file; bad arguments are one line and exit 2; --help says what it writes', () => {
  assert.match(fs.readFileSync(mdReport(), 'utf8'), /^# Re: /);
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
  );
  const bad = cli(['report', thread, '--format', 'pdf', '--db', db]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "threadlab: report: --format is md or html, not 'pdf'\n");
  const missing = cli(['report', 'no-such-thread', '--db', db]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, "threadlab: report: no thread or message 'no-such-thread' in the database\n");
  const help = cli(['report', '--help']);
  assert.equal(help.code, 0);
  for (const flag of [
    '--format F',
    '-o, --output FILE',
    '--json',
    '--db PATH',
    'Decisions',
    'Policy comparison',
    'inline SVG',
  ])
    assert.ok(help.stdout.includes(flag), flag);
});

function htmlReport(): string {
  const file = path.join(dir, 'r.html');
  if (!fs.existsSync(file)) {
    const r = cli(['report', thread, '--format', 'html', '-o', file, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
  }
  return file;
}

test('report --format html is one self-contained page: options as sections, a chart per workload, no script, nothing fetched', () => {
  const html = fs.readFileSync(htmlReport(), 'utf8');
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  const doc = parseDocument(html);
  const all = (name: string) => DomUtils.getElementsByTagName(name, doc);
  const text = (e: Parameters<typeof DomUtils.textContent>[0]) => DomUtils.textContent(e).trim();
  assert.deepEqual(all('h1').map(text), [
    'Re: [PATCH 4/5] vfio/type1: Flush CPU caches on DMA pages in non-coherent domains',
  ]);
  assert.deepEqual(all('h2').map(text), ['Decisions', 'Policy comparison']);
  const options = all('section').filter((s) => s.attribs['class'] === 'option');
  assert.equal(options.length, 6);
  const workloads = all('section').filter((s) => s.attribs['class'] === 'workload');
  assert.equal(workloads.length, 5);
  for (const w of workloads) {
    const svg = DomUtils.getElementsByTagName('svg', w);
    assert.equal(svg.length, 1, `one chart in ${w.attribs['id']}`);
    // One bar per policy row of the table beside it.
    const rows = DomUtils.getElementsByTagName('tr', w).length - 1;
    assert.equal(DomUtils.getElementsByTagName('rect', svg).length, rows);
  }
  assert.equal(all('script').length, 0);
  for (const e of DomUtils.findAll((x) => 'src' in x.attribs || 'href' in x.attribs, doc.children))
    assert.fail(`fetches ${e.name}`);
  const csp = all('meta').find((m) => m.attribs['http-equiv'] === 'Content-Security-Policy');
  assert.match(csp?.attribs['content'] ?? '', /default-src 'none'/);
  // three-checks is refuted: its verdict is marked unsafe, and its bars are drawn as such.
  const verdicts = all('table').find((t) => t.attribs['class'] === 'verdicts');
  assert.ok(verdicts);
  assert.match(text(verdicts), /three-checks.*UNSAFE: S1 in 6 operations/s);
  assert.ok(DomUtils.getElementsByTagName('rect', workloads).some((r) => r.attribs['class'] === 'bar bad'));
});

test('mail text in a report stays text: markup, control and bidi characters are escaped in HTML and Markdown', () => {
  const hostile = 'Fix <script>alert(1)</script> & "quotes" | *bold* \u202e\u001b]0;x\u0007';
  const report: Report = {
    thread: { id: 'x`y|z', subject: hostile, messages: 1, people: [hostile], first: null, last: null },
    items: 1,
    options: [
      {
        id: 'o1',
        title: hostile,
        status: 'open',
        supersededBy: null,
        policy: null,
        backers: [hostile],
        objectors: [],
        trailers: [],
        kinds: [
          {
            kind: 'proposal',
            items: [{ id: 'i1', kind: 'proposal', author: hostile, date: null, text: hostile, file: null, hunk: null }],
          },
        ],
      },
    ],
    comparison: { policies: [], workloads: [], unknown: [] },
  };
  const html = renderHtml(report);
  const doc = parseDocument(html);
  assert.equal(DomUtils.getElementsByTagName('script', doc).length, 0);
  assert.ok(
    DomUtils.textContent(DomUtils.getElementsByTagName('h1', doc)).includes('Fix <script>alert(1)</script> & "quotes"'),
  );
  assert.ok(!html.includes('\u202e') && !html.includes('\u001b'));
  assert.ok(html.includes('&lt;U+202E&gt;␛]0;x␇'));
  const md = renderMarkdown(report);
  assert.ok(
    md.startsWith('# Fix \\<script\\>alert(1)\\</script\\> \\& "quotes" \\| \\*bold\\* \\<U+202E\\>␛\\]0;x␇\n'),
  );
  assert.ok(md.includes("`x'y¦z`"));
});

const CHROMIUM = '/usr/bin/chromium';
const noBrowser = fs.existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is not installed (apt-get install chromium): the headless browser check is skipped`;

/** Renders a page headless and returns the PNG and what the page wrote to its console. */
function screenshot(page: string, name: string): { png: Buffer; console: string[] } {
  const shot = path.join(dir, `${name}.png`);
  // The flags that keep Chromium off this machine's closed network (.library/env/machines/node.md), a fresh profile each time.
  const r = spawnSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${path.join(dir, `profile-${name}`)}`,
      '--enable-logging=stderr',
      '--v=0',
      '--window-size=1000,1400',
      `--screenshot=${shot}`,
      `file://${page}`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  // Console output is logged as "INFO:CONSOLE(line)" or "INFO:CONSOLE:line": errors, uncaught exceptions and CSP refusals alike.
  return { png: fs.readFileSync(shot), console: r.stderr.split('\n').filter((l) => /:CONSOLE[:(]|Uncaught/.test(l)) };
}

/** The distinct bytes of a PNG's decompressed pixel rows: 1 or 2 for a blank page. */
function pixelVariety(png: Buffer): number {
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  return new Set(zlib.inflateSync(Buffer.concat(idat))).size;
}

test('the HTML report renders in headless Chromium with no console error and no blocked fetch', {
  skip: noBrowser,
}, () => {
  const { png, console } = screenshot(htmlReport(), 'report');
  assert.equal(png.toString('latin1', 1, 4), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1000, 1400]);
  assert.ok(pixelVariety(png) > 16, 'the page drew text and charts, not a blank');
  assert.deepEqual(console, []);
  // The check sees what it looks for: a page that throws and fetches is caught.
  const bad = path.join(dir, 'bad.html');
  fs.writeFileSync(bad, '<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>');
  assert.match(screenshot(bad, 'bad').console.join('\n'), /Uncaught ReferenceError/);
});
