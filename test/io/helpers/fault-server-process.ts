/** Starts fault-server.ts in a child process under tsx (child-server.ts). */
import { fileURLToPath } from 'node:url';
import { startChildServer } from '../../helpers/child-server.js';

/** What the fault server saw. */
export interface FaultStats {
  byUrl: Record<string, number>;
  log: { method: string; url: string; ifMatch?: string; range?: string }[];
}

/** A running fault server. */
export interface FaultServer {
  readonly origin: string;
  stats(): Promise<FaultStats>;
  /** Requests made for `pathAndQuery` so far. */
  seen(pathAndQuery: string): Promise<number>;
  close(): void;
}

/** Serves `root` from a child process on 127.0.0.1, port 0. */
export async function startFaultServer(root: string): Promise<FaultServer> {
  const script = fileURLToPath(new URL('./fault-server.ts', import.meta.url));
  const { origin, close } = await startChildServer(script, [root]);
  const stats = async () => (await fetch(`${origin}/__stats`)).json() as Promise<FaultStats>;
  return { origin, stats, seen: async (p) => (await stats()).byUrl[p] ?? 0, close };
}
