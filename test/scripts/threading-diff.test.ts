/**
 * npm run bench:threading's comparison, on two real threads of the labelled corpus and the
 * same mail with one reply re-pointed: its In-Reply-To names the other thread's root and its
 * References are gone. Both sides thread through the CLI of this tree, as a revision would.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { diffSet, diffSnapshots, type Snapshot } from '../../scripts/threading/diff.js';
import { loadSnapshot, snapshotTree } from '../../scripts/threading/run.js';
import { repoRoot, tempDir } from '../import/corpus.js';

const mbox = path.join(repoRoot, 'data', 'corpus', 'mbox');
const PCI = path.join(mbox, 'pci-2020-sysfs-config-rawio.mbox');
const NETFILTER = path.join(mbox, 'netfilter-2020-flow-offload-hw-stats.mbox');
/** A reply to the netfilter patch that no message answers. */
const LEAF = '20200507153623.GA10305@salvia';

let dir = '';
let beforeSnap: Snapshot;
let afterSnap: Snapshot;
let pciRoot = '';

/** The mbox with LEAF's threading headers (and their folded lines) replaced by one In-Reply-To. */
function repoint(text: string, key: string, parent: string): string {
  const chunks = text.split(/(?=^From )/m);
  const i = chunks.findIndex((c) => c.includes(`Message-ID: <${key}>`));
  assert.ok(i >= 0, `${key} is in the file`);
  const chunk = chunks[i] ?? '';
  const end = chunk.indexOf('\n\n');
  const kept: string[] = [];
  let dropping = false;
  for (const line of chunk.slice(0, end).split('\n')) {
    if (/^\s/.test(line) && dropping) continue;
    dropping = /^(In-Reply-To|References):/i.test(line);
    if (!dropping) kept.push(line);
  }
  kept.push(`In-Reply-To: <${parent}>`);
  chunks[i] = kept.join('\n') + chunk.slice(end);
  return chunks.join('');
}

before(() => {
  dir = tempDir('threading-diff');
  const pci = fs.readFileSync(PCI, 'utf8');
  const netfilter = fs.readFileSync(NETFILTER, 'utf8');
  pciRoot = /^Message-Id:\s*<([^>]+)>/im.exec(pci)?.[1] ?? '';
  const original = path.join(dir, 'two-threads.mbox');
  const altered = path.join(dir, 'two-threads-repointed.mbox');
  fs.writeFileSync(original, pci + netfilter);
  fs.writeFileSync(altered, pci + repoint(netfilter, LEAF, pciRoot));
  beforeSnap = snapshotTree(repoRoot, 'original', [{ name: 'pair', paths: [original] }]);
  afterSnap = snapshotTree(repoRoot, 'repointed', [{ name: 'pair', paths: [altered] }]);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('names the one reply whose headers moved it to the other thread, and only it', () => {
  const [d] = diffSnapshots(beforeSnap, afterSnap);
  assert.ok(d !== undefined);
  assert.equal(d.before.threads, 2);
  assert.equal(d.after.threads, 2);
  const mail = d.groups.flatMap((g) => g.messages.filter((m) => !m.voice).map((m) => m.key));
  assert.deepEqual(mail, [LEAF]);
  const group = d.groups.find((g) => g.messages.some((m) => m.key === LEAF));
  assert.match(group?.before.subject ?? '', /flow_offload: simplify hw stats check/);
  assert.match(group?.after.subject ?? '', /PCI: allow sysfs file owner/);
  const leaf = afterSnap.sets[0]?.messages.find((m) => m.key === LEAF);
  assert.equal(leaf?.parent, pciRoot);
});

test('a threading compared with itself, or with its saved snapshot, moves nothing', () => {
  const file = path.join(dir, 'snapshot.json');
  fs.writeFileSync(file, JSON.stringify(beforeSnap));
  const [d] = diffSnapshots(loadSnapshot(file), beforeSnap);
  assert.ok(d !== undefined);
  assert.equal(d.moved, 0);
  assert.equal(d.reparented, 0);
  assert.deepEqual(d.before, d.after);
  const set = beforeSnap.sets[0];
  assert.ok(set !== undefined);
  assert.equal(diffSet(set, set).groups.length, 0);
});

test('a file that is not a snapshot is refused in one line naming it', () => {
  const file = path.join(dir, 'not-a-snapshot.json');
  fs.writeFileSync(file, '{"threads": []}');
  assert.throws(
    () => loadSnapshot(file),
    new RegExp(`^Error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a threading snapshot`),
  );
});
