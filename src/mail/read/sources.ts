/**
 * readSources: every input path (files, folders, Maildirs, public-inbox
 * repos) as one stream of events. Content problems become warnings; only a
 * path that cannot be read at all is an error.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../errors.js';
import type { SourceFormat } from '../types.js';
import { detectWebDump, isWebDumpMail, parseWebDump, type WebDumpFormat } from '../webdump/index.js';
import { detectFileKind } from './detect.js';
import type { Progress, ReadEvent, ReadOptions } from './events.js';
import { MAX_MESSAGE_BYTES, warning } from './events.js';
import { splitMbox } from './mbox.js';
import { openBytes, readHead, sniffCompression } from './open.js';
import { epochSize, publicInboxEpochs, readEpoch } from './public-inbox.js';
import { joinPath, listFolder, pathName, resolveInput, startsWithDot, type InputPath } from './paths.js';

/**
 * Bound (memory, database size): warnings kept per input file. A small .gz of millions of
 * empty "From " lines gave 6,168,094 warnings (640 MB, a 548 MB database of warning rows).
 * Past the bound each kind of warning is counted, and the counts are one warning each at
 * the end of the file.
 */
export const MAX_WARNINGS_PER_FILE = 1000;
/** Bound (memory): kinds of warning counted past MAX_WARNINGS_PER_FILE; any others are counted together. */
const MAX_WARNING_KINDS = 50;

/** The events of one file with its warnings capped (MAX_WARNINGS_PER_FILE) and the rest summarised. */
async function* capWarnings(file: string, events: AsyncIterable<ReadEvent>): AsyncGenerator<ReadEvent> {
  let kept = 0;
  const more = new Map<string, number>();
  let other = 0;
  for await (const ev of events) {
    if (ev.kind !== 'warning' || kept < MAX_WARNINGS_PER_FILE) {
      if (ev.kind === 'warning') kept++;
      yield ev;
      continue;
    }
    const kind = ev.warning.message;
    if (more.has(kind) || more.size < MAX_WARNING_KINDS) more.set(kind, (more.get(kind) ?? 0) + 1);
    else other++;
  }
  for (const [message, n] of more)
    yield warning(
      file,
      null,
      `${n} more like this (past the first ${MAX_WARNINGS_PER_FILE} warnings of the file): ${message}`,
    );
  if (other > 0)
    yield warning(
      file,
      null,
      `${other} more warnings of other kinds (past the first ${MAX_WARNINGS_PER_FILE} of the file)`,
    );
}

/** Web dumps are whole pages of text; anything bigger is not one. */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;
const HEAD_BYTES = 64 * 1024;

type Unit =
  /** `inside`: found in a folder given (asked about with ReadOptions.known), not given itself. */
  | { kind: 'file'; open: InputPath; file: string; size: number; inside: boolean }
  | { kind: 'maildir'; dir: string; files: { file: string; size: number }[] }
  | { kind: 'epoch'; repo: string; size: number };

const unitSize = (u: Unit): number => (u.kind === 'maildir' ? u.files.reduce((s, f) => s + f.size, 0) : u.size);

async function isMaildir(dir: string): Promise<boolean> {
  const [cur, nw] = await Promise.all(
    ['cur', 'new'].map((d) =>
      stat(path.join(dir, d)).then(
        (s) => s.isDirectory(),
        () => false,
      ),
    ),
  );
  return cur === true && nw === true;
}

async function maildirFiles(dir: string): Promise<{ file: string; size: number }[]> {
  const out: { file: string; size: number }[] = [];
  for (const sub of ['cur', 'new']) {
    // Maildir names start with the delivery time: name order is arrival order
    const names = (await readdir(path.join(dir, sub)).catch(() => [] as string[]))
      .filter((n) => !n.startsWith('.'))
      .sort();
    for (const n of names) {
      const file = path.join(dir, sub, n);
      const s = await stat(file).catch(() => null);
      if (s?.isFile()) out.push({ file, size: s.size });
    }
  }
  return out;
}

