/**
 * What the file server saw while one piece of work ran: its counters are reset, the work
 * runs, and its requests and bytes are read back.
 */

/** Requests and bytes the server saw for one piece of work. */
export interface Served {
  readonly requests: number;
  readonly bytes: number;
  /** The server's CPU milliseconds for the work, where the server reports it. */
  readonly serverCpuMs?: number;
}

/** A server that counts what it serves: the file server, the STAC test server. */
export interface CountingServer {
  reset(): Promise<void>;
  /** What was served since the last reset; `cpuMs`, the server's CPU time, when it reports it. */
  stats(): Promise<Served & { readonly cpuMs?: number }>;
}

/** Runs `work` with the server's counters zeroed first; returns its result and what was served. */
export async function servedBy<T>(server: CountingServer, work: () => T | Promise<T>): Promise<{ value: T; served: Served }> {
  await server.reset();
  const value = await work();
  const { requests, bytes, cpuMs } = await server.stats();
  return { value, served: { requests, bytes, serverCpuMs: cpuMs } };
}

/** One pass of `work`: its wall time and what it was served. */
export async function timedServed(server: CountingServer, work: () => unknown): Promise<{ ms: number } & Served> {
  const { value: ms, served } = await servedBy(server, async () => {
    const start = performance.now();
    await work();
    return performance.now() - start;
  });
  return { ms, ...served };
}

/** `runs` warm passes of `work` in this process: wall time and what each one was served. */
export async function warmRuns(server: CountingServer, runs: number, work: () => Promise<unknown>): Promise<({ ms: number } & Served)[]> {
  const out: ({ ms: number } & Served)[] = [];
  for (let i = 0; i < runs; i++) out.push(await timedServed(server, work));
  return out;
}
