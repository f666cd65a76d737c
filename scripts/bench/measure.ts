/**
 * Run a child process and sample its peak RSS (VmHWM) and its CPU time, for the benchmark
 * scripts. CPU seconds are what to compare on a shared machine: wall time there measures the load.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

/** USER_HZ: the unit of /proc's CPU times, 100 on every Linux the benchmarks run on. */
const CLOCK_TICKS = 100;

export interface Measure {
  seconds: number;
  peakKb: number;
  /** User + system CPU seconds of the process and its threads (and children it waited for), at the last sample (every 50 ms). */
  cpuSeconds: number;
  code: number | null;
  stdout: string;
}

/** Run a command, sampling VmHWM (the kernel's peak-RSS mark) until it exits. */
export function measure(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measure> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let peakKb = 0;
    let cpuSeconds = 0;
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const sample = (): void => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m?.[1] !== undefined) peakKb = Math.max(peakKb, Number(m[1]));
        // /proc/PID/stat: utime, stime, cutime, cstime are fields 14-17, in clock ticks (100 a second on Linux).
        const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ticks = [11, 12, 13, 14].reduce((s, i) => s + Number(f[i] ?? 0), 0);
        cpuSeconds = Math.max(cpuSeconds, ticks / CLOCK_TICKS);
      } catch {
        // The process may have exited between samples.
      }
    };
    const timer = setInterval(sample, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakKb, cpuSeconds, code, stdout });
    });
  });
}
