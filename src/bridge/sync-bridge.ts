/**
 * The synchronous bridge: DuckDB's UDF callbacks run on the main thread and cannot
 * await, so runSync hands an op to a persistent worker thread and blocks in Atomics.wait
 * until it answers. There is one worker per core (RASTERDUCK_IO_WORKERS overrides): a
 * chunk's rows are split between them by file (runSyncEach, shardOf), so every core
 * fetches, decodes and assembles while the main thread waits, and a file always lands on
 * the same worker, whose caches (headers, decoded blocks) then serve it again. Ops that
 * hold state across calls (a mosaic or predict job) and plain runSync use worker 0. This
 * file holds rasterduck's only Atomics.wait.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { FetchError, fromErrorRecord, InputError, InternalError, type RasterduckError } from '../errors.js';
import { SLOT_BEAT, SLOT_POOL_WAIT_MS, SLOT_PROGRESS, SLOT_REPLIES, SLOT_STATE, STARTUP_FAILURE_ID, STATE_BYTES, WorkerState, type BridgeInit, type BridgeReply, type BridgeRequest } from './bridge-protocol.js';
import { canSyncImports, SYNC_IMPORTS_HOOK_URL } from '../io/bridge-sync-imports.js';
import { CallWatch, type WorkerSnapshot } from './bridge-watch.js';

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
 * shared state on any exit (so a failed load cannot leave runSync waiting), installs the
 * synchronous loader (bridge-sync-imports.ts) or registers tsx, then imports the entry and
 * reports a failure to load it. Only dynamic import and globals, because a worker inherits
 * `--input-type=module` from `node -e` and the same text must then run as a module, where
 * `require` does not exist.
 */
function bootstrapSource(entry: WorkerEntry, syncImports: boolean): string {
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
    ${syncImports ? `(await import('node:module')).register(${JSON.stringify(SYNC_IMPORTS_HOOK_URL)});` : ''}
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
  /**
   * How long a call waits, in milliseconds, while the worker's I/O has stopped moving and
   * libuv's thread pool does not answer it (a deadlock with queries holding every pool thread).
   */
  readonly stallTimeoutMs?: number;
}

/**
 * Default wait for one reply: 10 minutes, above the retry layer's worst case for one
 * request (5 attempts of 30 s plus backoff, about 4 minutes), so it only trips on a lost worker.
 */
export const DEFAULT_CALL_TIMEOUT_MS = 600_000;
/**
 * Default stall limit: 90 s, above the longest a healthy worker goes without I/O moving on
 * (one attempt's 30 s timeout plus the retry layer's longest backoff of 20 s).
 */
export const DEFAULT_STALL_TIMEOUT_MS = 90_000;
/** Wake-up interval while blocked, to check the worker's state and the deadlines. */
const WAIT_SLICE_MS = 500;
/**
 * Limit on a worker's start (loading tsx and every op module). Starts take well under a
 * second here; this only catches a worker that died before it could say so.
 */
const STARTUP_TIMEOUT_MS = 30_000;

const envMs = (name: string, fallback: number) => (Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback);

let options: Required<BridgeOptions> = {
  extraOpModules: [],
  callTimeoutMs: envMs('RASTERDUCK_BRIDGE_TIMEOUT_MS', DEFAULT_CALL_TIMEOUT_MS),
  stallTimeoutMs: envMs('RASTERDUCK_BRIDGE_STALL_MS', DEFAULT_STALL_TIMEOUT_MS),
};

interface Bridge {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly state: Int32Array;
  /** The worker loads its code through the synchronous loader, so its start needs no pool thread. */
  readonly syncImports: boolean;
  readonly shard: number;
  nextId: number;
}

/** The workers by shard; a slot is empty until first used, or after its worker was lost. */
const bridges: (Bridge | undefined)[] = [];

const MAX_WORKERS = 16;

/**
 * How many I/O workers rows are spread over: RASTERDUCK_IO_WORKERS when set (1 to 16),
 * otherwise one per core Node may use, at most 16. Read once per process.
 * @throws InputError when RASTERDUCK_IO_WORKERS is not a whole number from 1 to 16.
 */
export function bridgeWorkers(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RASTERDUCK_IO_WORKERS;
  if (raw === undefined || raw === '') return Math.min(MAX_WORKERS, Math.max(1, availableParallelism()));
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new InputError({ reason: `RASTERDUCK_IO_WORKERS=${raw} is not a whole number from 1 to ${MAX_WORKERS}`, hint: 'Unset it for one worker per core' });
  }
  return n;
}

