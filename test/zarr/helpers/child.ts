/**
 * Runs a TypeScript script of this folder in a child process (under tsx) and follows its
 * stdout line by line, so a test can SIGKILL it at a chosen point and rerun it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A running script: its lines so far, and a promise of its exit. */
export interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves with the signal (e.g. 'SIGKILL') or exit code when it ends. */
  readonly exited: Promise<string | number | null>;
  /** Resolves once a line satisfying `test` has been printed. */
  waitFor(test: (line: string, count: number) => boolean): Promise<void>;
}

/** Starts `node --import tsx <script> ...args` with extra environment variables. */
export function runScript(script: string, args: readonly string[], env: Record<string, string> = {}): Child {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, file, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const lines: string[] = [];
  const waiters: { test: (line: string, count: number) => boolean; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.splice(0)) {
      if (w.test(line, lines.length)) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = new Promise<string | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return {
    process: child,
    lines,
    exited,
    waitFor: (test) => new Promise<void>((resolve, reject) => {
      if (lines.some((l, i) => test(l, i + 1))) return resolve();
      waiters.push({ test, resolve });
      void exited.then((how) => reject(new Error(`${script} ended (${how}) before the awaited line; it printed:\n${lines.join('\n')}`)));
    }),
  };
}
