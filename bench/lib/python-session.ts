/**
 * A long-lived reference process: one request line in, one JSON line out. Benchmarks use
 * it to alternate rasterduck and GDAL passes in one run, so both meet the same machine load.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { PYTHON } from './gdal.js';

/** utime + stime of a live process in milliseconds (Linux /proc; clock ticks are 1/100 s there). */
export function processCpuMs(pid: number | undefined): number {
  try {
    // fields after the command name, which sits in parentheses and may hold spaces
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** A running Python script that answers each line written to its stdin with one JSON line. */
export class PythonSession {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiting: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  private exited: Error | undefined;

  /** Starts `script` with `args` under Debian's Python; stderr goes to ours. */
  constructor(script: string, args: readonly string[] = [], env: Record<string, string> = {}) {
    this.child = spawn(PYTHON, [script, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.resolve(line));
    this.child.once('exit', (code) => {
      this.exited = new Error(`${script} exited with ${code}`);
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    });
  }

  /** CPU milliseconds (user + system, all threads) the script has used so far, from /proc. */
  cpuMs(): number {
    return processCpuMs(this.child.pid);
  }

  /** Sends one request line and resolves with the parsed JSON answer; rejects if the script exits. */
  request<T>(line: string): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise<string>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin.write(`${line}\n`);
    }).then((answer) => JSON.parse(answer) as T);
  }

  /** Closes stdin and waits for the script to finish. */
  close(): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}
