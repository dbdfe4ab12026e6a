/**
 * Ops that only the bridge tests load (through configureBridge's extraOpModules): a
 * worker that dies, an op that never answers, and an error of each remaining class.
 */
import { FormatError } from '../../../src/errors.js';
import { registerOp } from '../../../src/bridge/bridge-registry.js';

registerOp('test.exitWorker', () => process.exit(3));
registerOp('test.never', () => new Promise(() => undefined));
registerOp('test.formatError', () => {
  throw new FormatError({ url: 'file:///x.tif', reason: 'compression 50002 is not supported', hint: 'Rewrite it' });
});
registerOp('test.typeError', () => (null as unknown as { x: number }).x);

// a buffer the worker keeps: after a transferring reply it must be detached (length 0) here
let kept = new Uint8Array(0);
registerOp('test.fresh', () => [(kept = Uint8Array.from([1, 2, 3]))], { transfer: true });
registerOp('test.keptLength', () => kept.byteLength);

// an uncaught exception kills the worker while the op is still pending
registerOp('test.crashLater', () => new Promise(() => setTimeout(() => { throw new Error('uncaught in worker'); }, 10)));

// waits for a thread of libuv's pool, which the pool tests keep busy
registerOp('test.poolStat', async () => (await import('node:fs/promises')).stat('/').then(() => 'done'));
