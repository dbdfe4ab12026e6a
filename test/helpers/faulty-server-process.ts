/** Starts test/helpers/faulty-file-server.ts in a child process under tsx. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** A running faulty file server. */
export interface FaultyServer {
  readonly origin: string;
  setFaults(faults: object): Promise<void>;
  stats(): Promise<{ requests: number; byPath: Record<string, number> }>;
  close(): void;
}

/** Serves `root` from a child process; faults are set with setFaults. */
export async function startFaultyServer(root: string): Promise<FaultyServer> {
  const script = fileURLToPath(new URL('./faulty-file-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, root], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`faulty server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.replace('PORT ', '')));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    setFaults: async (faults) => void (await fetch(`${origin}/__faults`, { method: 'POST', body: JSON.stringify(faults) })),
    stats: async () => (await fetch(`${origin}/__stats`)).json() as Promise<{ requests: number; byPath: Record<string, number> }>,
    close: () => child.stdin?.end(),
  };
}
