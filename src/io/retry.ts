/**
 * Retries transient failures (429, 5xx, resets, timeouts) with exponential backoff and
 * full jitter, one request at a time, each attempt under its own timeout and all of a
 * request's attempts and waits under one total deadline.
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
  /** Cap on any one wait; a Retry-After longer than this ends the retries at once. */
  readonly maxDelayMs: number;
  /** Limit on one attempt, from sending the request to the last byte of the body. */
  readonly timeoutMs: number;
  /** Limit on one request with all its attempts and waits; no attempt runs past it. Absent: none. */
  readonly deadlineMs?: number;
  /** Waits between attempts; replaceable so tests can record waits instead of sleeping. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The clock the deadline is measured on; replaceable in tests. */
  readonly now?: () => number;
}

/**
 * Defaults: 5 attempts as AWS SDKs' standard mode (3) plus headroom for S3 SlowDown
 * bursts; 200 ms base so four retries span about 3 s on average; waits capped at 20 s;
 * 20 s per attempt, which a 16 MiB merged fetch clears at ~0.8 MB/s; 60 s per request in
 * all, so a server that accepts connections and never answers fails a call in about a
 * minute (it took 303 s with 30 s x 5 attempts and no deadline).
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 20_000, timeoutMs: 20_000, deadlineMs: 60_000 };

/**
 * The default policy adjusted by RASTERDUCK_MAX_ATTEMPTS, RASTERDUCK_RETRY_BASE_MS,
 * RASTERDUCK_TIMEOUT_MS and RASTERDUCK_DEADLINE_MS; unset or unparsable values keep the default.
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
    deadlineMs: num(env.RASTERDUCK_DEADLINE_MS, d.deadlineMs ?? Infinity, 1),
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
 * A failure after the whole retry schedule (attempts, deadline or a Retry-After too long
 * to honour), or one that no retry can fix. Final: the failure memo keeps it.
 */
export class ExhaustedFetchError extends FetchError {}

/**
 * Runs `attempt` until it succeeds, throws something not retryable, runs out of attempts
 * or reaches the deadline; then throws an ExhaustedFetchError naming `url`, the limit that
 * ended it and the last failure. Each attempt gets a signal that aborts at
 * `policy.timeoutMs`, at the deadline, or when `signal` aborts; a caller's abort is
 * rethrown at once.
 */
export async function withRetry<T>(url: string, attempt: (signal: AbortSignal) => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  const now = policy.now ?? Date.now;
  const started = now();
  const deadline = started + (policy.deadlineMs ?? Infinity);
  for (let n = 1; ; n++) {
    // the first attempt has the whole deadline (reading the clock again could lose a tick)
    const left = n === 1 ? deadline - started : deadline - now();
    const cutByDeadline = left < policy.timeoutMs;
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), Math.max(0, Math.min(policy.timeoutMs, left)));
    try {
      return await attempt(signal ? AbortSignal.any([signal, timer.signal]) : timer.signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      const failure = timer.signal.aborted ? timedOut(url, cutByDeadline ? left : policy.timeoutMs, cutByDeadline, policy, e) : e;
      if (!(failure instanceof RetryableFetchError)) throw failure;
      const spent = { attempts: n, ms: now() - started };
      if (timer.signal.aborted && cutByDeadline) throw pastDeadline(url, spent, policy, failure);
      if (n >= policy.maxAttempts) throw gaveUp(url, spent, policy, failure);
      if ((failure.retryAfterMs ?? 0) > policy.maxDelayMs) throw waitTooLong(url, spent, policy, failure);
      const wait = Math.max(failure.retryAfterMs ?? 0, backoffDelayMs(n, policy));
      // an attempt that would start with no time left could only fail: stop now
      if (now() + wait >= deadline) throw pastDeadline(url, spent, policy, failure);
      countRetry(url);
      await (policy.sleep ?? sleep)(wait, signal);
    } finally {
      clearTimeout(timeout);
    }
  }
}

/** What spent the retries: attempts made and time taken. */
interface Spent {
  readonly attempts: number;
  readonly ms: number;
}

/** An attempt ended by a timer rather than by an answer. */
class TimedOutError extends RetryableFetchError {}

function timedOut(url: string, ms: number, byDeadline: boolean, policy: RetryPolicy, cause: unknown): RetryableFetchError {
  const which = byDeadline ? 'what was left of the total deadline' : `the per-attempt timeout, RASTERDUCK_TIMEOUT_MS=${policy.timeoutMs}`;
  return new TimedOutError({ url, reason: `no complete response within ${Math.round(ms)} ms (${which})`, cause });
}

const attemptsText = (n: number): string => `${n} attempt${n === 1 ? '' : 's'}`;

/** What to check or change after `last`, by the kind of failure it was. */
function hintAfter(last: RetryableFetchError, limits: string): string {
  if (last instanceof TimedOutError) {
    return `Is the server up and the URL right? A server that accepts connections but never answers fails like this. ${limits}`;
  }
  if (last.status === undefined) return `Is the server up and the URL (host, port) right? ${limits}`;
  return `${last.hint ?? 'The server kept failing'}. ${limits}`;
}

const LIMITS = 'To fail sooner lower RASTERDUCK_DEADLINE_MS, RASTERDUCK_TIMEOUT_MS or RASTERDUCK_MAX_ATTEMPTS; on a slow but working link raise them';

function gaveUp(url: string, spent: Spent, policy: RetryPolicy, last: RetryableFetchError): FetchError {
  return new ExhaustedFetchError({
    url,
    status: last.status,
    reason: `gave up after ${attemptsText(spent.attempts)} (the limit, RASTERDUCK_MAX_ATTEMPTS=${policy.maxAttempts}); the last failed with ${last.reason}`,
    hint: hintAfter(last, LIMITS),
    cause: last,
  });
}

function pastDeadline(url: string, spent: Spent, policy: RetryPolicy, last: RetryableFetchError): FetchError {
  return new ExhaustedFetchError({
    url,
    status: last.status,
    reason: `gave up after ${attemptsText(spent.attempts)} in ${(spent.ms / 1000).toFixed(1)} s: the total deadline per request (RASTERDUCK_DEADLINE_MS=${policy.deadlineMs}) ran out; the last failed with ${last.reason}`,
    hint: hintAfter(last, LIMITS),
    cause: last,
  });
}

function waitTooLong(url: string, spent: Spent, policy: RetryPolicy, last: RetryableFetchError): FetchError {
  const asked = Math.round((last.retryAfterMs ?? 0) / 1000);
  return new ExhaustedFetchError({
    url,
    status: last.status,
    reason: `gave up after ${attemptsText(spent.attempts)}: the server asked to wait ${asked} s (Retry-After), longer than the ${policy.maxDelayMs / 1000} s rasterduck waits; the last failed with ${last.reason}`,
    hint: 'The server is throttling or down for a while: try again later',
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
  size(signal?: AbortSignal): Promise<number | undefined> {
    const inner = this.inner;
    return withRetry(this.url, (s) => (inner.size ? inner.size(s) : Promise.resolve(undefined)), this.policy, signal);
  }
}
