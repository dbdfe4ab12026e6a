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
    expect(retryPolicyFromEnv({ RASTERDUCK_MAX_ATTEMPTS: '2', RASTERDUCK_TIMEOUT_MS: '500', RASTERDUCK_RETRY_BASE_MS: '0', RASTERDUCK_DEADLINE_MS: '9000' })).toMatchObject({ maxAttempts: 2, timeoutMs: 500, baseDelayMs: 0, deadlineMs: 9000 });
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
    expect((err as FetchError).message).toMatch(/^\(s3:\/\/b\/k\): gave up after 3 attempts \(the limit, RASTERDUCK_MAX_ATTEMPTS=3\); the last failed with HTTP 500 Internal Server Error/);
  });

  /** A clock that moves only when the retry layer sleeps. */
  function clocked(policy: RetryPolicy): { policy: RetryPolicy; waits: number[] } {
    let t = 0;
    const waits: number[] = [];
    return { waits, policy: { ...policy, now: () => t, sleep: async (ms) => void (waits.push(ms), (t += ms)) } };
  }

  it('stops before a wait that would run past the total deadline, naming the deadline', async () => {
    const { policy, waits } = clocked({ maxAttempts: 10, baseDelayMs: 0, maxDelayMs: 20_000, timeoutMs: 1_000, deadlineMs: 2_500 });
    let calls = 0;
    const err = await withRetry('u', async () => {
      calls += 1;
      throw new RetryableFetchError({ url: 'u', status: 503, reason: 'HTTP 503', retryAfterMs: 1_000 });
    }, policy).catch((e: unknown) => e);
    // attempts at t=0, 1000 and 2000; a fourth would start at 3000, past the deadline at 2500
    expect(waits).toEqual([1_000, 1_000]);
    expect(calls).toBe(3);
    expect((err as FetchError).message).toMatch(/gave up after 3 attempts in 2\.0 s: the total deadline per request \(RASTERDUCK_DEADLINE_MS=2500\) ran out; the last failed with HTTP 503/);
  });

  it('gives the last attempt only what is left of the deadline, and says the deadline ended it', async () => {
    const err = await withRetry('u', (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))), { maxAttempts: 5, baseDelayMs: 0, maxDelayMs: 0, timeoutMs: 60_000, deadlineMs: 50 }).catch((e: unknown) => e);
    expect((err as FetchError).message).toMatch(/gave up after 1 attempt in \d\.\d s: the total deadline .* no complete response within 50 ms \(what was left of the total deadline\)\. Is the server up and the URL right\?/);
  });

  it('ends at once when Retry-After asks for longer than maxDelayMs', async () => {
    const { policy, waits } = clocked({ ...fast, maxDelayMs: 20_000 });
    let calls = 0;
    const err = await withRetry('u', async () => {
      calls += 1;
      throw new RetryableFetchError({ url: 'u', status: 429, reason: 'HTTP 429 Too Many Requests', retryAfterMs: 3_600_000 });
    }, policy).catch((e: unknown) => e);
    expect([calls, waits.length]).toEqual([1, 0]);
    expect((err as FetchError).message).toContain('gave up after 1 attempt: the server asked to wait 3600 s (Retry-After), longer than the 20 s rasterduck waits');
  });
});
