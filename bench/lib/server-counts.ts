/**
 * The file server's counters, read and reset with one retry: a benchmark that blocked its
 * event loop in spawnSync for longer than the server's keep-alive (5 s) may find the
 * pooled socket closed under it ("fetch failed: other side closed"); a fresh one works.
 */
import type { ServedFiles } from '../../src/io/file-server-process.js';

async function once<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    return call();
  }
}

/** Requests and bytes served since the last reset. @throws when the server is gone. */
export async function counts(server: ServedFiles): Promise<{ requests: number; bytes: number }> {
  const s = await once(() => server.stats());
  return { requests: s.requests, bytes: s.bytes };
}

/** Zeroes the counters. @throws when the server is gone. */
export function resetCounts(server: ServedFiles): Promise<void> {
  return once(() => server.reset());
}
