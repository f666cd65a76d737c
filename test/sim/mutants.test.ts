/**
 * A differential test is only as good as the mutants it kills. Each mutant
 * below removes one safety check, one rule condition or one flush from one
 * engine (or from the frame rules both share); it is applied to a copy of
 * src/sim and the kill suite of oracle.ts (the lockstep of the two engines,
 * then the witness verdicts) must fail on that copy. A mutant whose text is no
 * longer in its file fails too, so the list cannot silently go stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Mutant {
  file: string;
  find: string;
  replace: string;
  what: string;
  ci: boolean;
}

const M = (file: string, what: string, find: string, replace = 'void 0;'): Mutant => ({
  file,
  what,
  find,
  replace,
  ci: false,
});
/** One of the few mutants `npm test` runs; `npm run test:mutants` runs them all (about a second of CPU each). */
const CI = (m: Mutant): Mutant => ({ ...m, ci: true });

export const MUTANTS: Mutant[] = [
  // --- the compact engine (the checker's) ---
  M('compact/ops.ts', 'S1 check', 'if (ns && frameLeaksOnNoSnoopRead(f)) m.violated |= V_S1;'),
  CI(M('compact/ops.ts', 'S3 check: device reaches an unpinned page', 'm.violated |= V_S3; // not pinned')),
  M(
    'compact/ops.ts',
    'S3 check: stale IOTLB entry to a released page',
    'm.violated |= V_S3; // through a stale IOTLB entry',
  ),
  M('compact/ops.ts', 'B1 check', 'm.violated |= V_B1;'),
  M(
    'compact/iopt.ts',
    'a new area takes its place in the IOVA order (not always the top)',
    'const ao = areaAt(L, ioas, at);',
    'const ao = areaAt(L, ioas, a);',
  ),
  M('compact/iopt.ts', 'S2 check', 'if (frameUnstableForHost(f)) this.violated |= V_S2;'),
  M('compact/iopt.ts', 'B2 check', 'this.violated |= V_B2;'),
  M('compact/iopt.ts', 'B3 check', 'this.violated |= V_B3;'),
  CI(
    M(
      'compact/iopt.ts',
      'an unmap from a No-Snoop domain opens a window before its IOTLB sync',
      'if (opensWindow(bits)) {',
      'if (false) {',
    ),
  ),
  M(
    'compact/iopt.ts',
    'the window keeps the IOTLB entries',
    'this.markStale(ioas, d, pid, rangeMask(st, len)); // the entries the device may still use in the window',
  ),
  M(
    'compact/iopt.ts',
    "the sync ends the window's IOTLB entries",
    'if (!this.deferSync) this.clearStale(ioas, d, s[ao] ?? 0, rangeMask(s[ao + 1] ?? 0, s[ao + 2] ?? 0));',
  ),
  M('compact/iopt.ts', 'the sync continues the unmap', 'this.unmapAfter(ioas, d);'),
  M(
    'compact/ops.ts',
    'no other ioctl while an unmap waits for its sync',
    'const idle = busy < 0;',
    'const idle = true;',
  ),
  M(
    'compact/ops.ts',
    'no DMA through a mapping the unmap has cleared',
    'if (!idle && !m.stillMapped(i, a, d)) continue;',
  ),
  M('compact/iopt.ts', 'type1: the last domain takes every vfio_dma with it', 's[ioAt(L, ioas) + 1] = 0;'),
  M(
    'compact/ops.ts',
    'the coherency upgrade makes the hwpt coherent',
    's[o] = ((s[o] ?? 0) & ~(D_COHERENT | D_NOSNOOP)) | D_COHERENT;',
  ),
  CI(
    M(
      'compact/iopt.ts',
      'fill source filter',
      'if (r.sourceMask !== 0 && ((r.sourceMask >> (this.src[k] ?? 0)) & 1) === 0) continue;',
    ),
  ),
  M(
    'compact/iopt.ts',
    'fill source-area-flag filter',
    'if (fo < 0 || ((((s[fo + 4] ?? 0) >> r.areaFlag.bit) & 1) === 1) !== r.areaFlag.is) continue;',
  ),
  M('compact/iopt.ts', 'fill flush', 'this.flushFrame(off + k);'),
  M('compact/iopt.ts', 'flush of every pinned PFN', 'this.flushPinned(pid);'),
  M('compact/iopt.ts', 'unfill / iotlb-sync / unpin flush', 'this.flushMask(pid, this.fMask);'),
  M('compact/iopt.ts', 'stale entries marked released at unpin', 'this.releaseStale(off + i);'),
  M(
    'compact/iopt.ts',
    'stale entries left by a deferred sync',
    'if (this.deferSync) this.markStale(ioas, d, pid, rangeMask(st, len));',
  ),
  M(
    'compact/rules.ts',
    'rule condition: path',
    'if (r.pathMask !== 0 && (c.path < 0 || ((r.pathMask >> c.path) & 1) === 0)) return false;',
  ),
  M('compact/rules.ts', 'rule condition: domain coherency', 'if (r.domain >= 0 && c.nc !== r.domain) return false;'),
  M('compact/rules.ts', 'rule condition: counter gt', 'if (t.gt !== undefined && !(v > t.gt)) return false;'),
  CI(M('compact/rules.ts', 'rule condition: counter eq', 'if (t.eq !== undefined && v !== t.eq) return false;')),
  M('compact/rules.ts', 'rule condition: counter lt', 'if (t.lt !== undefined && !(v < t.lt)) return false;'),
  M('compact/rules.ts', 'rule condition: flag', 'if ((((s[at] ?? 0) >> f.bit) & 1) !== (f.is ? 1 : 0)) return false;'),
  M('compact/rules.ts', 'rule action: flush', 'if (a.kind === 0) f.flush(r, a.pinned);', 'if (a.kind === 0) continue;'),
  M(
    'compact/rules.ts',
    'rule action: set a flag',
    's[at] = on ? (s[at] ?? 0) | (1 << a.bit) : (s[at] ?? 0) & ~(1 << a.bit);',
  ),
  M('compact/rules.ts', 'rule action: add to a counter', 's[at] = v;'),
  M('compact/rules.ts', 'rule condition: the pages counter', 'v = s[c.pages + 4] ?? 0;', 'v = 0;'),
  M('compact/rules.ts', 'rule action: add by the non-coherent domains', 'a.perNc * c.nNc', 'a.perNc'),
  // --- the World model (the workloads') ---
  M('model/ops.ts', 'S1 check', "w.violate('S1',", "void ('S1',"),
  M(
    'model/ops.ts',
    'S3 check: device reaches an unpinned page',
    "if (v === 0) w.violate('S3',",
    "if (v === 0) void ('S3',",
  ),
  M(
    'model/ops.ts',
    'S3 check: stale IOTLB entry to a released page',
    "if (v === STALE_RELEASED) w.violate('S3',",
    "if (v === STALE_RELEASED) void ('S3',",
  ),
  CI(M('model/ops.ts', 'B1 check', "w.violate('B1',", "void ('B1',")),
  M('model/pfns.ts', 'S2 check', "w.violate('S2',", "void ('S2',"),
  M(
    'model/pfns.ts',
    'stale entries marked released at unpin',
    'entries.apply(fs, fs + fl, (v) => (v === STALE_ENTRY ? STALE_RELEASED : v));',
  ),
  M(
    'model/iopt.ts',
    'a new area takes its place in the IOVA order (not always the top)',
    'ioas.areas.splice(order, 0, area);',
    'ioas.areas.push(area);',
  ),
  M(
    'model/iopt.ts',
    'an unmap from a No-Snoop domain opens a window before its IOTLB sync',
    'if (w.phases && !domain.coherent && domain.noSnoop) {',
    'if (false) {',
  ),
  M(
    'model/iopt.ts',
    "the sync ends the window's IOTLB entries",
    'if (!w.policy.deferSync) clearStale(w, a.area, d.domain);',
  ),
  M('model/iopt.ts', 'the sync continues the unmap', 'unmapAfter(w, a.ioas, a.area, d.index);'),
  M('universe.ts', 'no DMA through a mapping the unmap has cleared', 'if (!mappedDuringUnmap(w, ioas, a, di)) return;'),
  M('model/ops.ts', 'the coherency upgrade makes the hwpt coherent', 'd.domain.coherent = true;'),
  M('model/iopt.ts', 'type1: the last domain takes every vfio_dma with it', 'ioas.areas = [];'),
  M('model/iopt.ts', 'B2 check', "w.violate('B2',", "void ('B2',"),
  M('model/iopt.ts', 'fill source filter', 'if (want !== undefined && !want.includes(x.source)) continue;'),
  M(
    'model/iopt.ts',
    'fill source-area-flag filter',
    'if (x.from === null || (((x.from.area.flags >> bit) & 1) === 1) !== flag.is) continue;',
  ),
  M('model/iopt.ts', 'fill flush', 'flushPagesRange(w, area.pages, x.s, x.e);'),
  M(
    'model/iopt.ts',
    'fill flush of every pinned PFN',
    "if (a.flush === 'pinned') return flushPinned(w, area.pages);",
    "if (a.flush === 'pinned') return;",
  ),
  M('model/iopt.ts', 'unfill / iotlb-sync flush', 'else flushPagesRange(w, pagesId, s, e);', 'else void 0;'),
  CI(M('model/iopt.ts', 'unpin flush', 'for (const [rs, l] of todo) flushPagesRange(w, pagesId, rs, rs + l);')),
  M('model/iopt.ts', 'stale entries left by a deferred sync', 'if (w.policy.deferSync) markStale(w, area, domain);'),
  M(
    'model/hooks.ts',
    'rule condition: path',
    'if (c.path !== undefined && (ctx.path === null || !c.path.includes(ctx.path))) return false;',
  ),
  M(
    'model/hooks.ts',
    'rule condition: domain coherency',
    "if (c.domain !== undefined && (ctx.domainNoncoherent === null || ctx.domainNoncoherent !== (c.domain === 'noncoherent'))) return false;",
  ),
  M('model/hooks.ts', 'rule condition: counter gt', 'if (t.gt !== undefined && !(v > t.gt)) return false;'),
  M('model/hooks.ts', 'rule condition: counter eq', 'if (t.eq !== undefined && v !== t.eq) return false;'),
  M('model/hooks.ts', 'rule condition: counter lt', 'if (t.lt !== undefined && !(v < t.lt)) return false;'),
  CI(M('model/hooks.ts', 'rule condition: flag', 'if (((bits >> bit) & 1) !== (f.is ? 1 : 0)) return false;')),
  M('model/hooks.ts', 'rule action: flush', "if ('flush' in a) flush(rule, a);", "if ('flush' in a) continue;"),
  M('model/hooks.ts', 'B3 check', "if (v < 0) w.violate('B3',", "if (v < 0) void ('B3',"),
  M('model/hooks.ts', 'rule action: add to the pages counter', 'ctx.pages.counter += by;'),
  M(
    'model/hooks.ts',
    'B3 check: the pages counter',
    'if (ctx.pages.counter < 0) w.violate(',
    'if (ctx.pages.counter < 0) void (',
  ),
  // --- the frame rules both engines share: only the witnesses can catch these ---
  M(
    'frame.ts',
    'S1: what a No-Snoop read leaks',
    'export const frameLeaksOnNoSnoopRead = (f: number): boolean => (f & MEM_OLD) !== 0;',
    'export const frameLeaksOnNoSnoopRead = (f: number): boolean => f < 0;',
  ),
  CI(
    M(
      'frame.ts',
      'S2: what is unstable for the host',
      'export const frameUnstableForHost = (f: number): boolean => cacheOf(f) === CACHE_CLEAN && (f & STALE) !== 0;',
      'export const frameUnstableForHost = (f: number): boolean => f < 0;',
    ),
  ),
  M(
    'frame.ts',
    'a No-Snoop write under a clean line',
    'return cacheOf(f) === CACHE_CLEAN ? f | STALE : f;',
    'return f;',
  ),
  M(
    'frame.ts',
    'a flush drops the line',
    'export const frameFlushed = (f: number): number => withData(f, CACHE_INVALID);',
    'export const frameFlushed = (f: number): number => f;',
  ),
];

