/**
 * Retries transient failures (429, 5xx, resets, timeouts) with exponential backoff and
 * full jitter, one request at a time, each attempt under its own timeout.
 */
import { FetchError, type ErrorContext } from '../errors.js';
import { countRetry } from './counted.js';
import type { ByteRange, RangeReader } from './range-reader.js';

/**
 * A failure worth another attempt. Still a FetchError, so when no retry layer is present
 * it reaches the user as one; the retry layer replaces it with a summary after the last attempt.
 */
export class RetryableFetchError extends FetchError {
  /** How long the server asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  constructor(ctx: ErrorContext & { status?: number; retryAfterMs?: number }) {
    super(ctx);
    this.retryAfterMs = ctx.retryAfterMs;
  }
}

/** How hard to try. Times are in milliseconds. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The backoff before retry n is drawn from [0, min(maxDelayMs, baseDelayMs * 2^(n-1))). */
  readonly baseDelayMs: number;
  /** Cap on any one wait, Retry-After included. */
  readonly maxDelayMs: number;
  /** Limit on one attempt, from sending the request to the last byte of the body. */
  readonly timeoutMs: number;
  /** Waits between attempts; replaceable so tests can record waits instead of sleeping. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Defaults: 5 attempts as the brief and AWS SDKs' standard mode (3) plus headroom for
 * S3 SlowDown bursts; 200 ms base so four retries span about 3 s on average; waits capped
 * at 20 s; 30 s per attempt, which a 16 MiB merged fetch clears at ~0.5 MB/s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 20_000, timeoutMs: 30_000 };

/**
 * The default policy adjusted by RASTERDUCK_MAX_ATTEMPTS, RASTERDUCK_RETRY_BASE_MS and
 * RASTERDUCK_TIMEOUT_MS; unset or unparsable values keep the default.
 */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  const num = (v: string | undefined, fallback: number, min: number): number => {
    const n = v === undefined || v === '' ? NaN : Number(v);
    return Number.isFinite(n) && n >= min ? n : fallback;
  };
  const d = DEFAULT_RETRY_POLICY;
  return {
    ...d,
    maxAttempts: Math.floor(num(env.RASTERDUCK_MAX_ATTEMPTS, d.maxAttempts, 1)),
    baseDelayMs: num(env.RASTERDUCK_RETRY_BASE_MS, d.baseDelayMs, 0),
    timeoutMs: num(env.RASTERDUCK_TIMEOUT_MS, d.timeoutMs, 1),
  };
}

/**
 * Parses a Retry-After header (RFC 9110: delay-seconds or an HTTP-date) into milliseconds
 * from `nowMs`; undefined when absent or unparsable, 0 for a date in the past.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** The wait before retry `retry` (1-based): full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, throws something not retryable, or runs out of
 * attempts; then throws a FetchError naming `url`, the attempt count and the last failure.
 * Each attempt gets a signal that aborts at `policy.timeoutMs` or when `signal` aborts;
 * a caller's abort is rethrown at once.
 */
export async function withRetry<T>(url: string, attempt: (signal: AbortSignal) => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  for (let n = 1; ; n++) {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), policy.timeoutMs);
    try {
      return await attempt(signal ? AbortSignal.any([signal, timer.signal]) : timer.signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      const failure = timer.signal.aborted ? timedOut(url, policy.timeoutMs, e) : e;
      if (!(failure instanceof RetryableFetchError)) throw failure;
      if (n >= policy.maxAttempts) throw gaveUp(url, n, failure);
      countRetry(url);
      const wait = Math.min(policy.maxDelayMs, Math.max(failure.retryAfterMs ?? 0, backoffDelayMs(n, policy)));
      await (policy.sleep ?? sleep)(wait, signal);
    } finally {
      clearTimeout(timeout);
    }
  }
}

function timedOut(url: string, timeoutMs: number, cause: unknown): RetryableFetchError {
  return new RetryableFetchError({ url, reason: `no complete response within ${timeoutMs} ms`, cause });
}

function gaveUp(url: string, attempts: number, last: RetryableFetchError): FetchError {
  return new FetchError({
    url,
    status: last.status,
    reason: `gave up after ${attempts} attempts; the last failed with ${last.reason}`,
    hint: last.hint ?? 'The server or network kept failing; try again later, or raise RASTERDUCK_MAX_ATTEMPTS / RASTERDUCK_TIMEOUT_MS',
    cause: last,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const done = (): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retries each range on its own, so one failed range does not refetch its neighbours. */
export class RetryingReader implements RangeReader {
  readonly url: string;

  constructor(private readonly inner: RangeReader, private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.url = inner.url;
  }

  /** Reads every range concurrently, each with its own retries; throws the first FetchError. */
  async read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    const parts = await Promise.all(ranges.map((r) => withRetry(this.url, (s) => this.inner.read([r], s), this.policy, signal)));
    return parts.map((p) => p[0]);
  }

  /** The inner reader's size, retried like a read. */
  size(): Promise<number | undefined> {
    const inner = this.inner;
    return withRetry(this.url, () => (inner.size ? inner.size() : Promise.resolve(undefined)), this.policy);
  }
}