/** Expand one input path into the units to read, depth first, names sorted. */
async function collect(p: InputPath, seen: Set<string>, out: Unit[], inside = false): Promise<void> {
  const real = await realpath(p, { encoding: 'buffer' }).catch(() => (typeof p === 'string' ? Buffer.from(p) : p));
  const seenAs = real.toString('latin1');
  if (seen.has(seenAs)) return; // symlink loops
  seen.add(seenAs);
  const s = await stat(p);
  if (s.isFile()) {
    out.push({ kind: 'file', open: p, file: pathName(p), size: s.size, inside });
    return;
  }
  if (!s.isDirectory()) return;
  // Maildirs and public-inbox repositories are found by their UTF-8 names; only plain folders hold other names.
  if (typeof p !== 'string') {
    for (const n of (await listFolder(p)).filter((x) => !startsWithDot(x)).sort(byBytes))
      await collect(joinPath(p, n), seen, out, true).catch(() => undefined);
    return;
  }
  if (await isMaildir(p)) {
    out.push({ kind: 'maildir', dir: p, files: await maildirFiles(p) });
    return;
  }
  const epochs = await publicInboxEpochs(p);
  if (epochs.length > 0) {
    for (const repo of epochs) out.push({ kind: 'epoch', repo, size: await epochSize(repo) });
    return;
  }
  const names = (await listFolder(p)).filter((n) => !startsWithDot(n)).sort(byBytes);
  for (const n of names) await collect(joinPath(p, n), seen, out, true).catch(() => undefined);
}

