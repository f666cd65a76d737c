/**
 * The thread list's first frame needs nothing but the list: on the seeds imported by the
 * built CLI, it is drawn before extraction's language model is loaded (building it took
 * ~0.4 s of every start), and the model is still there when a thread's decisions need it.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { App } from '../../src/ui/app.js';
import { openStore, type Db } from '../../src/store/index.js';
import { storeSource } from '../../cli/tui-source.js';
import type { TuiSource } from '../../src/ui/types.js';
import { cli, ensureBuilt } from '../cli/run-cli.js';
import { seeds, tempDir } from '../import/corpus.js';
import { frameWhere, renderAt } from './frames.js';

let db: Db;
let source: TuiSource;
before(() => {
  ensureBuilt();
  const file = path.join(tempDir('first'), 't.db');
  const r = cli(['import', seeds, '--db', file]);
  assert.equal(r.code, 0, r.stderr);
  db = openStore(file, { mustExist: true });
  source = storeSource(db);
});
after(() => {
  source.sim?.close();
  db.close();
});

/** The CommonJS modules of wink-nlp and its English model this process has loaded. */
const winkModules = (): string[] =>
  Object.keys(createRequire(import.meta.url).cache).filter((f) => /[/\\]wink-(nlp|eng-lite-web-model)[/\\]/.test(f));

it("draws the thread list without loading wink-nlp's model, which the first extraction then loads", async () => {
  const ui = await renderAt(<App source={source} />, 80, 24);
  await frameWhere(ui, (f) => / threads · /.test(f), 'the thread list');
  assert.deepEqual(winkModules(), [], 'the language model was loaded for the first frame');
  ui.unmount();
  // Extraction (what `d` shows) reads sentences: the model comes in then, and answers as before.
  const { analyze } = await import('../../src/extract/nlp.js');
  assert.deepEqual(
    analyze('We could flush in iopt_area_unfill_domain(). Does that work?').map((s) => s.text),
    ['We could flush in iopt_area_unfill_domain().', 'Does that work?'],
  );
  assert.ok(winkModules().length > 0);
});