let workerCount: number | undefined;
const workers = (): number => (workerCount ??= bridgeWorkers());

/**
 * The worker that reads `key` (a file's URL): the same one every time in this process, so
 * its header and decoded blocks are cached where the next read of that file runs.
 */
export function shardOf(key: string): number {
  return shardOfKey(key, workers());
}

/** The shard of `key` among `count`: FNV-1a, cheap, and spreading similar URLs (…/red_01.tif, …/red_02.tif) evenly. */
export function shardOfKey(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}

/** How many shards runSyncEach spreads over (the number of I/O workers). */
export function shardCount(): number {
  return workers();
}

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

/** Stops the workers, if any; the next runSync starts fresh ones (with fresh I/O counters). */
export async function stopBridge(): Promise<void> {
  const running = bridges.splice(0).filter((b): b is Bridge => b !== undefined);
  await Promise.all(running.map((b) => b.worker.terminate()));
}

function startBridge(shard: number): Bridge {
  const entry = workerEntry();
  const { port1, port2 } = new MessageChannel();
  const shared = new SharedArrayBuffer(STATE_BYTES);
  // from TypeScript sources tsx loads the code, and it reads files on the pool: the worker then imports everything up front
  const syncImports = entry.tsxApi === undefined && canSyncImports();
  const init: BridgeInit = { port: port2, state: shared, extraOpModules: [...options.extraOpModules], syncImports, shard, shards: workers() };
  const worker = new Worker(bootstrapSource(entry, syncImports), { eval: true, workerData: init, transferList: [port2] });
  // neither the worker nor our port may keep the process alive: exit must never hang on them
  worker.unref();
  port1.unref();
  // a crash is reported through the shared state by the waiting call; without a listener it would crash us
  worker.on('error', () => undefined);
  return { worker, port: port1, state: new Int32Array(shared), syncImports, shard, nextId: 1 };
}

/** The running worker of `shard`, or a new one; a worker that died between calls (nobody was waiting to notice) is replaced. */
function liveBridge(shard = 0): Bridge {
  const running = bridges[shard];
  if (running && Atomics.load(running.state, SLOT_STATE) !== WorkerState.Exited) return running;
  return (bridges[shard] = startBridge(shard));
}

/**
 * Starts the worker if none runs and resolves once a blocked thread may wait for it:
 * at once when it loads through the synchronous loader (its start then needs no pool
 * thread, and a failure is reported by the first runSync), else once it has loaded, without
 * blocking this thread. register() awaits it, so that no query has to start a worker that
 * needs the pool from inside a blocked callback. Rejects with InternalError when that
 * worker fails to start.
 */
export async function readyBridge(): Promise<void> {
  const first = liveBridge(0);
  if (!first.syncImports) {
    // from sources every worker must load before any query can block (see readyWorker)
    await Promise.all(Array.from({ length: workers() }, (_, shard) => readyWorker(liveBridge(shard))));
    return;
  }
  // the others start a little later, off the process's start (they need no pool thread,
  // so a query may also start one); a short statement then pays for one worker only
  setTimeout(() => Array.from({ length: workers() }, (_, shard) => liveBridge(shard)), OTHER_WORKERS_AFTER_MS).unref();
}

/** When the I/O workers past the first start (see readyBridge). */
const OTHER_WORKERS_AFTER_MS = 100;

async function readyWorker(b: Bridge): Promise<void> {
  // loading in parallel with the caller's own start-up: SELECT 1 from the CLI took 0.36 s awaiting it, 0.29 s without
  if (b.syncImports) return;
  const watch = new CallWatch(watchLimits(), Date.now());
  // the worker is unref'd so it never holds the process open; here it must, or a script
  // whose only pending work is this start would exit under our await
  b.worker.ref();
  try {
    for (;;) {
      const seen = Atomics.load(b.state, SLOT_REPLIES);
      const failure = takeStartupFailure(b.port);
      if (failure) throw lose(b, 'start', `the I/O worker failed to start: ${fromErrorRecord(failure.error).message}`, BUG_HINT);
      const snapshot = snapshotOf(b);
      if (snapshot.state === WorkerState.Ready) return;
      const verdict = watch.check(snapshot, Date.now());
      if (verdict) throw lose(b, 'start', verdict.why, verdict.hint);
      await waitAsync(b.state, SLOT_REPLIES, seen, WAIT_SLICE_MS).value;
    }
  } finally {
    b.worker.unref();
  }
}

