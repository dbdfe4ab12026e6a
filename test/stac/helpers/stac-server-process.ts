/**
 * Starts the test STAC API (stac-api-server.ts) in a child process, because tests that
 * run SQL block their own thread in runSync, and talks to its admin endpoints.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stacFixturesDir } from '../fixtures/stac-fixtures.js';

/** What the server counted since the last reset. */
export interface StacServerStats {
  /** Every request but the admin ones. */
  requests: number;
  /** Body bytes sent (API answers and COG ranges). */
  bytes: number;
  search: number;
  searchPost: number;
  searchGet: number;
  cogGet: number;
  cogHead: number;
  cog404: number;
  cogSigned: number;
  tokens: number;
  cogPaths: Record<string, number>;
}

/** Faults the next requests meet. */
export interface StacFaults {
  /** The next N search requests answer 503. */
  search503?: number;
  /** Pages after the first are cut-off JSON. */
  malformedPaged?: boolean;
  /** This item is served with a geometry that is not GeoJSON. */
  badItem?: string;
  /** These items' COGs answer 404. */
  missingCogs?: string[];
}

/** A running test STAC API. */
export interface StacServer {
  readonly origin: string;
  stats(): Promise<StacServerStats>;
  reset(): Promise<void>;
  faults(f: StacFaults): Promise<void>;
  close(): void;
}

/** Options: items in sentinel-2-l2a, the page size cap, and latency added to every answer. */
export interface StacServerOptions {
  readonly items?: number;
  readonly pageSize?: number;
  readonly delayMs?: number;
}

/** Starts the server and waits for its port. */
export async function startStacServer(options: StacServerOptions = {}): Promise<StacServer> {
  const script = fileURLToPath(new URL('./stac-api-server.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const args = [stacFixturesDir(), String(options.items ?? 100), String(options.pageSize ?? 7), String(options.delayMs ?? 0)];
  const child = spawn(process.execPath, ['--import', tsx, script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`test STAC server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.replace('PORT ', '')));
  });
  const origin = `http://127.0.0.1:${port}`;
  const post = (path: string, body: unknown = {}) => fetch(`${origin}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.text());
  return {
    origin,
    stats: async () => (await (await fetch(`${origin}/__stats`)).json()) as StacServerStats,
    reset: async () => void (await post('/__reset')),
    faults: async (f) => void (await post('/__faults', f)),
    close: () => {
      child.stdin?.end();
      setTimeout(() => child.kill(), 2000).unref();
    },
  };
}
