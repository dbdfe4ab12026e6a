/**
 * Ctrl-C for queries blocked in the I/O bridge. A UDF waiting for bytes holds the main
 * thread in Atomics.wait (src/bridge/sync-bridge.ts), where no SIGINT handler can run, and
 * Node delivers no signals to worker threads. So a watcher thread spawns a tiny child
 * process in the shell's process group: the terminal sends SIGINT to the whole group, the
 * child answers it with one byte on its stdout, and the thread (whose event loop is free)
 * sets the bridge's cancel word, which the waiting runSync notices within one wait slice.
 * The main thread's own SIGINT handler interrupts DuckDB (connection.interrupt()) for
 * queries that are not in the bridge.
 */
import { Worker } from 'node:worker_threads';
import { BRIDGE_CANCEL } from '../bridge/sync-bridge.js';

// the child: turns SIGINT into a byte ('i'), says 'r' once it is listening; exits when the
// pipe from the watcher closes (shell gone)
const CHILD_SOURCE = `process.on('SIGINT', () => process.stdout.write('i'));
process.stdout.write('r');
process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();`;

// the watcher thread (dynamic imports only: an eval'd worker may run as a module or a
// script); a child that dies (a signal before its handler was set) is started again
const WATCHER_SOURCE = `(async () => {
  const { workerData, parentPort } = await import('node:worker_threads');
  const { spawn } = await import('node:child_process');
  const cancel = new Int32Array(workerData.cancel);
  const start = () => {
    const child = spawn(process.execPath, ['-e', ${JSON.stringify(CHILD_SOURCE)}], { stdio: ['pipe', 'pipe', 'ignore'] });
    child.on('error', () => undefined);
    child.on('exit', start);
    child.stdout.on('data', (d) => {
      if (d.includes('r')) parentPort.postMessage('ready');
      if (d.includes('i')) { Atomics.store(cancel, 0, 1); Atomics.notify(cancel, 0); }
    });
  };
  start();
})();`;

/** A running watcher. */
export interface InterruptWatch {
  /** Resolves once the child listens for SIGINT (or after a few seconds, whatever happened). */
  readonly ready: Promise<void>;
  /** Ends the thread, and so the child, whose stdin closes. */
  stop(): Promise<void>;
}

const READY_LIMIT_MS = 5_000;

/** Starts the Ctrl-C watcher for an interactive shell. */
export function watchInterrupts(): InterruptWatch {
  const worker = new Worker(WATCHER_SOURCE, { eval: true, workerData: { cancel: BRIDGE_CANCEL.buffer } });
  // the shell exits when the user leaves, whatever the watcher is doing
  worker.unref();
  worker.on('error', () => undefined);
  const ready = new Promise<void>((resolve) => {
    const limit = setTimeout(resolve, READY_LIMIT_MS);
    limit.unref();
    worker.once('message', () => {
      clearTimeout(limit);
      resolve();
    });
  });
  return { ready, stop: async () => void (await worker.terminate()) };
}

/** True once Ctrl-C reached the bridge's cancel word since the last reset. */
export function cancelRequested(): boolean {
  return Atomics.load(BRIDGE_CANCEL, 0) !== 0;
}

/** Clears the cancel word before the next input runs. */
export function resetCancel(): void {
  Atomics.store(BRIDGE_CANCEL, 0, 0);
}
