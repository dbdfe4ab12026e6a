/**
 * How many I/O workers this one shares the process with (sync-bridge.ts starts one per
 * core): per-worker caches take that share of a process-wide budget. Set by the bridge
 * worker when it starts; 1 on any other thread.
 */
let workers = 1;

export function setWorkerShare(count: number): void {
  workers = Math.max(1, count);
}

/** The number of I/O workers splitting the process's budgets (1 outside the bridge). */
export function workersSharing(): number {
  return workers;
}
