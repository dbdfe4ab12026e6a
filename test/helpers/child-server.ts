/** Starts a test server script in a child process under tsx and waits for its port. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A test server running in its own process; `close` ends it (it exits when stdin closes). */
export interface ChildServer {
  readonly origin: string;
  close(): void;
}

/**
 * Runs `script` (a .ts file that serves on 127.0.0.1, prints `PORT n` and exits when its
 * stdin closes) with `args`, and resolves once it listens. Rejects when it exits first.
 */
export async function startChildServer(script: string, args: readonly string[]): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.replace('PORT ', '')));
  });
  return { origin: `http://127.0.0.1:${port}`, close: () => child.stdin?.end() };
}
