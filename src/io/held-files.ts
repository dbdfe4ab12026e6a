/**
 * Whole files kept in memory for servers that ignore Range: such a server answers every
 * range read with 200 and the whole file, so after the first one the ranges are sliced
 * from that copy instead of downloading the file again for each.
 */
import type { ByteRange, RangeReader } from './range-reader.js';

/** The largest file held (64 MiB); a bigger one from a server without Range is refused. */
export const MAX_HELD_FILE_BYTES = 64 * 1024 * 1024;
/** All held files together; beyond it the least recently used go. */
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

const held = new Map<string, Uint8Array>();
let total = 0;

/** Keeps `bytes` as the whole file at `url`, unless it is over {@link MAX_HELD_FILE_BYTES}. */
export function holdFile(url: string, bytes: Uint8Array): void {
  if (bytes.length > MAX_HELD_FILE_BYTES) return;
  releaseHeldFile(url);
  held.set(url, bytes);
  total += bytes.length;
  for (const [oldest, b] of held) {
    if (total <= MAX_TOTAL_BYTES) break;
    held.delete(oldest);
    total -= b.length;
  }
}

/** The held copy of `url`, if any (and marks it recently used). */
export function heldFile(url: string): Uint8Array | undefined {
  const bytes = held.get(url);
  if (bytes) {
    held.delete(url);
    held.set(url, bytes);
  }
  return bytes;
}

/** Drops the held copy of `url`. */
export function releaseHeldFile(url: string): void {
  const old = held.get(url);
  if (old) total -= old.length;
  held.delete(url);
}

/** Drops every held copy. */
export function releaseHeldFiles(): void {
  held.clear();
  total = 0;
}

/**
 * Answers reads of a held file from memory, with no request (so nothing is counted);
 * passes every other read on.
 */
export class HeldFileReader implements RangeReader {
  readonly url: string;

  constructor(private readonly inner: RangeReader) {
    this.url = inner.url;
  }

  /** Slices of the held file (short past its end), or the inner reader's answer. */
  read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    const whole = heldFile(this.url);
    if (!whole) return this.inner.read(ranges, signal);
    return Promise.resolve(ranges.map((r) => whole.slice(r.offset, r.offset + r.length)));
  }

  /** The held file's length, else the inner reader's size. */
  size(signal?: AbortSignal): Promise<number | undefined> {
    const whole = heldFile(this.url);
    if (whole) return Promise.resolve(whole.length);
    return this.inner.size ? this.inner.size(signal) : Promise.resolve(undefined);
  }
}
