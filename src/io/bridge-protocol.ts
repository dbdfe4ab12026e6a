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
/** Bytes of the shared state buffer: two Int32 slots. */
export const STATE_BYTES = 8;

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
