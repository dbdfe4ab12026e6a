/**
 * The bridge's worker thread (started by the bootstrap in sync-bridge.ts): runs the
 * registered ops asynchronously and answers each request on the port, then wakes the
 * main thread blocked in runSync. While requests are in flight it beats (bridge-beat.ts),
 * so the waiting call can tell a busy worker from a stuck one.
 */
import { workerData } from 'node:worker_threads';
import { InternalError, toErrorRecord } from '../errors.js';
import { startBeat } from './bridge-beat.js';
import { SLOT_REPLIES, SLOT_STATE, WorkerState, type BridgeInit, type BridgeReply, type BridgeRequest } from './bridge-protocol.js';
import { LAZY_IMPORTS, OPS, READ_PATH_IMPORTS, type OpName } from './bridge-ops.js';
import { lookupOp, opNames, type BridgeOp, type RegisteredOp } from './bridge-registry.js';
import { setWorkerShare } from '../io/worker-share.js';

const init = workerData as BridgeInit;
const state = new Int32Array(init.state);
setWorkerShare(init.shards);

function wake(): void {
  Atomics.add(state, SLOT_REPLIES, 1);
  Atomics.notify(state, SLOT_REPLIES);
}

/** Every distinct ArrayBuffer under typed arrays in `value` (arrays and plain objects walked). */
function transferables(value: unknown, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    // a Buffer may sit in Node's shared 8 KiB pool: moving that would break unrelated Buffers
    if (!Buffer.isBuffer(value) && value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (Array.isArray(value)) {
    for (const v of value) transferables(v, found);
  } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) transferables(v, found);
  }
  return [...found];
}

const loaded = new Map<string, Promise<RegisteredOp>>();

/** The op: one an extra module registered, else the table's, its module imported on first use. */
function opFor(name: string): Promise<RegisteredOp | undefined> {
  const extra = lookupOp(name);
  if (extra || !Object.hasOwn(OPS, name)) return Promise.resolve(extra);
  let op = loaded.get(name);
  if (!op) {
    const entry = OPS[name as OpName];
    op = entry.load().then((run) => ({ run: run as BridgeOp<unknown>, transfer: 'transfer' in entry && entry.transfer === true }));
    loaded.set(name, op);
  }
  return op;
}

async function answer(req: BridgeRequest): Promise<{ reply: BridgeReply; transfer: ArrayBuffer[] }> {
  try {
    const op = await opFor(req.op);
    if (!op) {
      const known = [...new Set([...opNames(), ...Object.keys(OPS)])].sort();
      throw new InternalError({ reason: `unknown bridge op '${req.op}' (known: ${known.join(', ')})`, hint: 'The op may be missing from OPS in src/bridge/bridge-ops.ts' });
    }
    const value = await op.run(req.args);
    return { reply: { id: req.id, ok: true, value }, transfer: op.transfer ? transferables(value) : [] };
  } catch (e) {
    return { reply: { id: req.id, ok: false, error: toErrorRecord(e) }, transfer: [] };
  }
}

const beat = startBeat(state);

async function handle(req: BridgeRequest): Promise<void> {
  beat.begin();
  const { reply, transfer } = await answer(req).finally(() => beat.end());
  try {
    init.port.postMessage(reply, transfer);
  } catch (e) {
    const reason = `bridge op '${req.op}' returned a value that cannot cross threads: ${e instanceof Error ? e.message : String(e)}`;
    init.port.postMessage({ id: req.id, ok: false, error: toErrorRecord(new InternalError({ reason })) } satisfies BridgeReply);
  }
  wake();
}

// Without the synchronous loader every later import() would read on libuv's thread pool,
// which queries may fill while the main thread waits for us: import it all now, while
// register() awaits this start. The bootstrap reports a failure and marks us exited.
if (!init.syncImports) await Promise.all([...Object.keys(OPS).map((name) => opFor(name)), ...LAZY_IMPORTS.map((load) => load())]);
for (const url of init.extraOpModules) await import(url);
init.port.on('message', (req: BridgeRequest) => void handle(req));
Atomics.store(state, SLOT_STATE, WorkerState.Ready);
wake();
// Later, in the background, once the process's own start is over (it competes for the same
// cores: SELECT 1 took 0.47 s with every worker preloading at once, 0.3 s without); a request
// that needs one of them meanwhile awaits the same import.
const PRELOAD_AFTER_MS = 150;
if (init.syncImports) setTimeout(() => READ_PATH_IMPORTS.forEach((load) => void load().catch(() => undefined)), PRELOAD_AFTER_MS).unref();
