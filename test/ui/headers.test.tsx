/** Full headers on demand, on a real mbox imported by the built CLI: To and Cc as the mail carried them. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { openStore } from '../../src/store/index.js';
import { storeSource } from '../../cli/tui-source.js';
import { cli, ensureBuilt } from '../cli/run-cli.js';
import { repoRoot, tempDir } from '../import/corpus.js';
import { renderAt, type, visibleLines } from './frames.js';

it('shows To and Cc (folded lines joined) among the full headers when h is pressed, and not before', async () => {
  ensureBuilt();
  const file = path.join(tempDir('headers'), 't.db');
  const r = cli(['import', path.join(repoRoot, 'data', 'corpus', 'mbox', 'kvmarm-2021-icache.mbox'), '--db', file]);
  assert.equal(r.code, 0, r.stderr);
  const db = openStore(file, { mustExist: true });
  try {
    const source = storeSource(db);
    const index = source.threads.findIndex((t) => t.subject.startsWith('[PATCH] KVM: arm64: Ensure I-cache isolation'));
    assert.ok(index >= 0);
    const root = source.loadThread(source.threads[index]?.id ?? '')?.messages[0] ?? assert.fail();
    // As the mbox has them (lines 47-48 and 64-65 of the file), unfolded.
    assert.equal(root.to, 'linux-arm-kernel@lists.infradead.org, kvmarm@lists.cs.columbia.edu, kvm@vger.kernel.org');
    assert.match(
      root.cc ?? '',
      /^kernel-team@android\.com, Catalin Marinas <catalin\.marinas@arm\.com>, Will Deacon <will@kernel\.org>/,
    );
    const ui = await renderAt(<App source={source} />, 120, 30);
    let f = await type(ui, `${'j'.repeat(index)}\r`, /message 1\//);
    assert.doesNotMatch(f, /│ To: /);
    f = await type(ui, 'h', /Subject: \[PATCH\] KVM/);
    const rows = visibleLines(f).join('\n');
    assert.match(rows, /To: linux-arm-kernel@lists\.infradead\.org, kvmarm@lists\.cs\.columbia\.edu/);
    assert.match(rows, /Cc: kernel-team@android\.com, Catalin Marinas/);
    assert.match(rows, /Date: 2021-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}/);
    ui.unmount();
  } finally {
    db.close();
  }
});