/** Name order as before for UTF-8 names (string order), with byte names among them by their shown form. */
function byBytes(a: InputPath, b: InputPath): number {
  const x = pathName(a);
  const y = pathName(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

async function readCapped(file: InputPath, size: number): Promise<Buffer> {
  if (size <= MAX_MESSAGE_BYTES) return readFile(file);
  const { open } = await import('node:fs/promises');
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(MAX_MESSAGE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, MAX_MESSAGE_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function* readMessageFile(
  open: InputPath,
  file: string,
  size: number,
  format: SourceFormat,
  progress: Progress,
): AsyncGenerator<ReadEvent> {
  const raw = await readCapped(open, size);
  progress.add(size);
  if (size > MAX_MESSAGE_BYTES)
    yield warning(file, 0, `message of ${size} bytes cut to its first ${MAX_MESSAGE_BYTES} bytes`);
  if (raw.length === 0 || /^\s*$/.test(raw.toString('latin1', 0, Math.min(raw.length, 4096)))) {
    if (raw.length < 4096) {
      yield warning(file, 0, 'empty file');
      return;
    }
  }
  yield { kind: 'mail', mail: { source: { file, offset: 0 }, format, raw } };
}

/** A text file: a web-archive page (hypermail, Patchwork) or not mail at all. */
async function* readText(
  open: InputPath,
  file: string,
  size: number,
  forced: WebDumpFormat | undefined,
  progress: Progress,
): AsyncGenerator<ReadEvent> {
  const text = size > MAX_TEXT_BYTES ? '' : (await readFile(open)).toString('utf8');
  progress.add(size);
  const dump = forced ?? (text === '' ? null : detectWebDump(text));
  // a file that is not mail still gets its 'file' event (as eml, the closest kind) so counts add up
  yield { kind: 'file', file, format: dump ?? 'eml', bytes: size };
  if (dump === null) {
    yield warning(file, 0, 'not mail: no "From " line, no mail headers, not a web-archive page');
    return;
  }
  const { messages, warnings } = parseWebDump(text, file, dump);
  for (const w of warnings) yield { kind: 'warning', warning: w };
  for (const message of messages) yield { kind: 'parsed', message };
  if (messages.length === 0) yield warning(file, 0, `no messages found in this ${dump} page`);
}

async function* readFileUnit(
  open: InputPath,
  file: string,
  size: number,
  forced: SourceFormat | undefined,
  progress: Progress,
  resumeAt = 0,
): AsyncGenerator<ReadEvent> {
  const compression = await sniffCompression(open);
  const head = await readHead(open, compression, HEAD_BYTES);
  const sniffed = detectFileKind(head).kind;
  // a lore message page copied from its "From:" line looks like a header block
  const detected = sniffed === 'eml' && compression === null && isWebDumpMail(head.toString('utf8')) ? 'text' : sniffed;
  const dump = forced !== undefined && isWebDumpFormat(forced) ? forced : undefined;
  const kind = forced === 'mbox' || forced === 'eml' ? forced : dump ? 'text' : detected;
  if (kind === 'text') {
    yield* readText(open, file, size, dump, progress);
    return;
  }
  yield { kind: 'file', file, format: kind === 'mbox' ? 'mbox' : 'eml', bytes: size };
  if (kind === 'empty' || kind === 'binary') {
    progress.add(size);
    yield warning(file, 0, kind === 'empty' ? 'empty file' : 'not mail: binary data');
  } else if (kind === 'mbox') {
    const from = compression === null && resumeAt > 0 && resumeAt < size ? resumeAt : 0;
    progress.add(from);
    yield* splitMbox(file, openBytes(open, compression, progress, from), 'mbox', from);
  } else if (compression !== null) {
    yield* readCompressedMessage(open, file, compression, progress);
  } else {
    yield* readMessageFile(open, file, size, 'eml', progress);
  }
}

function isWebDumpFormat(f: SourceFormat): f is WebDumpFormat {
  return f !== 'mbox' && f !== 'eml' && f !== 'maildir' && f !== 'public-inbox';
}

/** A gzipped single message: decompress it whole (capped like any message). */
async function* readCompressedMessage(
  open: InputPath,
  file: string,
  compression: 'gzip' | 'xz',
  progress: Progress,
): AsyncGenerator<ReadEvent> {
  const raw = await readHead(open, compression, MAX_MESSAGE_BYTES);
  const { size } = await stat(open);
  progress.add(size);
  yield { kind: 'mail', mail: { source: { file, offset: 0 }, format: 'eml', raw } };
}

export async function* readSources(paths: readonly string[], opts: ReadOptions = {}): AsyncGenerator<ReadEvent> {
  const inputs: InputPath[] = [];
  for (const p of paths) {
    const input = resolveInput(p) ?? p;
    try {
      await stat(input);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(
        `cannot read ${p}: ${code === 'ENOENT' ? 'no such file or directory' : (code ?? String(err))}`,
      );
    }
    inputs.push(input);
  }
  const units: Unit[] = [];
  const seen = new Set<string>();
  for (const p of inputs) await collect(p, seen, units);
  const total = units.reduce((s, u) => s + unitSize(u), 0);
  let done = 0;
  const progress: Progress = {
    add(bytes: number): void {
      done += bytes;
      opts.onProgress?.(Math.min(done, total), total);
    },
  };
  /** A file found in a folder or Maildir that the caller knows, unchanged: counted as read, not read. */
  const known = async (open: InputPath, file: string, size: number): Promise<boolean> => {
    if (typeof open !== 'string' || opts.known === undefined || !(await opts.known(file).catch(() => false)))
      return false;
    progress.add(size);
    return true;
  };
  for (const unit of units) {
    if (unit.kind === 'file') {
      if (unit.inside && (await known(unit.open, unit.file, unit.size))) continue;
      try {
        yield* capWarnings(
          unit.file,
          readFileUnit(unit.open, unit.file, unit.size, opts.format, progress, opts.resumeAt?.(unit.file)),
        );
      } catch (err) {
        // a file that vanished or became unreadable mid-import: report, keep going
        yield warning(unit.file, null, `cannot read: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (unit.kind === 'maildir') {
      yield { kind: 'file', file: unit.dir, format: 'maildir', bytes: unitSize(unit) };
      for (const f of unit.files) {
        if (await known(f.file, f.file, f.size)) continue;
        try {
          yield* readMessageFile(f.file, f.file, f.size, 'maildir', progress);
        } catch (err) {
          yield warning(f.file, null, `cannot read: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    } else {
      yield { kind: 'file', file: unit.repo, format: 'public-inbox', bytes: unit.size };
      yield* readEpoch(unit.repo, opts.publicInboxSince?.(unit.repo) ?? null, unit.size, progress);
    }
  }
}
