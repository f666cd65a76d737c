/**
 * The seed's options in `threadlab options` name the family policies that
 * replay them, by the policies' quoted provenance (as seed 002's do).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadFamilies } from '../../../src/sim/index.js';

// Two links where the extractor finds three options or more in the seed, one where it finds fewer: the 2015
// range-flush dump (three voices in one text) gives the networks two options, Robin's and Russell's proposals
// together (linked) and Robin's remark that the setup step could be made cheaper, which no policy encodes.
test('each family links at least two of its policies to options of its seed thread (one when the thread has fewer than three options)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-links-'));
  const db = path.join(dir, 't.db');
  const cli = (...args: string[]): string => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args, '--db', db], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  try {
    cli('import', 'data/seeds');
    const doc = JSON.parse(cli('export', '--json')) as {
      threads: { id: string; subject: string }[];
      options: { thread: string; policy: string | null }[];
    };
    for (const f of loadFamilies()) {
      const subject = f.thread.replace(/ \(\d{4}-\d{2}-\d{2}\)$/, '');
      const thread = doc.threads.find((t) => t.subject === subject);
      assert.ok(thread !== undefined, `${f.id}: no thread '${subject}'`);
      const linked = doc.options.filter((o) => o.thread === thread.id && o.policy !== null && f.policies.has(o.policy));
      const options = doc.options.filter((o) => o.thread === thread.id).length;
      assert.ok(
        linked.length >= (options >= 3 ? 2 : Math.min(1, options)),
        `${f.id}: ${linked.length} options linked (${doc.options
          .filter((o) => o.thread === thread.id)
          .map((o) => o.policy)
          .join(', ')})`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
