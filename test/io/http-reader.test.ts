import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors.js';
import { ioStats, resetIoStats } from '../../src/io/counted.js';
import { HttpReader } from '../../src/io/http-reader.js';
import { Limiter } from '../../src/io/limiter.js';
import { composeReader, type ReaderOptions } from '../../src/io/open-reader.js';
import type { RetryPolicy } from '../../src/io/retry.js';
import { payloadBytes } from './helpers/payload.js';
import { startRangeServer, type RangeServer } from './helpers/range-server.js';

let server: RangeServer;
let waits: number[];
// records the waits instead of sleeping: tests assert what was asked for, never timings
const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 20_000, timeoutMs: 2_000, sleep: async (ms) => void waits.push(ms) };

beforeAll(async () => void (server = await startRangeServer()));
afterAll(() => server.close());
beforeEach(() => {
  resetIoStats();
  waits = [];
});

function reader(path: string, options: ReaderOptions = {}) {
  return composeReader(new HttpReader(server.origin + path), { retry: policy, limiter: new Limiter(8), ...options });
}
const seen = (path: string): number => server.stats().byUrl[path] ?? 0;
const asList = (bytes: Uint8Array[]) => bytes.map((b) => Array.from(b));

describe('HttpReader', () => {
  it('returns the requested bytes, short past the end and empty from a 416', async () => {
    const r = new HttpReader(`${server.origin}/plain.bin?size=5000`);
    const out = await r.read([{ offset: 10, length: 20 }, { offset: 4990, length: 100 }, { offset: 6000, length: 5 }, { offset: 3, length: 0 }]);
    expect(asList(out)).toEqual([payloadBytes(10, 20), payloadBytes(4990, 10), new Uint8Array(0), new Uint8Array(0)].map((b) => Array.from(b)));
    expect(await r.size()).toBe(5000);
    const sent = server.stats().log.filter((l) => l.url === '/plain.bin?size=5000').map((l) => l.headers.range);
    expect(sent.sort()).toEqual(['bytes=10-29', 'bytes=4990-5089', 'bytes=6000-6004']);
  });

  it('slices a 200 whole-body answer when the server ignores Range', async () => {
    const out = await new HttpReader(`${server.origin}/norange.bin?size=3000&norange=1`).read([{ offset: 2000, length: 7 }]);
    expect(asList(out)).toEqual([Array.from(payloadBytes(2000, 7))]);
  });

  it('sends the ranges of one call concurrently', async () => {
    const path = '/concurrent.bin?delay=50';
    const ranges = Array.from({ length: 12 }, (_, i) => ({ offset: i * 100_000, length: 10 }));
    await reader(path, { limiter: new Limiter(4) }).read(ranges);
    expect(seen(path)).toBe(12);
    expect(server.stats().maxInFlightByUrl[path]).toBeGreaterThan(1);
    expect(server.stats().maxInFlightByUrl[path]).toBeLessThanOrEqual(4);
  });
});

describe('coalescing', () => {
  const ranges = Array.from({ length: 10 }, (_, i) => ({ offset: i * 10_000, length: 1_000 }));

  it('reads ten ranges 9 KB apart in one request', async () => {
    const out = await reader('/coalesced.bin').read(ranges);
    expect(seen('/coalesced.bin')).toBe(1);
    expect(ioStats().requests).toBe(1);
    expect(ioStats().byScheme.http.bytes).toBe(91_000);
    expect(asList(out)).toEqual(ranges.map((r) => Array.from(payloadBytes(r.offset, r.length))));
  });

  it('reads them in ten requests when the gap allowed is smaller', async () => {
    await reader('/uncoalesced.bin', { coalesce: { gapBytes: 8_999 } }).read(ranges);
    expect(seen('/uncoalesced.bin')).toBe(10);
    expect(ioStats().requests).toBe(10);
  });
});

describe('retries', () => {
  const one = [{ offset: 100, length: 50 }];
  const expected = [Array.from(payloadBytes(100, 50))];

  it('retries a 503 twice, then succeeds', async () => {
    const path = '/flaky.bin?fail=503x2';
    expect(asList(await reader(path).read(one))).toEqual(expected);
    expect(seen(path)).toBe(3);
    expect(ioStats()).toMatchObject({ requests: 3, retries: 2, errors: 2 });
  });

  it('waits as long as a 429 Retry-After asks', async () => {
    const path = '/throttled.bin?fail=429x1&ra=7';
    expect(asList(await reader(path).read(one))).toEqual(expected);
    expect(seen(path)).toBe(2);
    expect(waits).toEqual([7_000]);
  });

  it('retries a reset connection', async () => {
    const path = '/reset.bin?reset=1';
    expect(asList(await reader(path).read(one))).toEqual(expected);
    expect(seen(path)).toBe(2);
    expect(ioStats().retries).toBe(1);
  });

  it('abandons a request that hangs past the timeout and retries it', async () => {
    const path = '/hang.bin?hang=1';
    const out = await reader(path, { retry: { ...policy, timeoutMs: 1_000 } }).read(one);
    expect(asList(out)).toEqual(expected);
    expect(seen(path)).toBe(2);
    expect(ioStats().retries).toBe(1);
  });

  it('gives up after maxAttempts with the attempt count and the last status', async () => {
    const path = '/down.bin?fail=503x99';
    const err = await reader(path).read(one).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).status).toBe(503);
    expect((err as FetchError).message).toContain(`(${server.origin}${path}): gave up after 4 attempts (the limit, RASTERDUCK_MAX_ATTEMPTS=4); the last failed with HTTP 503 Service Unavailable`);
    expect(seen(path)).toBe(4);
  });

  for (const status of [404, 403]) {
    it(`fails at once on ${status}, naming the URL, the status and what to check`, async () => {
      const path = `/denied.bin?status=${status}`;
      const err = await reader(path).read(one).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FetchError);
      expect((err as FetchError).status).toBe(status);
      expect((err as FetchError).message).toMatch(new RegExp(`^\\(${server.origin}/denied\\.bin\\?status=${status}\\): HTTP ${status} .*Injected${status}.*\\. \\S`));
      expect(seen(path)).toBe(1);
      expect(ioStats().retries).toBe(0);
    });
  }

  it('a refused connection, after its retries, says to check that the server is up and the URL right', async () => {
    const closed = await startRangeServer();
    const origin = closed.origin;
    await closed.close();
    const err = await composeReader(new HttpReader(`${origin}/x.tif`), { retry: policy, limiter: new Limiter(8) }).read(one).catch((e: unknown) => e);
    expect((err as FetchError).message).toMatch(/gave up after 4 attempts .*network error \(ECONNREFUSED.*\. Is the server up and the URL \(host, port\) right\?/);
  });
});
