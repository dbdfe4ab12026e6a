/** Starts test/helpers/faulty-file-server.ts in a child process under tsx. */
import { fileURLToPath } from 'node:url';
import { startChildServer } from './child-server.js';

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
  const { origin, close } = await startChildServer(script, [root]);
  return {
    origin,
    setFaults: async (faults) => void (await fetch(`${origin}/__faults`, { method: 'POST', body: JSON.stringify(faults) })),
    stats: async () => (await fetch(`${origin}/__stats`)).json() as Promise<{ requests: number; byPath: Record<string, number> }>,
    close,
  };
}
