/** A checker for the `export --json` shape of ../shared/design/CONTRACT.md; not a test file itself. */
import assert from 'node:assert/strict';

const isStrOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isInt = (v: unknown): boolean => Number.isInteger(v);

function obj(v: unknown, where: string): Record<string, unknown> {
  assert.ok(typeof v === 'object' && v !== null && !Array.isArray(v), `${where} is an object`);
  return v as Record<string, unknown>;
}

function arr(v: unknown, where: string): unknown[] {
  assert.ok(Array.isArray(v), `${where} is an array`);
  return v;
}

export function assertExportShape(doc: unknown): { threads: number; messages: number; patches: number } {
  const root = obj(doc, 'export');
  arr(root['items'], 'items');
  arr(root['options'], 'options');
  let messages = 0;
  let patches = 0;
  const threads = arr(root['threads'], 'threads');
  for (const [ti, tv] of threads.entries()) {
    const t = obj(tv, `threads[${ti}]`);
    assert.equal(typeof t['id'], 'string');
    assert.equal(typeof t['subject'], 'string');
    const msgs = arr(t['messages'], `threads[${ti}].messages`);
    assert.ok(msgs.length > 0, 'a thread has messages');
    const keys = new Set(msgs.map((m) => obj(m, 'message')['key']));
    assert.equal(keys.size, msgs.length, 'message keys are unique within a thread');
    for (const mv of msgs) {
      const m = obj(mv, 'message');
      const at = `thread ${String(t['id'])} message ${String(m['key'])}`;
      assert.equal(typeof m['key'], 'string', at);
      assert.ok(isStrOrNull(m['messageId']), at);
      assert.ok(m['parent'] === null || keys.has(m['parent']), `${at}: parent is a key in the thread`);
      const author = obj(m['author'], `${at} author`);
      assert.ok(isStrOrNull(author['name']) && isStrOrNull(author['email']), at);
      assert.ok(
        m['date'] === null ||
          (typeof m['date'] === 'string' &&
            /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(m['date'])),
        `${at}: ISO date with offset, got ${String(m['date'])}`,
      );
      assert.equal(typeof m['subject'], 'string', at);
      assert.equal(typeof m['reconstructed'], 'boolean', at);
      assert.ok(m['ghost'] === undefined || typeof m['ghost'] === 'boolean', at);
      const source = obj(m['source'], `${at} source`);
      assert.equal(typeof source['file'], 'string', at);
      assert.ok(source['offset'] === null || isInt(source['offset']), at);
      if (m['ghost'] !== true) messages++;
      if (m['patch'] !== null) {
        patches++;
        const p = obj(m['patch'], `${at} patch`);
        assert.ok(isInt(p['added']) && isInt(p['deleted']), at);
        for (const fv of arr(p['files'], `${at} files`)) {
          const f = obj(fv, 'file');
          assert.equal(typeof f['path'], 'string');
          assert.ok(isInt(f['added']) && isInt(f['deleted']));
          let added = 0;
          let deleted = 0;
          for (const hv of arr(f['hunks'], 'hunks')) {
            const h = obj(hv, 'hunk');
            assert.equal(typeof h['header'], 'string');
            assert.ok(isStrOrNull(h['section']));
            for (const k of ['oldStart', 'oldLines', 'newStart', 'newLines', 'added', 'deleted'])
              assert.ok(isInt(h[k]), `hunk ${k}`);
            added += Number(h['added']);
            deleted += Number(h['deleted']);
          }
          // README's contract table: a hunk's added/deleted are its changed lines, the file's their sum.
          assert.deepEqual(
            [added, deleted],
            [f['added'], f['deleted']],
            `${at} ${String(f['path'])}: hunk line counts`,
          );
        }
      }
    }
  }
  return { threads: threads.length, messages, patches };
}
