/**
 * A RangeReader over bytes in memory that records every `read` call, so tests can count
 * rounds. Ranges past the end come back short or empty, as the RangeReader contract says.
 */
import type { ByteRange, RangeReader } from '../../src/io/range-reader.js';

/** A RangeReader over a byte array, with its calls recorded. */
export interface MemoryReader extends RangeReader {
  /** The ranges of every `read` call, in order. */
  readonly calls: ByteRange[][];
}

/** Options: the URL to report, and whether `size()` is offered (an HTTP reader may not know it). */
export interface MemoryReaderOptions {
  readonly url?: string;
  readonly knowsSize?: boolean;
}

/**
 * Serves `bytes`. An invalid range (negative, fractional or unsafe) is a caller bug and
 * throws a plain Error, so fuzz tests catch parsers that ask for one.
 */
export function memoryReader(bytes: Uint8Array, options: MemoryReaderOptions = {}): MemoryReader {
  const calls: ByteRange[][] = [];
  const reader: MemoryReader = {
    url: options.url ?? 'mem://test.tif',
    calls,
    async read(ranges) {
      calls.push(ranges.map((r) => ({ offset: r.offset, length: r.length })));
      return ranges.map((r) => {
        if (!Number.isSafeInteger(r.offset) || !Number.isSafeInteger(r.length) || r.offset < 0 || r.length < 0) {
          throw new Error(`invalid range ${r.offset}+${r.length}`);
        }
        return bytes.slice(r.offset, r.offset + r.length);
      });
    },
  };
  if (options.knowsSize ?? true) {
    return { ...reader, size: async () => bytes.length };
  }
  return reader;
}
