/**
 * The messages and shared-memory slots that the main thread and the bridge worker agree
 * on. Plain data only, so both sides can import it without side effects.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorRecord } from '../errors.js';

/** Int32 slot the worker bumps (then notifies) after every reply and when it exits. */
export const SLOT_REPLIES = 0;
/** Int32 slot holding the worker's {@link WorkerState}. */
export const SLOT_STATE = 1;
/** Int32 slot the worker bumps on each turn of its heartbeat, while requests are in flight. */
export const SLOT_BEAT = 2;
/** Int32 slot the worker sets, at each beat, to a number that changes whenever its I/O moves on. */
export const SLOT_PROGRESS = 3;
/**
 * Int32 slot the worker sets, at each beat, to how long (ms) its probe of libuv's thread
 * pool has waited for a pool thread; 0 while the pool answers.
 */
export const SLOT_POOL_WAIT_MS = 4;
/** Bytes of the shared state buffer: five Int32 slots. */
export const STATE_BYTES = 20;
/** How often (ms) the worker beats while it has requests in flight. */
export const BEAT_MS = 250;

/** Lifecycle of the worker as seen through {@link SLOT_STATE}. */
export const WorkerState = { Starting: 0, Ready: 1, Exited: 2 } as const;

/** The id of the reply a worker sends when it cannot load its ops. */
export const STARTUP_FAILURE_ID = -1;

/** What the worker receives as workerData. */
export interface BridgeInit {
  readonly port: MessagePort;
  readonly state: SharedArrayBuffer;
  /** Extra op modules (URLs) to import after bridge-ops, e.g. test-only ops. */
  readonly extraOpModules: readonly string[];
  /**
   * True when the bootstrap installed the synchronous module loader (import-hook.ts), so
   * the worker's imports need no thread-pool work; otherwise the worker imports every op
   * module before it says it is ready.
   */
  readonly syncImports: boolean;
  /** This worker's shard and how many there are (sync-bridge.ts): caches size themselves by it. */
  readonly shard: number;
  readonly shards: number;
}

/** One call from the main thread. */
export interface BridgeRequest {
  readonly id: number;
  readonly op: string;
  readonly args: unknown;
}

/** The worker's answer to the request with the same id. */
export type BridgeReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: ErrorRecord };
