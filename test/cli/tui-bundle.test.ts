/**
 * `npm run build` bundles the tui command (scripts/bundle-tui.ts): the built file holds the UI,
 * React and ink itself, so Node does not resolve and compile ink's ~500 modules before the first
 * frame, and it imports our other modules from where tsc put them, so their import.meta.url
 * (cache versions, data/, workers) and their classes (UserError) stay the ones the CLI knows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { builtinModules } from 'node:module';
import { cli, ensureBuilt, mainJs } from './run-cli.js';
import { seeds, tempDir } from '../import/corpus.js';

const tuiJs = path.join(path.dirname(mainJs), 'commands', 'tui.js');

it('the built tui command holds ink and React itself and imports only Node, better-sqlite3 and our own built files', () => {
  ensureBuilt();
  const text = fs.readFileSync(tuiJs, 'utf8');
  const specifiers = [...text.matchAll(/\bfrom\s*"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)/g)].map((m) => ({
    name: m[1] ?? m[2] ?? '',
    dynamic: m[2] !== undefined,
  }));
  assert.ok(specifiers.length > 0);
  const builtins = new Set(builtinModules);
  for (const { name, dynamic } of specifiers) {
    if (name.startsWith('node:') || builtins.has(name)) continue;
    if (name.startsWith('.')) {
      const target = path.resolve(path.dirname(tuiJs), name);
      assert.ok(fs.existsSync(target), `${name} does not exist beside the bundle`);
      assert.ok(!target.includes(`${path.sep}ui${path.sep}`), `${name}: the UI belongs inside the bundle`);
      continue;
    }
    // ink's React DevTools hook, imported only under DEV=true.
    if (name === 'react-devtools-core' && dynamic) continue;
    assert.equal(name, 'better-sqlite3', `the bundle imports the package ${name} instead of holding it`);
  }
});

it('the bundled command runs: without a terminal it prints the thread list of the seeds once', () => {
  ensureBuilt();
  const db = path.join(tempDir('bundle'), 't.db');
  assert.equal(cli(['import', seeds, '--db', db]).code, 0);
  const r = cli(['tui', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, / Threadlab +\d+ threads · \d+ messages/);
  assert.match(r.stdout, /iommufd: Flush CPU caches/);
});
