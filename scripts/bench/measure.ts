/** Run a child process and sample its peak RSS (VmHWM), for the benchmark scripts. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface Measure {
  seconds: number;
  peakKb: number;
  code: number | null;
  stdout: string;
}

/** Run a command, sampling VmHWM (the kernel's peak-RSS mark) until it exits. */
export function measure(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let peakKb = 0;
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const sample = (): void => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m?.[1] !== undefined) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // The process may have exited between samples.
      }
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakKb, code, stdout });
    });
  });
}
