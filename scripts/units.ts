/**
 * `node dist/scripts/units.js THREAD.mbox [--out DIR]`
 *
 * Lists the units (own sentences) of the threads in one mbox, for labelling:
 * DIR/SLUG.jsonl (one object per unit: m, u, t, who, k: null) and DIR/SLUG.txt
 * (each message with the quote above each paragraph). DIR defaults to
 * data/corpus/units. Imports through the real import path into a temporary
 * database; runs no classifier (labels are made before any extractor output).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadUnits, type Unit } from '../src/extract/units.js';
import type { StoredThread } from '../src/store/types.js';
import { repoRoot, withImportedThreads } from './eval/run.js';

export interface DumpedThread {
  readonly thread: StoredThread;
  readonly units: readonly Unit[];
  /** Prefix of unit ids when the file holds several threads ("2:" for the second). */
  readonly prefix: string;
}

/** The threads of one input file with their units, through a temporary database. */
export async function unitsOfFile(file: string): Promise<DumpedThread[]> {
  return (await unitsOfFiles([file])).get(file) ?? [];
}

/**
 * The threads of several input files, imported together into one temporary database (one import
 * costs less than many); each thread goes to the file its first message came from.
 */
export async function unitsOfFiles(files: readonly string[]): Promise<Map<string, DumpedThread[]>> {
  return withImportedThreads(files, (all) => {
    const threads = all.filter((t) => t.messages.some((m) => !m.ghost));
    // Biggest thread first: a stray fragment of the file comes after the thread it was cut from.
    threads.sort((a, b) => b.messages.length - a.messages.length || a.id.localeCompare(b.id));
    const out = new Map<string, DumpedThread[]>(files.map((f) => [f, []]));
    for (const thread of threads) {
      const from = thread.messages.find((m) => !m.ghost)?.source.file;
      const file = files.find((f) => from !== undefined && path.resolve(from) === path.resolve(f));
      if (file === undefined) continue;
      const list = out.get(file) ?? [];
      list.push({ thread, units: threadUnits(thread), prefix: list.length === 0 ? '' : `${list.length + 1}:` });
      out.set(file, list);
    }
    return out;
  });
}

const bare = (id: string | null): string => (id === null ? '' : `<${id}>`);
const quoteLines = (text: string, max: number): string[] => {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return (lines.length > max ? ['...', ...lines.slice(-max)] : lines).map((l) => `      > ${l}`);
};

function render(dumped: readonly DumpedThread[]): { jsonl: string; txt: string } {
  const json: string[] = [];
  const txt: string[] = [];
  for (const { thread, units, prefix } of dumped) {
    const numbered = thread.messages.filter((m) => !m.ghost && m.body.trim() !== '');
    const noOf = new Map(numbered.map((m, i) => [m.key, i + 1]));
    txt.push(`######## thread ${prefix || '1:'} ${thread.subject}`);
    const byMessage = new Map<number, Unit[]>();
    for (const u of units) byMessage.set(u.messageNo, [...(byMessage.get(u.messageNo) ?? []), u]);
    for (const [i, m] of numbered.entries()) {
      const no = i + 1;
      const parent = m.parent === null ? null : noOf.get(m.parent);
      txt.push(
        '',
        `== M${prefix}${no} ${bare(m.messageId)} | ${m.author.name ?? m.author.email ?? '?'} | ${m.date ?? '?'} | ${m.subject}${parent === undefined || parent === null ? '' : ` | reply to M${prefix}${parent}`}${m.reconstructed ? ' | (voice recovered from quotes)' : ''}`,
      );
      let lastPassage: unknown = null;
      for (const u of (byMessage.get(no) ?? []).sort((a, b) => a.inMessage - b.inMessage)) {
        if (u.passage !== lastPassage && u.inPassage === 0 && u.above !== null) {
          txt.push(
            `    [quoted${u.above.voice === null ? '' : `: ${u.above.voice}`}${u.hunk === null ? '' : ` | diff hunk ${u.hunk.file ?? ''} ${u.hunk.header ?? ''}`}]`,
            ...quoteLines(u.above.text, 4),
          );
        }
        lastPassage = u.passage;
        const marks = [
          u.depth > 0 ? `quoted voice: ${u.author ?? 'unknown'}` : '',
          u.listItem ? 'list item' : '',
          u.ownDiff ? 'own diff' : '',
        ].filter((s) => s !== '');
        txt.push(`  [${prefix}${u.id}]${marks.length > 0 ? ` (${marks.join('; ')})` : ''} ${u.text}`);
        json.push(
          JSON.stringify({
            m: bare(u.message.messageId) || u.message.key,
            u: `${prefix}${u.id}`,
            t: u.text,
            who: u.author,
            k: null,
          }),
        );
      }
    }
    txt.push('');
  }
  return { jsonl: `${json.join('\n')}\n`, txt: `${txt.join('\n')}\n` };
}

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--'));
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? path.resolve(argv[outAt + 1] ?? '.') : path.join(repoRoot(), 'data', 'corpus', 'units');
  if (file === undefined) {
    process.stderr.write('usage: node dist/scripts/units.js THREAD.mbox [--out DIR]\n');
    return 2;
  }
  const slug = path.basename(file).replace(/\.(?:mbox|txt|eml)(?:\.gz|\.xz)?$/, '');
  const dumped = await unitsOfFile(path.resolve(file));
  fs.mkdirSync(out, { recursive: true });
  const { jsonl, txt } = render(dumped);
  fs.writeFileSync(path.join(out, `${slug}.jsonl`), jsonl);
  fs.writeFileSync(path.join(out, `${slug}.txt`), txt);
  const n = dumped.reduce((k, d) => k + d.units.length, 0);
  process.stdout.write(
    `${slug}: ${dumped.length} thread(s), ${dumped.reduce((k, d) => k + d.thread.messages.length, 0)} messages, ${n} units -> ${path.join(out, `${slug}.{jsonl,txt}`)}\n`,
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`units: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
