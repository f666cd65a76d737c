/**
 * Opening an input file as a stream of its (decompressed) bytes: .gz through
 * zlib, .xz through the xz tool, recognised by their magic bytes rather
 * than their names.
 */
import { spawn } from 'node:child_process';
import { createReadStream, type PathLike } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import type { Progress } from './events.js';

const CHUNK = 1 << 20;
/** xz's complaint is one line; bound what is kept of its stderr in case it is not. */
const MAX_DECOMPRESSOR_MESSAGE = 500;

export type Compression = 'gzip' | 'xz' | null;

export async function sniffCompression(file: PathLike): Promise<Compression> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await fh.read(head, 0, 6, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
    if (bytesRead >= 6 && head.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
    return null;
  } finally {
    await fh.close();
  }
}

/** The decompressed bytes of a file; reports the stored bytes read to `progress`. */
export function openBytes(file: PathLike, compression: Compression, progress: Progress, start = 0): Readable {
  const input = createReadStream(file, { highWaterMark: CHUNK, start });
  input.on('data', (chunk) => progress.add(chunk.length));
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: CHUNK });
    input.on('error', (err) => gunzip.destroy(err));
    gunzip.on('close', () => input.destroy()); // a reader that stops early must not leak the file
    return input.pipe(gunzip);
  }
  if (compression === 'xz') {
    const xz = spawn('xz', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // The stream ends only once xz has exited, so a corrupt or truncated file ends in an
    // error the reader reports (with its offset), not in a quiet short read.
    const out = new PassThrough({ highWaterMark: CHUNK });
    let said = '';
    xz.stderr.on('data', (d: Buffer) => {
      if (said.length < MAX_DECOMPRESSOR_MESSAGE) said += d.toString('utf8');
    });
    input.on('error', (err) => out.destroy(err));
    xz.on('error', (err) => out.destroy(err));
    xz.stdin.on('error', () => undefined); // EPIPE when the reader stops early
    input.pipe(xz.stdin);
    xz.stdout.pipe(out, { end: false });
    xz.on('close', (code, signal) => {
      if (out.destroyed) return;
      if (code === 0) out.end();
      else
        out.destroy(
          new Error(
            said
              .trim()
              .replace(/^xz: \(stdin\): /, '')
              .slice(0, MAX_DECOMPRESSOR_MESSAGE) || `xz ended with ${code ?? signal}`,
          ),
        );
    });
    out.on('close', () => {
      input.destroy();
      xz.kill();
    });
    return out;
  }
  return input;
}

/** Up to `max` decompressed bytes from the start of a file (for format detection). */
export async function readHead(file: PathLike, compression: Compression, max: number): Promise<Buffer> {
  const stream = openBytes(file, compression, { add: () => undefined });
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= max) break;
    }
  } catch {
    // A corrupt or cut file: detection uses what could be read; the full read reports the error with its offset.
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, max);
}
