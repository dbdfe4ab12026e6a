/**
 * The synchronous bridge: DuckDB's UDF callbacks run on the main thread and cannot
 * await, so runSync hands an op to one persistent worker thread and blocks in
 * Atomics.wait until it answers. This file holds rasterduck's only Atomics.wait.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { FetchError, fromErrorRecord, InternalError, type RasterduckError } from '../errors.js';
import { SLOT_REPLIES, SLOT_STATE, STARTUP_FAILURE_ID, STATE_BYTES, WorkerState, type BridgeInit, type BridgeReply, type BridgeRequest } from './bridge-protocol.js';

/** Where the worker's code is, and tsx's ESM API when that code is TypeScript. */
export interface WorkerEntry {
  readonly file: URL;
  /** URL of tsx's ESM API module, registered in the worker before `file` is imported. */
  readonly tsxApi?: string;
}

/**
 * The worker entry beside `moduleUrl` (this module's URL by default). From TypeScript
 * sources (vitest, tsx) it is bridge-worker.ts, loaded through tsx because Node 20 cannot
 * load .ts (and ignores `--import tsx` in a worker's execArgv for its entry module, as
 * measured on 20.20); from compiled dist/ it is bridge-worker.js.
 */
export function workerEntry(moduleUrl: string = import.meta.url): WorkerEntry {
  if (!moduleUrl.endsWith('.ts')) return { file: new URL('./bridge-worker.js', moduleUrl) };
  // resolved here, so the worker finds tsx whatever the working directory; the .mjs build,
  // because tsx 4's CommonJS register() resolves its loader wrongly from an eval'd worker
  const tsxRoot = pathToFileURL(createRequire(moduleUrl).resolve('tsx/package.json'));
  return { file: new URL('./bridge-worker.ts', moduleUrl), tsxApi: new URL('dist/esm/api/index.mjs', tsxRoot).href };
}

/**
 * The worker's first code, run as an eval'd script: it marks the worker as exited in the
 * shared state on any exit (so a failed load cannot leave runSync waiting), registers tsx
 * when needed, then imports the entry and reports a failure to load it. Only dynamic
 * import and globals, because a worker inherits `--input-type=module` from `node -e`
 * and the same text must then run as a module, where `require` does not exist.
 */
function bootstrapSource(entry: WorkerEntry): string {
  const failure = { id: STARTUP_FAILURE_ID, ok: false, error: { kind: 'internal', reason: '' } };
  return `
(async () => {
  const { workerData } = await import('node:worker_threads');
  const state = new Int32Array(workerData.state);
  process.on('exit', () => {
    Atomics.store(state, ${SLOT_STATE}, ${WorkerState.Exited});
    Atomics.add(state, ${SLOT_REPLIES}, 1);
    Atomics.notify(state, ${SLOT_REPLIES});
  });
  try {
    ${entry.tsxApi ? `(await import(${JSON.stringify(entry.tsxApi)})).register();` : ''}
    await import(${JSON.stringify(entry.file.href)});
  } catch (e) {
    const failure = ${JSON.stringify(failure)};
    failure.error.reason = 'cannot load ' + ${JSON.stringify(entry.file.href)} + ': ' + ((e && e.stack) || e);
    workerData.port.postMessage(failure);
    process.exit(1);
  }
})();`;
}

/** Settings for the bridge; they apply to the next worker started. */
export interface BridgeOptions {
  /** Modules (URLs) the worker imports after bridge-ops.ts, to register more ops (tests, plugins). */
  readonly extraOpModules?: readonly string[];
  /** How long one runSync may wait for its reply before giving up, in milliseconds. */
  readonly callTimeoutMs?: number;
}

/**
 * Default wait for one reply: 10 minutes, above the retry layer's worst case for one
 * request (5 attempts of 30 s plus backoff, about 4 minutes), so it only trips on a lost worker.
 */
export const DEFAULT_CALL_TIMEOUT_MS = 600_000;
/** Wake-up interval while blocked, to check the worker's state and the deadlines. */
const WAIT_SLICE_MS = 500;
/**
 * Limit on a worker's start (loading tsx and every op module). Starts take well under a
 * second here; this only catches a worker that died before it could say so.
 */
const STARTUP_TIMEOUT_MS = 30_000;

let options: Required<BridgeOptions> = {
  extraOpModules: [],
  callTimeoutMs: Number(process.env.RASTERDUCK_BRIDGE_TIMEOUT_MS) > 0 ? Number(process.env.RASTERDUCK_BRIDGE_TIMEOUT_MS) : DEFAULT_CALL_TIMEOUT_MS,
};

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly state: Int32Array;
  nextId: number;
}

let bridge: Bridge | undefined;