const SIM = path.resolve('src', 'sim');

function occurrences(text: string, find: string): number {
  let n = 0;
  for (let at = text.indexOf(find); at >= 0; at = text.indexOf(find, at + 1)) n++;
  return n;
}

/** A copy of src/sim (and what it imports) with one mutant applied, and the oracle beside it. */
function mutatedCopy(m: Mutant): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'threadlab-mutant-'));
  fs.cpSync(SIM, path.join(root, 'src', 'sim'), { recursive: true });
  fs.copyFileSync(path.resolve('src', 'errors.ts'), path.join(root, 'src', 'errors.ts'));
  fs.mkdirSync(path.join(root, 'test', 'sim'), { recursive: true });
  fs.copyFileSync(path.resolve('test', 'sim', 'oracle.ts'), path.join(root, 'test', 'sim', 'oracle.ts'));
  fs.copyFileSync(path.resolve('package.json'), path.join(root, 'package.json'));
  fs.symlinkSync(path.resolve('data'), path.join(root, 'data'));
  fs.symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
  const file = path.join(root, 'src', 'sim', m.file);
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, text.replace(m.find, m.replace));
  return root;
}

test('every mutant names text that occurs exactly once in its file', () => {
  for (const m of MUTANTS)
    assert.equal(occurrences(fs.readFileSync(path.join(SIM, m.file), 'utf8'), m.find), 1, `${m.file}: ${m.what}`);
});

const ALL = process.env['THREADLAB_MUTANTS'] === 'all';

test(`removing any single safety check, rule condition or flush from either engine fails the kill suite (${ALL ? 'every mutant' : 'the CI sample; npm run test:mutants for all'})`, async () => {
  const survivors: string[] = [];
  for (const m of MUTANTS.filter((x) => ALL || x.ci)) {
    const root = mutatedCopy(m);
    try {
      const oracle = (await import(pathToFileURL(path.join(root, 'test', 'sim', 'oracle.ts')).href)) as {
        firstFailure: () => string | null;
      };
      let failure: string | null;
      try {
        failure = oracle.firstFailure();
      } catch (err) {
        failure = String(err);
      }
      if (failure === null) survivors.push(`${m.file}: ${m.what}`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
  assert.deepEqual(survivors, [], `mutants the suite did not kill:\n${survivors.join('\n')}`);
});
