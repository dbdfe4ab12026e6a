/**
 * Timed passes of a reference script run as a PythonSession (one stdin line = one pass):
 * the first pass is timed from spawn (interpreter start and imports included: cold, a
 * fresh process), later ones from request to answer (warm, GDAL caches kept). Requests
 * and bytes are counted at the benchmark's file server, reset before each pass.
 */
import type { CountingServer } from './server-counts.js';
import { PythonSession } from './python-session.js';

/** One timed pass: wall ms, the server's counts, and the script's answer. */
export interface Pass<T> {
  readonly ms: number;
  /** The reference process's CPU milliseconds for the pass (the first includes its start). */
  readonly cpuMs: number;
  readonly serverCpuMs?: number;
  readonly requests: number;
  readonly bytes: number;
  readonly answer: T;
}

/** Runs `passes` passes of `script` in one fresh process; the first is cold. */
export async function referencePasses<T>(server: CountingServer, script: string, args: readonly string[], env: Record<string, string>, passes = 1): Promise<Pass<T>[]> {
  const out: Pass<T>[] = [];
  await server.reset();
  const start = performance.now();
  const session = new PythonSession(script, args, env);
  try {
    for (let i = 0; i < passes; i++) {
      if (i > 0) await server.reset();
      const from = i === 0 ? start : performance.now();
      const cpuBefore = i === 0 ? 0 : session.cpuMs();
      const answer = await session.request<T>('pass');
      const ms = performance.now() - from;
      const cpuMs = session.cpuMs() - cpuBefore;
      const stats = await server.stats();
      out.push({ ms, cpuMs, requests: stats.requests, bytes: stats.bytes, serverCpuMs: stats.cpuMs, answer });
    }
  } finally {
    await session.close();
  }
  return out;
}
