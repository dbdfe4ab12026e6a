/**
 * How a decode worker starts: from compiled dist/ it runs decode-worker.js; from
 * TypeScript sources (vitest, tsx) decode-worker.ts through tsx's ESM API, because Node 20
 * cannot load .ts in a worker and ignores `--import tsx` in its execArgv for the entry.
 * The same approach as src/bridge/sync-bridge.ts (workerEntry, bootstrapSource), without its
 * shared-memory state, which the asynchronous pool does not need.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { canSyncImports, SYNC_IMPORTS_HOOK_URL } from '../io/bridge-sync-imports.js';
import { STARTUP_FAILURE_ID } from './decode-protocol.js';

/**
 * The worker's first code, run as an eval'd script: registers tsx when needed, imports the
 * worker module and reports a failure to load it. Only dynamic import and globals, since a
 * worker inherits `--input-type=module` from `node -e`, where `require` does not exist.
 */
export function decodeWorkerSource(moduleUrl: string = import.meta.url): string {
  const fromSources = moduleUrl.endsWith('.ts');
  const file = new URL(fromSources ? './decode-worker.ts' : './decode-worker.js', moduleUrl).href;
  // the .mjs build: tsx 4's CommonJS register() resolves its loader wrongly from an eval'd worker
  const tsxApi = fromSources
    ? new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(moduleUrl).resolve('tsx/package.json'))).href
    : undefined;
  // a worker started by the I/O worker loads while queries may fill libuv's pool (see bridge-sync-imports.ts)
  const syncImports = !fromSources && canSyncImports();
  const failure = { id: STARTUP_FAILURE_ID, ok: false, error: { kind: 'internal', reason: '' } };
  return `
(async () => {
  const { parentPort } = await import('node:worker_threads');
  try {
    ${syncImports ? `(await import('node:module')).register(${JSON.stringify(SYNC_IMPORTS_HOOK_URL)});` : ''}
    ${tsxApi ? `(await import(${JSON.stringify(tsxApi)})).register();` : ''}
    await import(${JSON.stringify(file)});
  } catch (e) {
    const failure = ${JSON.stringify(failure)};
    failure.error.reason = 'cannot load ' + ${JSON.stringify(file)} + ': ' + ((e && e.stack) || e);
    parentPort.postMessage(failure);
    process.exit(1);
  }
})();`;
}
