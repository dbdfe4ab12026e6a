/**
 * Runs the static file server in a child process, so it keeps answering while the
 * calling thread is blocked in a synchronous DuckDB callback. Run directly, this module
 * is the child: `node file-server-process.js ROOT [DELAY_MS]` prints `listening PORT`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { InternalError } from '../errors.js';
import { serveFiles, type ServerStats } from './file-server.js';

/** A running server: its base URL, its counters and a way to stop it. */
export interface ServedFiles {
  readonly url: string;
  stats(): Promise<ServerStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts serving `root` from a child process on a free port of 127.0.0.1. */
export async function startFileServer(root: string, delayMs = 0): Promise<ServedFiles> {
  const self = fileURLToPath(import.meta.url);
  // from TypeScript sources (tests) the child needs tsx to load this same file
  const execArgv = self.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...execArgv, self, root, String(delayMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await firstPort(child);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    // a fresh connection each time: a pooled one may have hit the server's keep-alive timeout
    // while the caller was blocked (spawnSync, a synchronous DuckDB call)
    stats: async () => (await fetch(`${url}/__stats`, { headers: { connection: 'close' } })).json() as Promise<ServerStats>,
    reset: async () => void (await fetch(`${url}/__reset`, { method: 'POST', headers: { connection: 'close' } })),
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill()))),
  };
}

function firstPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(Number(/listening (\d+)/.exec(line)?.[1])));
    child.once('exit', (code) => reject(new InternalError({ reason: `the file server exited (status ${code}) before listening` })));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root, delay] = process.argv.slice(2);
  const { port } = await serveFiles({ root, delayMs: Number(delay) || 0 });
  process.stdout.write(`listening ${port}\n`);
  // the parent holds our stdin: when it goes away (even killed), so do we, leaving no orphan
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
