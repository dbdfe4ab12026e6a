/**
 * A module loader hook for the bridge worker that reads ES modules and JSON with
 * readFileSync instead of Node's default asynchronous readFile.
 *
 * Why: the default loader reads through libuv's thread pool, and while the main thread is
 * blocked in runSync that pool can be full of DuckDB queries (each runs on a pool thread
 * and waits for the main thread), so a worker that imports anything (its first op module,
 * a codec, or its own entry when it restarts) would wait for a pool thread that never
 * comes. Resolution is already synchronous in Node's default resolver; CommonJS goes
 * through require(), which reads synchronously too; everything else (node: builtins,
 * data: URLs) needs no file read and is left to the next loader.
 */
import * as nodeModule from 'node:module';

// as text, loaded from a data: URL: the loader thread that runs it then reads no file to start it
const HOOK_SOURCE = `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && (context.format === 'module' || context.format === 'json')) {
    return { format: context.format, source: readFileSync(fileURLToPath(url)), shortCircuit: true };
  }
  return nextLoad(url, context);
}`;

/** The hook module, as a data: URL for module.register. */
export const SYNC_IMPORTS_HOOK_URL = `data:text/javascript,${encodeURIComponent(HOOK_SOURCE)}`;

/** True when this Node can install loader hooks (module.register, Node >= 20.6). */
export function canSyncImports(): boolean {
  return typeof (nodeModule as { register?: unknown }).register === 'function';
}
