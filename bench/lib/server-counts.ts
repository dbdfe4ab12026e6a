/**
 * What the file server saw while one piece of work ran: its counters are reset, the work
 * runs, and its requests and bytes are read back.
 */
import type { ServedFiles } from '../../src/io/file-server-process.js';

/** Requests and bytes the server saw for one piece of work. */
export interface Served {
  readonly requests: number;
  readonly bytes: number;
}

/** Runs `work` with the server's counters zeroed first; returns its result and what was served. */
export async function servedBy<T>(server: ServedFiles, work: () => T | Promise<T>): Promise<{ value: T; served: Served }> {
  await server.reset();
  const value = await work();
  const { requests, bytes } = await server.stats();
  return { value, served: { requests, bytes } };
}

/** `runs` warm passes of `work` in this process: wall time and what each one was served. */
export async function warmRuns(server: ServedFiles, runs: number, work: () => Promise<unknown>): Promise<({ ms: number } & Served)[]> {
  const out: ({ ms: number } & Served)[] = [];
  for (let i = 0; i < runs; i++) {
    const { value: ms, served } = await servedBy(server, async () => {
      const start = performance.now();
      await work();
      return performance.now() - start;
    });
    out.push({ ms, ...served });
  }
  return out;
}
