/** Small helpers to run git and read its output; public-inbox archives are read through git itself. */
import { execFile, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export function git(repo: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', repo, ...args], { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}

export async function gitOk(repo: string, args: readonly string[]): Promise<boolean> {
  try {
    await git(repo, args);
    return true;
  } catch {
    return false;
  }
}

/** Reads lines and fixed-size records from a byte stream (git cat-file --batch output). */
export class ByteReader {
  private buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer>;
  private done = false;
  constructor(stream: Readable) {
    this.it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }
  private async more(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.it.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? next.value : Buffer.concat([this.buf, next.value]);
    return true;
  }
  async line(): Promise<string | null> {
    for (;;) {
      const nl = this.buf.indexOf(0x0a);
      if (nl >= 0) {
        const line = this.buf.toString('utf8', 0, nl);
        this.buf = this.buf.subarray(nl + 1);
        return line;
      }
      if (!(await this.more())) return null;
    }
  }
  async bytes(n: number): Promise<Buffer | null> {
    if (this.buf.length < n) {
      // collect the rest in one allocation instead of concatenating chunk by chunk
      const parts: Buffer[] = [this.buf];
      let have = this.buf.length;
      this.buf = Buffer.alloc(0);
      while (have < n) {
        if (!(await this.more())) return null;
        parts.push(this.buf);
        have += this.buf.length;
        this.buf = Buffer.alloc(0);
      }
      const all = Buffer.concat(parts, have);
      this.buf = all.subarray(n);
      return all.subarray(0, n);
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
}

export function spawnGit(repo: string, args: readonly string[]) {
  return spawn('git', ['-C', repo, ...args], { stdio: ['pipe', 'pipe', 'ignore'] });
}
