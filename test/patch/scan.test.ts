/**
 * scanDiffs on its own, one hard case at a time: what starts a diff in a mail body, where a hunk
 * ends, and what git's extended headers say. The corpus-wide checks are in diff.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDiffs } from '../../src/patch/diff.js';
import type { PatchFile } from '../../src/patch/types.js';

const scan = (body: string) => scanDiffs(body.split('\n'));
/** The indices of the lines the scan says belong to a diff. */
const diffLines = (body: string): number[] => [...scan(body).diffLines].flatMap((x, i) => (x ? [i] : []));
const hunk = (
  header: string,
  oldStart: number,
  oldLines: number,
  newStart: number,
  newLines: number,
  added: number,
  deleted: number,
) => {
  const section = /@@ .* @@ (.+)$/.exec(header)?.[1] ?? null;
  return { header, section, oldStart, oldLines, newStart, newLines, added, deleted };
};
const file = (path: string, hunks: PatchFile['hunks'], extra: Partial<PatchFile> = {}): PatchFile => ({
  path,
  oldPath: null,
  added: hunks.reduce((n, h) => n + h.added, 0),
  deleted: hunks.reduce((n, h) => n + h.deleted, 0),
  hunks,
  ...extra,
});

describe('scanDiffs', () => {
  it("ends a hunk when its header's line counts are spent, so the signature after it is no deleted line", () => {
    const body =
      'Fix it.\n\ndiff --git a/mm/x.c b/mm/x.c\nindex 1111111..2222222 100644\n--- a/mm/x.c\n+++ b/mm/x.c\n' +
      '@@ -10,3 +10,3 @@ static int f(void)\n a\n-b\n+c\n\n-- \n2.40.0\n';
    assert.deepEqual(scan(body).files, [
      file('mm/x.c', [hunk('@@ -10,3 +10,3 @@ static int f(void)', 10, 3, 10, 3, 1, 1)]),
    ]);
    assert.deepEqual(diffLines(body), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(scan(body).firstLine, 2);
  });

  it('starts no diff on quoted lines: "> +foo" is review context', () => {
    const body =
      '> diff --git a/mm/x.c b/mm/x.c\n> --- a/mm/x.c\n> +++ b/mm/x.c\n> @@ -1,1 +1,1 @@\n> -a\n> +b\n\nLooks fine.\n';
    assert.deepEqual(scan(body).files, []);
    assert.equal(scan(body).firstLine, -1);
  });

  it('needs a hunk after "---" and "+++" lines that have no "diff" line above them', () => {
    assert.deepEqual(scan('--- a/x.c is where it is\n+++ b/x.c and more\nno hunk follows\n').files, []);
    assert.deepEqual(scan('Try this:\n\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n').files, [
      file('x.c', [hunk('@@ -1 +1 @@', 1, 1, 1, 1, 1, 1)]),
    ]);
  });

  it('counts an empty line inside a hunk as context (mailers strip the blank of " ")', () => {
    const body = 'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n';
    assert.deepEqual(scan(body).files, [file('x.c', [hunk('@@ -1,3 +1,3 @@', 1, 3, 1, 3, 1, 1)])]);
  });

  it('reports a hunk a mailer cut short, with the lines missing on each side, and keeps what it has', () => {
    const r = scan('diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,4 +1,5 @@\n a\n-b\n+c\nThanks for looking.\n');
    assert.deepEqual(r.files, [file('x.c', [hunk('@@ -1,4 +1,5 @@', 1, 4, 1, 5, 1, 1)])]);
    assert.deepEqual(r.problems, [
      `hunk "@@ -1,4 +1,5 @@" in x.c ends short of its header's counts (2 old and 3 new line(s) missing)`,
    ]);
  });

  it('keeps "\\ No newline at end of file" inside the diff without counting it', () => {
    const body =
      'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n';
    assert.deepEqual(scan(body).files, [file('x.c', [hunk('@@ -1 +1 @@', 1, 1, 1, 1, 1, 1)])]);
    assert.deepEqual(diffLines(body), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads several files and hunks, and a hunk header without counts', () => {
    const body =
      'diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,1 +1,1 @@\n-a\n+b\n@@ -20,1 +20,2 @@ struct s {\n c\n+d\n' +
      'diff --git a/y.c b/y.c\n--- a/y.c\n+++ b/y.c\n@@ -5 +5 @@\n-e\n+f\n';
    assert.deepEqual(scan(body).files, [
      file('x.c', [
        hunk('@@ -1,1 +1,1 @@', 1, 1, 1, 1, 1, 1),
        hunk('@@ -20,1 +20,2 @@ struct s {', 20, 1, 20, 2, 1, 0),
      ]),
      file('y.c', [hunk('@@ -5 +5 @@', 5, 1, 5, 1, 1, 1)]),
    ]);
  });

  it("reads git's extended headers: new, deleted, renamed (with spaces in the names), mode-only", () => {
    assert.deepEqual(
      scan(
        'diff --git a/new.c b/new.c\nnew file mode 100644\nindex 0000000..3333333\n--- /dev/null\n+++ b/new.c\n@@ -0,0 +1,2 @@\n+one\n+two\n',
      ).files,
      [file('new.c', [hunk('@@ -0,0 +1,2 @@', 0, 0, 1, 2, 2, 0)], { status: 'added' })],
    );
    assert.deepEqual(
      scan(
        'diff --git a/gone.c b/gone.c\ndeleted file mode 100644\n--- a/gone.c\n+++ /dev/null\n@@ -1 +0,0 @@\n-only\n',
      ).files,
      [file('gone.c', [hunk('@@ -1 +0,0 @@', 1, 1, 0, 0, 0, 1)], { status: 'deleted' })],
    );
    assert.deepEqual(
      scan(
        'diff --git a/old name.c b/new name.c\nsimilarity index 100%\nrename from old name.c\nrename to new name.c\n',
      ).files,
      [file('new name.c', [], { oldPath: 'old name.c', status: 'renamed' })],
    );
    assert.deepEqual(scan('diff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\n').files, [file('s.sh', [])]);
  });

  it('reads binary files, with a "GIT binary patch" body or without', () => {
    const body =
      'diff --git a/logo.png b/logo.png\nindex 1111111..2222222 100644\nGIT binary patch\nliteral 5\nMcmZ?wbhEHbL\n\nliteral 0\nHcmV?d00001\n\n' +
      'diff --git a/b.bin b/b.bin\nBinary files a/b.bin and b/b.bin differ\nThat is all.\n';
    assert.deepEqual(scan(body).files, [file('logo.png', [], { binary: true }), file('b.bin', [], { binary: true })]);
    assert.deepEqual(diffLines(body), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('reads a "diff -urN" between two trees as patch -p1 would, timestamps dropped', () => {
    const body =
      'diff -urN linux.orig/mm/x.c linux/mm/x.c\n--- linux.orig/mm/x.c\t2009-03-18 15:33:07.000000000 +0800\n' +
      '+++ linux/mm/x.c\t2009-03-18 15:34:07.000000000 +0800\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n';
    assert.deepEqual(scan(body).files, [file('mm/x.c', [hunk('@@ -1,2 +1,2 @@', 1, 2, 1, 2, 1, 1)])]);
  });

  it('unquotes the C-style names git writes for unusual bytes', () => {
    const body =
      'diff --git "a/caf\\303\\251.c" "b/caf\\303\\251.c"\n--- "a/caf\\303\\251.c"\n+++ "b/caf\\303\\251.c"\n@@ -1 +1 @@\n-a\n+b\n';
    assert.deepEqual(
      scan(body).files.map((f) => f.path),
      ['café.c'],
    );
  });
});
