import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, FormatError, InputError, InternalError } from '../../src/errors.js';
import type { IoStats } from '../../src/io/counted.js';
import { configureBridge, runSync, stopBridge, workerEntry } from '../../src/bridge/sync-bridge.js';
import { payloadBytes } from './helpers/payload.js';
import { startServerProcess, type ServerProcess } from './helpers/server-process.js';

// runSync blocks this thread, so the HTTP server runs in a child process
let server: ServerProcess;
const file = join(mkdtempSync(join(tmpdir(), 'rasterduck-bridge-')), 'payload.bin');
writeFileSync(file, payloadBytes(0, 100_000));
const asList = (bytes: Uint8Array[]) => bytes.map((b) => Array.from(b));
const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

beforeAll(async () => {
  server = await startServerProcess();
  configureBridge({ extraOpModules: [new URL('./helpers/bridge-test-ops.ts', import.meta.url).href] });
});
afterAll(async () => {
  server.close();
  await stopBridge();
});

describe('runSync readRanges', () => {
  it('reads a local file and an HTTP file in one wave', () => {
    const ranges = [{ offset: 99_990, length: 20 }, { offset: 40, length: 8 }];
    const out = runSync<Uint8Array[][]>('readRanges', [
      { url: file, ranges },
      { url: `${server.origin}/bridge.bin?size=100000`, ranges: ranges.slice(1) },
      { url: pathToFileURL(file).href, ranges: [] },
    ]);
    expect(out.map(asList)).toEqual([[payloadBytes(99_990, 10), payloadBytes(40, 8)], [payloadBytes(40, 8)], []].map(asList));
  });

  it('runs a 2048-request wave concurrently, under the concurrency cap', async () => {
    runSync('resetIoStats', null);
    const path = '/wave.bin?delay=20&size=200000000';
    const requests = Array.from({ length: 2048 }, (_, i) => ({ url: server.origin + path, ranges: [{ offset: i * 65_536, length: 16 }] }));
    const out = runSync<Uint8Array[][]>('readRanges', requests);
    expect(out.map((r, i) => Array.from(r[0]).join() === Array.from(payloadBytes(i * 65_536, 16)).join()).every(Boolean)).toBe(true);
    const seen = await server.stats();
    expect(seen.byUrl[path]).toBe(2048);
    expect(seen.maxInFlightByUrl[path]).toBeGreaterThan(1);
    expect(seen.maxInFlightByUrl[path]).toBeLessThanOrEqual(64);
    expect(runSync<IoStats>('ioStats', null)).toMatchObject({ requests: 2048, bytes: 2048 * 16, retries: 0, errors: 0 });
  });
});

describe('runSync errors', () => {
  it('rethrows each error as its own class with its message', () => {
    const missing = caught(() => runSync('readRanges', [{ url: `${server.origin}/gone.bin?status=404`, ranges: [{ offset: 0, length: 1 }] }]));
    expect(missing).toBeInstanceOf(FetchError);
    expect(missing).toMatchObject({ status: 404, url: `${server.origin}/gone.bin?status=404` });
    expect(caught(() => runSync('readRanges', [{ url: 'gs://b/k', ranges: [] }]))).toBeInstanceOf(InputError);
    const format = caught(() => runSync('test.formatError', null));
    expect(format).toBeInstanceOf(FormatError);
    expect((format as FormatError).message).toBe('(file:///x.tif): compression 50002 is not supported. Rewrite it');
    expect(caught(() => runSync('test.typeError', null))).toBeInstanceOf(InternalError);
    expect((caught(() => runSync('no.such.op', null)) as Error).message).toMatch(/unknown bridge op 'no\.such\.op' \(known: .*readRanges/);
  });

  it('reports a worker that dies as an InternalError, then starts a new one', () => {
    const err = caught(() => runSync('test.exitWorker', null));
    expect(err).toBeInstanceOf(InternalError);
    expect((err as Error).message).toMatch(/^bridge op 'test\.exitWorker' failed: the I\/O worker stopped before answering/);
    expect(runSync<IoStats>('ioStats', null).requests).toBe(0);
  });

  it('reports a worker killed by an uncaught exception', () => {
    expect((caught(() => runSync('test.crashLater', null)) as Error).message).toMatch(/the I\/O worker stopped before answering\. This is a bug/);
    expect(runSync<IoStats>('ioStats', null).requests).toBe(0);
  });

  it('gives up on an op that never answers after the call timeout, then starts a new worker', () => {
    configureBridge({ callTimeoutMs: 1_000 });
    try {
      const err = caught(() => runSync('test.never', null));
      expect(err).toBeInstanceOf(InternalError);
      expect((err as Error).message).toMatch(/did not answer within 1000 ms, the limit RASTERDUCK_BRIDGE_TIMEOUT_MS sets; no I\/O moved on during the wait\. Raise RASTERDUCK_BRIDGE_TIMEOUT_MS/);
    } finally {
      configureBridge({ callTimeoutMs: 600_000 });
    }
    expect(runSync<IoStats>('ioStats', null).requests).toBe(0);
  });

  it('reports a worker that cannot load its ops', async () => {
    await stopBridge();
    configureBridge({ extraOpModules: [pathToFileURL(join(tmpdir(), 'no-such-ops.ts')).href] });
    try {
      expect((caught(() => runSync('ioStats', null)) as Error).message).toMatch(/failed: the I\/O worker failed to start: cannot load .*no-such-ops\.ts/);
    } finally {
      configureBridge({ extraOpModules: [new URL('./helpers/bridge-test-ops.ts', import.meta.url).href] });
    }
  });
});

describe('bridge lifecycle', () => {
  it('moves result buffers to the caller instead of copying them', () => {
    expect(runSync<Uint8Array[]>('test.fresh', null).map((b) => Array.from(b))).toEqual([[1, 2, 3]]);
    expect(runSync('test.keptLength', null)).toBe(0);
  });

  it('lets a process that used runSync exit on its own', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const bridge = new URL('../../src/bridge/sync-bridge.ts', import.meta.url).href;
    const script = `const { runSync } = await import(${JSON.stringify(bridge)});
      const out = runSync('readRanges', [{ url: ${JSON.stringify(file)}, ranges: [{ offset: 5, length: 3 }] }]);
      console.log(JSON.stringify(Array.from(out[0][0])));`;
    const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    // a hang would be killed here and show as a signal instead of exit code 0
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? signal)));
    clearTimeout(killer);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(Array.from(payloadBytes(5, 3)));
  });

  it('starts the compiled worker from dist/ and the TypeScript one through tsx', () => {
    expect(workerEntry('file:///app/dist/bridge/sync-bridge.js')).toEqual({ file: new URL('file:///app/dist/bridge/bridge-worker.js') });
    const fromTs = workerEntry(new URL('../../src/bridge/sync-bridge.ts', import.meta.url).href);
    expect(fromTs.file.pathname).toMatch(/src\/bridge\/bridge-worker\.ts$/);
    expect(fromTs.tsxApi).toMatch(/^file:.*\/tsx\/dist\/esm\/api\/index\.mjs$/);
  });
});
