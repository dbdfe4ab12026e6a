/**
 * A cap on requests in flight, shared by every reader in the process, so a wave of 2048
 * chips does not open 2048 sockets or file handles at once.
 */
import { InputError } from '../errors.js';
import type { ByteRange, RangeReader } from './range-reader.js';

/**
 * Default cap on requests in flight. 64 keeps a 2048-request wave to 32 rounds while
 * staying far below the usual 1024 open-file limit, and object stores serve thousands
 * of GETs per second per prefix, so the cap is ours, not theirs.
 */
export const DEFAULT_MAX_CONCURRENCY = 64;

/** Runs async tasks with at most `max` of them at a time, first come first served. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  /** Throws InputError unless `max` is a positive integer. */
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new InputError({ reason: `the concurrency limit must be a positive integer, got ${max}`, hint: 'Set RASTERDUCK_MAX_CONCURRENCY to e.g. 64' });
    }
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  /** Runs `task` when a slot is free; rejects with the signal's reason if aborted while queued. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.max) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active += 1;
        resolve();
      };
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    this.active -= 1;
    this.waiting.shift()?.();
  }
}

let shared: Limiter | undefined;

/**
 * The process-wide limiter, sized by RASTERDUCK_MAX_CONCURRENCY (read once) or
 * {@link DEFAULT_MAX_CONCURRENCY}. Throws InputError when the variable is not a positive integer.
 */
export function sharedLimiter(): Limiter {
  if (!shared) {
    const raw = process.env.RASTERDUCK_MAX_CONCURRENCY;
    shared = new Limiter(raw === undefined || raw === '' ? DEFAULT_MAX_CONCURRENCY : Number(raw));
  }
  return shared;
}

/** Takes one limiter slot per range: each range below it is one request. */
export class LimitedReader implements RangeReader {
  readonly url: string;

  constructor(private readonly inner: RangeReader, private readonly limiter: Limiter = sharedLimiter()) {
    this.url = inner.url;
  }

  /** Reads each range in its own slot, results in request order. */
  async read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    const parts = await Promise.all(ranges.map((r) => this.limiter.run(() => this.inner.read([r], signal), signal)));
    return parts.map((p) => p[0]);
  }

  /** The inner reader's size, in a slot of its own. */
  size(signal?: AbortSignal): Promise<number | undefined> {
    return this.limiter.run(() => (this.inner.size ? this.inner.size(signal) : Promise.resolve(undefined)), signal);
  }
}
