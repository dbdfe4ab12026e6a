/**
 * The bridge worker while libuv's thread pool is full, as it is when every pool thread runs
 * a DuckDB query waiting for the main thread (issue 13). The pool is filled here on
 * purpose: one open() of a FIFO per pool thread, each blocked until the test opens the
 * other end. Reads (local files, HTTP by IP and by name) and imports through the
 * synchronous loader must still finish; an op that does need the pool must fail with a
 * message that names the limit and what to do.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.js';
import { SYNC_IMPORTS_HOOK_URL } from '../../src/io/bridge-sync-imports.js';
import { threadPoolSize } from '../../src/bridge/bridge-watch.js';
import { configureBridge, readyBridge, runSync, stopBridge } from '../../src/bridge/sync-bridge.js';
import { payloadBytes } from './helpers/payload.js';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-pool-'));
const file = join(dir, 'payload.bin');
writeFileSync(file, payloadBytes(0, 50_000));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
  // a bounded wait, so that a worker that needs the pool fails these tests instead of hanging them
  configureBridge({ extraOpModules: [new URL('./helpers/bridge-test-ops.ts', import.meta.url).href], callTimeoutMs: 20_000 });
});
afterAll(async () => {
  server.close();
  configureBridge({ callTimeoutMs: 600_000, stallTimeoutMs: 90_000 });
  await stopBridge();
});

/** Takes every thread of libuv's pool until the returned release() is awaited. */
async function fillPool(): Promise<() => Promise<void>> {
  const fifos = Array.from({ length: threadPoolSize() }, (_, i) => join(dir, `fifo-${i}-${Date.now()}`));
  for (const f of fifos) execFileSync('mkfifo', [f]);
  const opened = fifos.map((f) => open(f, 'r'));
  // the pool is full once a further pool job waits: a stat that has not settled
  let settled = false;
  const probe = stat('/').finally(() => (settled = true));
  await sleep(300);
  expect(settled, 'the FIFO opens did not take every pool thread').toBe(false);
  return async () => {
    for (const f of fifos) {
      // non-blocking: ENXIO while the reader's open has not started yet, so try again
      for (;;) {
        try {
          closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
          break;
        } catch {
          await sleep(20);
        }
      }
    }
    for (const fh of await Promise.all(opened)) await fh.close();
    await probe;
  };
}

describe('the bridge with libuv thread pool full', () => {
  it('reads a local file and HTTP by IP and by the name localhost', async () => {
    await readyBridge();
    const release = await fillPool();
    try {
      const ranges = [{ offset: 40_000, length: 16 }];
      const localhost = server.origin.replace('127.0.0.1', 'localhost');
      const out = runSync<Uint8Array[][]>('readRanges', [
        { url: file, ranges },
        { url: pathToFileURL(file).href, ranges },
        { url: `${server.origin}/a.bin?size=100000`, ranges },
        { url: `${localhost}/b.bin?size=100000`, ranges },
      ]);
      expect(out.map((r) => Array.from(r[0]))).toEqual(Array(4).fill(Array.from(payloadBytes(40_000, 16))));
    } finally {
      await release();
    }
  });

  it('waits past the stall limit for a worker whose I/O keeps moving', async () => {
    await readyBridge();
    configureBridge({ stallTimeoutMs: 1_000 });
    const release = await fillPool();
    try {
      // 2048 requests of 100 ms each, at most 64 in flight (the limiter): ~3 s, with I/O moving on all along
      const url = `${server.origin}/slow.bin?delay=100&size=200000000`;
      const requests = Array.from({ length: 2048 }, (_, i) => ({ url, ranges: [{ offset: i * 65_536, length: 4 }] }));
      const out = runSync<Uint8Array[][]>('readRanges', requests);
      expect(out.every((r, i) => Array.from(r[0]).join() === Array.from(payloadBytes(i * 65_536, 4)).join())).toBe(true);
    } finally {
      await release();
      configureBridge({ stallTimeoutMs: 90_000 });
    }
  });

  it('gives up on a worker stuck waiting for the pool, naming the limit and what to do', async () => {
    await readyBridge();
    configureBridge({ stallTimeoutMs: 1_500 });
    const release = await fillPool();
    let err: unknown;
    try {
      runSync('test.poolStat', null);
    } catch (e) {
      err = e;
    } finally {
      await release();
      configureBridge({ stallTimeoutMs: 90_000 });
    }
    const n = threadPoolSize();
    expect(err).toBeInstanceOf(InternalError);
    expect((err as Error).message).toMatch(new RegExp(`^bridge op 'test\\.poolStat' failed: the I/O worker has waited \\d+ s for a thread of libuv's pool \\(UV_THREADPOOL_SIZE=${n}\\) with no I/O moving`));
    expect((err as Error).message).toContain(`Run fewer than ${n} queries at once in this process, or start node with UV_THREADPOOL_SIZE above the number of concurrent queries`);
    await readyBridge();
    expect(runSync('test.poolStat', null)).toBe('done');
  });

  it('imports modules through the synchronous loader', async () => {
    writeFileSync(join(dir, 'a.mjs'), "import { b } from './b.mjs'; import c from './c.cjs'; export const value = b + c;");
    writeFileSync(join(dir, 'b.mjs'), 'export const b = 40;');
    writeFileSync(join(dir, 'c.cjs'), 'module.exports = 2;');
    const source = `const { parentPort } = await import('node:worker_threads');
      (await import('node:module')).register(${JSON.stringify(SYNC_IMPORTS_HOOK_URL)});
      parentPort.postMessage((await import(${JSON.stringify(pathToFileURL(join(dir, 'a.mjs')).href)})).value);`;
    const release = await fillPool();
    const worker = new Worker(`(async () => { ${source} })()`, { eval: true });
    try {
      const got = await Promise.race([new Promise((resolve) => worker.once('message', resolve)), sleep(15_000).then(() => 'timed out')]);
      expect(got).toBe(42);
    } finally {
      await worker.terminate();
      await release();
    }
  });
});
