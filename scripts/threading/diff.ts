/**
 * Two threadings of the same mail compared: which messages changed thread.
 *
 * Thread ids are not comparable across threadings (an id is its root's key, and the root
 * may change), so threads are paired by their members: an old thread's successor is the new
 * thread holding most of its messages, a new thread's predecessor the old thread giving it
 * most. A message stayed when its old and new threads are each other's partner; otherwise it
 * moved (it split off, or joined another thread). Two threads merged: the smaller one's
 * messages moved. A message that kept its thread but got another parent is counted apart.
 */
import type { Placement } from '../../src/store/index.js';

/** One input set threaded by one revision (what a snapshot file holds per set). */
export interface SetThreading {
  readonly name: string;
  readonly inputs: readonly string[];
  /** From the import summary: its wall time and how many warnings it gave. */
  readonly summary: { readonly seconds: number; readonly warnings: number };
  readonly messages: readonly Placement[];
  readonly threads: Readonly<Record<string, string>>;
  readonly fragments: readonly string[];
  readonly merged: number;
  readonly ghosts: number;
}

export interface Snapshot {
  readonly version: 1;
  /** What was threaded: a commit, or the working tree on top of one. */
  readonly label: string;
  readonly sets: readonly SetThreading[];
}

export interface Counts {
  /** Threads the lists show (quote fragments left out), as the import summary counts them. */
  readonly threads: number;
  readonly fragments: number;
  readonly messages: number;
  readonly voices: number;
  readonly merged: number;
  readonly ghosts: number;
  readonly seconds: number;
  readonly warnings: number;
}

export interface Move {
  readonly key: string;
  readonly subject: string;
  readonly from: string | null;
  readonly voice: boolean;
}

/** Messages that went from one thread to another (the threads named by id, subject, size). */
export interface MoveGroup {
  readonly before: { readonly id: string; readonly subject: string; readonly size: number };
  readonly after: { readonly id: string; readonly subject: string; readonly size: number };
  readonly messages: readonly Move[];
}

export interface SetDiff {
  readonly name: string;
  readonly before: Counts;
  readonly after: Counts;
  readonly moved: number;
  readonly movedVoices: number;
  readonly groups: readonly MoveGroup[];
  /** Same thread, another parent. */
  readonly reparented: number;
  /** Keys only one side holds (a voice recovered by one threading only, a rename). */
  readonly onlyBefore: number;
  readonly onlyAfter: number;
}

export function counts(s: SetThreading): Counts {
  const voices = s.messages.filter((m) => m.voice).length;
  return {
    threads: Object.keys(s.threads).length - s.fragments.length,
    fragments: s.fragments.length,
    messages: s.messages.length - voices,
    voices,
    merged: s.merged,
    ghosts: s.ghosts,
    seconds: s.summary.seconds,
    warnings: s.summary.warnings,
  };
}

/** For each thread of one side, the other side's thread holding most of its messages. */
function partners(
  common: readonly string[],
  from: ReadonlyMap<string, string>,
  to: ReadonlyMap<string, string>,
): Map<string, string> {
  const overlap = new Map<string, Map<string, number>>();
  for (const key of common) {
    const f = from.get(key) ?? key;
    const t = to.get(key) ?? key;
    let row = overlap.get(f);
    if (row === undefined) overlap.set(f, (row = new Map()));
    row.set(t, (row.get(t) ?? 0) + 1);
  }
  const best = new Map<string, string>();
  for (const [f, row] of overlap) {
    let pick: [string, number] | null = null;
    // Ties go to the smaller id, so the pairing does not depend on the order rows were read.
    for (const [t, n] of row) if (pick === null || n > pick[1] || (n === pick[1] && t < pick[0])) pick = [t, n];
    if (pick !== null) best.set(f, pick[0]);
  }
  return best;
}

