/**
 * Runs the range server in a child process, for tests whose own main thread blocks in
 * runSync (a server on that thread could never answer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerStats } from './range-server.js';

/** A range server in another process. */
export interface ServerProcess {
  readonly origin: string;
  stats(): Promise<ServerStats>;
  close(): void;
}

/** Starts test/io/helpers/range-server.ts under tsx and waits for its port. */
export async function startServerProcess(): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./range-server.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child: ChildProcess = spawn(process.execPath, ['--import', tsx, script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`range server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.replace('PORT ', '')));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    stats: async () => (await (await fetch(`${origin}/__stats`)).json()) as ServerStats,
    // closing stdin ends it; kill is the fallback should it not listen
    close: () => {
      child.stdin?.end();
      setTimeout(() => child.kill(), 2000).unref();
    },
  };
}