/**
 * The cancel word: any thread may set slot 0 to non-zero (Atomics.store) to make a runSync
 * that is waiting throw an "interrupted" error within one wait slice, and every later one
 * throw at once until it is set back to 0. The main thread cannot run a SIGINT handler while
 * it blocks here, so the shell's Ctrl-C watcher thread sets it (src/cli/interrupt-watch.ts).
 */
export const BRIDGE_CANCEL = new Int32Array(new SharedArrayBuffer(4));

/** Changes the bridge settings; call stopBridge() first if a worker is already running. */
export function configureBridge(next: BridgeOptions): void {
  options = { ...options, ...next };
}

/** Stops the worker, if any; the next runSync starts a fresh one (with fresh I/O counters). */
export async function stopBridge(): Promise<void> {
  const b = bridge;
  bridge = undefined;
  if (b) await b.worker.terminate();
}

function startBridge(): Bridge {
  const entry = workerEntry();
  const { port1, port2 } = new MessageChannel();
  const shared = new SharedArrayBuffer(STATE_BYTES);
  const init: BridgeInit = { port: port2, state: shared, extraOpModules: [...options.extraOpModules] };
  const worker = new Worker(bootstrapSource(entry), { eval: true, workerData: init, transferList: [port2] });
  // neither the worker nor our port may keep the process alive: exit must never hang on them
  worker.unref();
  port1.unref();
  // a crash is reported through the shared state by the waiting call; without a listener it would crash us
  worker.on('error', () => undefined);
  return { worker, port: port1, state: new Int32Array(shared), nextId: 1 };
}

/**
 * Runs the bridge op `op` with `args` in the worker and returns its result, blocking the
 * calling thread until then. Rethrows the op's error as its own class (InputError,
 * FormatError, FetchError, InternalError); throws InternalError when the worker stops,
 * fails to start or does not answer within the call timeout.
 */
export function runSync<T>(op: string, args: unknown): T {
  // a worker that died between calls (nobody was waiting to notice) is replaced, not blamed on this call
  if (bridge && Atomics.load(bridge.state, SLOT_STATE) === WorkerState.Exited) bridge = undefined;
  const b = (bridge ??= startBridge());
  const id = b.nextId++;
  b.port.postMessage({ id, op, args } satisfies BridgeRequest);
  const reply = awaitReply(b, id, op);
  if (reply.ok) return reply.value as T;
  throw fromErrorRecord(reply.error);
}

function awaitReply(b: Bridge, id: number, op: string): BridgeReply {
  const start = Date.now();
  const deadline = start + options.callTimeoutMs;
  for (;;) {
    // read the counter before looking at the port: a reply landing in between changes it, so wait returns at once
    const seen = Atomics.load(b.state, SLOT_REPLIES);
    const reply = takeReply(b.port, id);
    if (reply?.id === STARTUP_FAILURE_ID && !reply.ok) throw lose(b, op, `the I/O worker failed to start: ${fromErrorRecord(reply.error).message}`, BUG_HINT);
    if (reply) return reply;
    // the abandoned op finishes in the worker; its reply is dropped by takeReply
    if (Atomics.load(BRIDGE_CANCEL, 0) !== 0) throw new FetchError({ reason: 'interrupted (Ctrl-C) before the I/O finished' });
    const state = Atomics.load(b.state, SLOT_STATE);
    if (state === WorkerState.Exited) throw lose(b, op, 'the I/O worker stopped before answering', BUG_HINT);
    if (state === WorkerState.Starting && Date.now() - start > STARTUP_TIMEOUT_MS) throw lose(b, op, `the I/O worker did not start within ${STARTUP_TIMEOUT_MS} ms`, BUG_HINT);
    const left = deadline - Date.now();
    if (left <= 0) throw lose(b, op, `the I/O worker did not answer within ${options.callTimeoutMs} ms`, TIMEOUT_HINT);
    Atomics.wait(b.state, SLOT_REPLIES, seen, Math.min(left, WAIT_SLICE_MS));
  }
}

/** The reply to `id` (or a startup failure) if one is queued; replies to abandoned calls are dropped. */
function takeReply(port: MessagePort, id: number): BridgeReply | undefined {
  for (;;) {
    const got = receiveMessageOnPort(port);
    if (!got) return undefined;
    const reply = got.message as BridgeReply;
    if (reply.id === id || reply.id === STARTUP_FAILURE_ID) return reply;
  }
}

const BUG_HINT = 'This is a bug in rasterduck (or a broken install); please report it with this message';
const TIMEOUT_HINT = 'Raise RASTERDUCK_BRIDGE_TIMEOUT_MS for very slow networks; otherwise this is a bug in rasterduck, please report it';

function lose(b: Bridge, op: string, why: string, hint: string): RasterduckError {
  // a worker we gave up on may still be busy: replace it rather than share it with the next call
  if (bridge === b) bridge = undefined;
  void b.worker.terminate().catch(() => undefined);
  return new InternalError({ reason: `bridge op '${op}' failed: ${why}`, hint });
}
