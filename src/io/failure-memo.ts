/**
 * Final failures of network reads, remembered per URL for a few seconds. DuckDB evaluates
 * a constant call more than once (constant folding, then execution), and each evaluation
 * ran the whole retry schedule again: a 500 made 15 requests for "gave up after 5
 * attempts", a stalled server blocked three deadlines. With the memo the next evaluation
 * fails at once with the same message. The same holds for a file found changed: the
 * header cache drops its header, and without the memo the next evaluation would read the
 * new header and answer as if nothing had happened.
 */
import { FetchError, fromErrorRecord, toErrorRecord } from '../errors.js';
import type { ByteRange, RangeReader } from './range-reader.js';

/**
 * How long a failure is remembered: long enough to cover the re-evaluations of one
 * statement (they follow each other within milliseconds), short enough that a file
 * uploaded or a server restarted after a failure is read on the next try.
 */
export const FAILURE_MEMO_MS = 5_000;
const MAX_ENTRIES = 4096;

interface Remembered {
  readonly error: FetchError;
  readonly until: number;
}

const failures = new Map<string, Remembered>();

/** The remembered failure of `url`, as a fresh copy (the adapter adds its own row), if still fresh. */
export function rememberedFailure(url: string, now: number = Date.now()): FetchError | undefined {
  const hit = failures.get(url);
  if (!hit) return undefined;
  if (hit.until <= now) {
    failures.delete(url);
    return undefined;
  }
  return fromErrorRecord({ ...toErrorRecord(hit.error), fn: undefined, row: undefined }) as FetchError;
}

/** Remembers `error` for `url` for {@link FAILURE_MEMO_MS}. */
export function rememberFailure(url: string, error: FetchError, now: number = Date.now()): void {
  failures.delete(url);
  failures.set(url, { error, until: now + FAILURE_MEMO_MS });
  if (failures.size > MAX_ENTRIES) failures.delete(failures.keys().next().value as string);
}

/** Forgets every remembered failure. */
export function forgetFailures(): void {
  failures.clear();
}

/** Fails at once while a final failure of its URL is remembered; remembers the inner reader's final failures. */
export class FailureMemoReader implements RangeReader {
  readonly url: string;

  /** `keeps` picks the failures worth remembering (default: every FetchError). */
  constructor(private readonly inner: RangeReader, private readonly keeps: (e: FetchError) => boolean = () => true) {
    this.url = inner.url;
  }

  /** The inner reader's bytes, or a remembered FetchError without any request. */
  read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    return this.remembering(() => this.inner.read(ranges, signal), signal);
  }

  /** The inner reader's size, remembered like a read. */
  size(signal?: AbortSignal): Promise<number | undefined> {
    return this.remembering(() => (this.inner.size ? this.inner.size(signal) : Promise.resolve(undefined)), signal);
  }

  private async remembering<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const known = rememberedFailure(this.url);
    if (known) throw known;
    try {
      return await work();
    } catch (e) {
      // an abort carries another file's error (the wave stops at its first failure): not ours to keep
      if (e instanceof FetchError && !signal?.aborted && e.url === this.url && this.keeps(e)) rememberFailure(this.url, e);
      throw e;
    }
  }
}