/**
 * Runs the bridge op `op` with `args` in the worker and returns its result, blocking the
 * calling thread until then. Rethrows the op's error as its own class (InputError,
 * FormatError, FetchError, InternalError); throws InternalError when the worker stops,
 * fails to start, is stuck waiting for libuv's thread pool or does not answer within the
 * call timeout.
 */
export function runSync<T>(op: string, args: unknown): T {
  return runSyncEach<T>([{ shard: 0, op, args }])[0];
}

/** Runs `op` with `args` in every I/O worker (counters, caches), results by shard. */
export function runSyncAll<T>(op: string, args: unknown): T[] {
  return runSyncEach<T>(Array.from({ length: workers() }, (_, shard) => ({ shard, op, args })));
}

/** One call of {@link runSyncEach}: an op for the worker of `shard` (0 to shardCount() - 1). */
export interface ShardCall {
  readonly shard: number;
  readonly op: string;
  readonly args: unknown;
}

/**
 * Runs every call at once, each in its shard's worker, and returns their results in
 * order, blocking until the last has answered: the workers run in parallel while this
 * thread waits. Throws as {@link runSync} does, the first failing call's error (after
 * every call has answered, so no worker is left running an abandoned call unawares).
 */
export function runSyncEach<T>(calls: readonly ShardCall[]): T[] {
  const posted = calls.map(({ shard, op, args }) => {
    const b = liveBridge(shard);
    const id = b.nextId++;
    b.port.postMessage({ id, op, args } satisfies BridgeRequest);
    return { b, id, op };
  });
  let failure: RasterduckError | undefined;
  const values = posted.map(({ b, id, op }) => {
    try {
      const reply = awaitReply(b, id, op);
      if (reply.ok) return reply.value as T;
      failure ??= fromErrorRecord(reply.error);
    } catch (e) {
      failure ??= e as RasterduckError;
    }
    return undefined as T;
  });
  if (failure) throw failure;
  return values;
}

function awaitReply(b: Bridge, id: number, op: string): BridgeReply {
  const watch = new CallWatch(watchLimits(), Date.now());
  for (;;) {
    // read the counter before looking at the port: a reply landing in between changes it, so wait returns at once
    const seen = Atomics.load(b.state, SLOT_REPLIES);
    const reply = takeReply(b.port, id);
    if (reply?.id === STARTUP_FAILURE_ID && !reply.ok) throw lose(b, op, `the I/O worker failed to start: ${fromErrorRecord(reply.error).message}`, BUG_HINT);
    if (reply) return reply;
    // the abandoned op finishes in the worker; its reply is dropped by takeReply
    if (Atomics.load(BRIDGE_CANCEL, 0) !== 0) throw new FetchError({ reason: 'interrupted (Ctrl-C) before the I/O finished' });
    const verdict = watch.check(snapshotOf(b), Date.now());
    if (verdict) throw lose(b, op, verdict.why, verdict.hint);
    Atomics.wait(b.state, SLOT_REPLIES, seen, WAIT_SLICE_MS);
  }
}

function watchLimits() {
  return { callTimeoutMs: options.callTimeoutMs, stallTimeoutMs: options.stallTimeoutMs, startupTimeoutMs: STARTUP_TIMEOUT_MS };
}

function snapshotOf(b: Bridge): WorkerSnapshot {
  const at = (slot: number) => Atomics.load(b.state, slot);
  return { state: at(SLOT_STATE), beat: at(SLOT_BEAT), progress: at(SLOT_PROGRESS), poolWaitMs: at(SLOT_POOL_WAIT_MS) };
}

/** A startup failure, if one is queued (before the worker is ready, no other reply can be). */
function takeStartupFailure(port: MessagePort): Extract<BridgeReply, { ok: false }> | undefined {
  const reply = receiveMessageOnPort(port)?.message as BridgeReply | undefined;
  return reply?.id === STARTUP_FAILURE_ID && !reply.ok ? reply : undefined;
}

/** Atomics.waitAsync (V8 since Node 16), which this project's TypeScript lib (ES2022) does not declare. */
const waitAsync = (Atomics as unknown as {
  waitAsync(a: Int32Array, index: number, value: number, timeoutMs: number): { value: Promise<string> | string };
}).waitAsync;

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

function lose(b: Bridge, op: string, why: string, hint: string): RasterduckError {
  // a worker we gave up on may still be busy: replace it rather than share it with the next call
  if (bridges[b.shard] === b) bridges[b.shard] = undefined;
  void b.worker.terminate().catch(() => undefined);
  return new InternalError({ reason: `bridge op '${op}' failed: ${why}`, hint });
}