export function diffSet(a: SetThreading, b: SetThreading): SetDiff {
  const byKeyA = new Map(a.messages.map((m) => [m.key, m]));
  const byKeyB = new Map(b.messages.map((m) => [m.key, m]));
  const common = a.messages.map((m) => m.key).filter((k) => byKeyB.has(k));
  const threadA = new Map(a.messages.map((m) => [m.key, m.thread]));
  const threadB = new Map(b.messages.map((m) => [m.key, m.thread]));
  const successor = partners(common, threadA, threadB);
  const predecessor = partners(common, threadB, threadA);
  const sizeA = tally(a.messages);
  const sizeB = tally(b.messages);
  const groups = new Map<string, { before: string; after: string; messages: Move[] }>();
  let reparented = 0;
  let movedVoices = 0;
  for (const key of common) {
    const ma = byKeyA.get(key);
    const mb = byKeyB.get(key);
    if (ma === undefined || mb === undefined) continue;
    if (successor.get(ma.thread) === mb.thread && predecessor.get(mb.thread) === ma.thread) {
      if (ma.parent !== mb.parent) reparented++;
      continue;
    }
    if (mb.voice) movedVoices++;
    const id = `${ma.thread}\u0000${mb.thread}`;
    let g = groups.get(id);
    if (g === undefined) groups.set(id, (g = { before: ma.thread, after: mb.thread, messages: [] }));
    g.messages.push({ key, subject: mb.subject, from: mb.from, voice: mb.voice });
  }
  const named = (t: Readonly<Record<string, string>>, sizes: ReadonlyMap<string, number>, id: string) => ({
    id,
    subject: t[id] ?? '',
    size: sizes.get(id) ?? 0,
  });
  const list = [...groups.values()]
    .map((g) => ({
      before: named(a.threads, sizeA, g.before),
      after: named(b.threads, sizeB, g.after),
      messages: g.messages,
    }))
    .sort((x, y) => y.messages.length - x.messages.length || x.before.id.localeCompare(y.before.id));
  return {
    name: a.name,
    before: counts(a),
    after: counts(b),
    moved: list.reduce((n, g) => n + g.messages.length, 0),
    movedVoices,
    groups: list,
    reparented,
    onlyBefore: a.messages.length - common.length,
    onlyAfter: b.messages.filter((m) => !byKeyA.has(m.key)).length,
  };
}

function tally(messages: readonly Placement[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const m of messages) n.set(m.thread, (n.get(m.thread) ?? 0) + 1);
  return n;
}

/** The sets both snapshots threaded, compared. */
export function diffSnapshots(a: Snapshot, b: Snapshot): SetDiff[] {
  return a.sets.flatMap((sa) => {
    const sb = b.sets.find((s) => s.name === sa.name);
    return sb === undefined ? [] : [diffSet(sa, sb)];
  });
}

/** The report a reader scans: the counts side by side, then each move group with its messages. */
export function formatDiff(d: SetDiff, limit: number): string {
  const rows: [string, keyof Counts][] = [
    ['threads (listed)', 'threads'],
    ['quote fragments', 'fragments'],
    ['messages', 'messages'],
    ['recovered voices', 'voices'],
    ['voices merged into mail', 'merged'],
    ['ghosts', 'ghosts'],
    ['warnings', 'warnings'],
    ['import seconds', 'seconds'],
  ];
  const out = [`${d.name}`, `  ${''.padEnd(24)}${'before'.padStart(10)}${'after'.padStart(10)}`];
  for (const [label, k] of rows) {
    const change = d.after[k] - d.before[k];
    const mark = k === 'seconds' || change === 0 ? '' : `  (${change > 0 ? '+' : ''}${change})`;
    const show = (v: number): string => (k === 'seconds' ? v.toFixed(1) : String(v));
    out.push(`  ${label.padEnd(24)}${show(d.before[k]).padStart(10)}${show(d.after[k]).padStart(10)}${mark}`);
  }
  out.push(
    `  changed thread: ${d.moved} (${d.moved - d.movedVoices} mail, ${d.movedVoices} voices) in ${d.groups.length} group(s); ` +
      `same thread, other parent: ${d.reparented}; only before: ${d.onlyBefore}; only after: ${d.onlyAfter}`,
  );
  let shown = 0;
  for (const g of d.groups) {
    if (shown >= limit) break;
    out.push(
      `  [${g.before.size}] ${g.before.subject || g.before.id}  ->  [${g.after.size}] ${g.after.subject || g.after.id}`,
    );
    for (const m of g.messages) {
      if (shown >= limit) break;
      out.push(`      ${m.voice ? 'voice ' : ''}${m.key}  ${m.from ?? '?'}: ${m.subject}`);
      shown++;
    }
  }
  if (d.moved > shown) out.push(`  ... and ${d.moved - shown} more (--limit N, or --json for all)`);
  return out.join('\n');
}

/** A single threading's counts, when there is nothing to compare with. */
export function formatCounts(s: SetThreading): string {
  const c = counts(s);
  return (
    `${s.name}: ${c.threads} threads (+${c.fragments} quote fragments), ${c.messages} messages, ` +
    `${c.voices} recovered voices (${c.merged} merged into mail), ${c.ghosts} ghosts, ${c.warnings} warnings, ` +
    `import ${c.seconds.toFixed(1)} s`
  );
}
