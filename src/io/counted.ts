/**
 * Process-wide I/O counters, kept per URL scheme. In the runtime they live in the bridge
 * worker (where all fetches run), so read them there through the `ioStats` bridge op.
 */
import type { ByteRange, RangeReader } from './range-reader.js';

/** Counts for one scheme, or for all of them. */
export interface IoCounters {
  /** Requests sent to a server or file system, every attempt included. */
  readonly requests: number;
  /** Bytes received, all of a body included when a server answered a range with the whole file. */
  readonly bytes: number;
  /** Attempts that were retried after a transient failure. */
  readonly retries: number;
  /** Requests that failed (each failed attempt, retried or not). */
  readonly errors: number;
}

/** A snapshot of the counters: totals plus a breakdown by scheme (`file`, `http`, `https`, `s3`). */
export interface IoStats extends IoCounters {
  readonly byScheme: Readonly<Record<string, IoCounters>>;
}

type Mutable = { -readonly [K in keyof IoCounters]: IoCounters[K] };

const byScheme = new Map<string, Mutable>();

function countersFor(url: string): Mutable {
  const scheme = schemeOf(url);
  let c = byScheme.get(scheme);
  if (!c) {
    c = { requests: 0, bytes: 0, retries: 0, errors: 0 };
    byScheme.set(scheme, c);
  }
  return c;
}

/** The scheme of a URL without its colon (`s3`, `https`), or `file` for a plain path. */
export function schemeOf(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  return m ? m[1].toLowerCase() : 'file';
}

/** The counters of several threads' snapshots (each I/O worker counts its own), added up. */
export function sumIoStats(all: readonly IoStats[]): IoStats {
  const total: Mutable = { requests: 0, bytes: 0, retries: 0, errors: 0 };
  const schemes: Record<string, Mutable> = {};
  for (const stats of all) {
    for (const [scheme, c] of Object.entries(stats.byScheme)) {
      const into = (schemes[scheme] ??= { requests: 0, bytes: 0, retries: 0, errors: 0 });
      for (const sum of [into, total]) {
        sum.requests += c.requests;
        sum.bytes += c.bytes;
        sum.retries += c.retries;
        sum.errors += c.errors;
      }
    }
  }
  return { ...total, byScheme: schemes };
}

/** A copy of this thread's counters now; later reads do not change it. */
export function ioStats(): IoStats {
  return sumIoStats([{ requests: 0, bytes: 0, retries: 0, errors: 0, byScheme: Object.fromEntries(byScheme) }]);
}

/** Sets every counter back to zero. */
export function resetIoStats(): void {
  byScheme.clear();
}

/** Records that a request to `url` is being retried; called by the retry layer. */
export function countRetry(url: string): void {
  countersFor(url).retries += 1;
}

/**
 * Records bytes a reader received beyond the ones it returns: a server that ignores Range
 * sends the whole file for a range read, and io_stats must show what really came in.
 */
export function countReceivedBeyond(url: string, bytes: number): void {
  if (bytes > 0) countersFor(url).bytes += bytes;
}

/**
 * Counts what passes through to the reader it wraps: one request per non-empty range,
 * the bytes that come back, and failures. Place it under the retry and coalescing
 * wrappers so it sees real requests, each attempt included.
 */
export class CountedReader implements RangeReader {
  readonly url: string;

  constructor(private readonly inner: RangeReader) {
    this.url = inner.url;
  }

  /** Reads through the inner reader; rethrows its errors after counting them. */
  async read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    const c = countersFor(this.url);
    c.requests += ranges.filter((r) => r.length > 0).length;
    try {
      const out = await this.inner.read(ranges, signal);
      for (const b of out) c.bytes += b.length;
      return out;
    } catch (e) {
      c.errors += 1;
      throw e;
    }
  }

  /** The inner reader's size, uncounted (a HEAD or a stat). */
  size(signal?: AbortSignal): Promise<number | undefined> {
    return this.inner.size ? this.inner.size(signal) : Promise.resolve(undefined);
  }
}
