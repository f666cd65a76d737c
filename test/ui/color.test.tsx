import './force-color.js';
import assert from 'node:assert/strict';
import { it } from 'node:test';
import React from 'react';
import { App } from '../../src/ui/app.js';
import { fixtureSource } from './fixture.js';
import { renderAt, type } from './frames.js';

const row = (frame: string, text: string): string => frame.split('\n').find((l) => l.includes(text)) ?? assert.fail(`no row with ${text}:\n${frame}`);

it('colours the diff: file headers, @@ hunk headers, added and removed lines', async () => {
  const ui = await renderAt(<App source={fixtureSource} />, 80, 24);
  await type(ui, '\r', /message 1\/5/);
  const f = await type(ui, ' ', /TABBED-TAIL/);
  assert.match(row(f, '+++ b/drivers'), /\x1b\[33m/, 'file header in yellow');
  assert.match(row(f, '@@ -10,6 +10,7 @@'), /\x1b\[36m/, 'hunk header in cyan');
  assert.match(row(f, 'return -EINVAL'), /\x1b\[32m/, 'added line in green');
  assert.match(row(f, 'if (!pages)'), /\x1b\[31m/, 'removed line in red');
  ui.unmount();
});
