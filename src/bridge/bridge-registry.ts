/**
 * Ops added to the I/O workers by extra modules (BridgeOptions.extraOpModules: tests,
 * plugins), which call registerOp when a worker imports them. rasterduck's own ops are in
 * the table of bridge-ops.ts.
 */
import { InternalError } from '../errors.js';

/** An op: plain (structured-cloneable) arguments in, a cloneable value out. */
export type BridgeOp<A = never, R = unknown> = (args: A) => Promise<R> | R;

/** Options for {@link registerOp}. */
export interface OpOptions {
  /**
   * Move the ArrayBuffers of typed arrays in the result to the main thread instead of
   * copying them. Only for ops whose result buffers are fresh and not kept (e.g. not cached).
   */
  readonly transfer?: boolean;
}

/** A registered op with its options. */
export interface RegisteredOp {
  readonly run: BridgeOp<unknown>;
  readonly transfer: boolean;
}

const ops = new Map<string, RegisteredOp>();

/**
 * Registers `fn` under `name` for runSync(name, args). The caller of runSync is trusted
 * to pass the args the op expects. Throws InternalError when the name is taken.
 */
export function registerOp<A, R>(name: string, fn: BridgeOp<A, R>, options: OpOptions = {}): void {
  if (ops.has(name)) throw new InternalError({ reason: `bridge op '${name}' is registered twice`, hint: 'Two extra op modules use the same op name' });
  ops.set(name, { run: fn as BridgeOp<unknown>, transfer: options.transfer ?? false });
}

/** The op registered under `name`, if any. */
export function lookupOp(name: string): RegisteredOp | undefined {
  return ops.get(name);
}

/** Every registered op name, sorted, for error messages. */
export function opNames(): string[] {
  return [...ops.keys()].sort();
}
