import { describe, expect, it } from 'vitest';
import { FetchError } from '../../src/errors.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfter, RetryableFetchError, retryPolicyFromEnv, withRetry, type RetryPolicy } from '../../src/io/retry.js';

const now = Date.UTC(2015, 9, 21, 7, 28, 0); // Wed, 21 Oct 2015 07:28:00 GMT, RFC 9110's example date

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP-dates (RFC 9110 section 10.2.3)', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('backoffDelayMs', () => {
  const p: RetryPolicy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000 };
  it('draws from [0, base * 2^(n-1)) capped at maxDelayMs (full jitter)', () => {
    expect(backoffDelayMs(1, p, () => 0)).toBe(0);
    expect(backoffDelayMs(1, p, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, p, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, p, () => 0.5)).toBe(500);
  });
});

describe('retryPolicyFromEnv', () => {
  it('takes the RASTERDUCK_* overrides and ignores unusable values', () => {
    expect(retryPolicyFromEnv({ RASTERDUCK_MAX_ATTEMPTS: '2', RASTERDUCK_TIMEOUT_MS: '500', RASTERDUCK_RETRY_BASE_MS: '0' })).toMatchObject({ maxAttempts: 2, timeoutMs: 500, baseDelayMs: 0 });
    expect(retryPolicyFromEnv({ RASTERDUCK_MAX_ATTEMPTS: '0', RASTERDUCK_TIMEOUT_MS: 'x' })).toEqual(DEFAULT_RETRY_POLICY);
  });
});

describe('withRetry', () => {
  const fast: RetryPolicy = { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 1_000 };

  it('does not retry a plain FetchError', async () => {
    let calls = 0;
    const err = await withRetry('u', async () => {
      calls += 1;
      throw new FetchError({ url: 'u', status: 404, reason: 'HTTP 404' });
    }, fast).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as FetchError).status).toBe(404);
  });

  it('stops at once when the caller aborts, without further attempts', async () => {
    const caller = new AbortController();
    let calls = 0;
    const err = await withRetry('u', async () => {
      calls += 1;
      caller.abort(new Error('query cancelled'));
      throw new RetryableFetchError({ url: 'u', reason: 'HTTP 503' });
    }, fast, caller.signal).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as Error).message).toContain('HTTP 503');
  });

  it('says how many attempts it made and why the last failed', async () => {
    const err = await withRetry('s3://b/k', async () => {
      throw new RetryableFetchError({ url: 's3://b/k', status: 500, reason: 'HTTP 500 Internal Server Error' });
    }, fast).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect(err).not.toBeInstanceOf(RetryableFetchError);
    expect((err as FetchError).message).toMatch(/^\(s3:\/\/b\/k\): gave up after 3 attempts; the last failed with HTTP 500 Internal Server Error/);
  });
});
