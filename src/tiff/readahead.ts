/**
 * The header parser's view of a file: bytes read so far, fetched in few, batched rounds.
 * GDAL writes a COG's IFDs and tile tables first, so the first 32 KiB usually hold the
 * whole header (async-tiff's ReadaheadMetadataCache and cogeotiff read the same way).
 */
import { InternalError } from '../errors.js';
import type { ByteRange, RangeReader } from '../io/range-reader.js';
import { tiffError } from './tiff-error.js';

/** How the header parser reads: sizes of the first read and of later read-aheads. */
export interface ReadAheadOptions {
  /** Bytes of the first read at offset 0 (default 32 KiB: a whole GDAL COG header fits). */
  readonly initialBytes?: number;
  /** Largest read-ahead; each further read-ahead doubles up to this (default 1 MiB). */
  readonly maxReadAheadBytes?: number;
  /** Budget for all bytes read, so a hostile file cannot make us read without end (default 512 MiB). */
  readonly maxTotalBytes?: number;
  readonly signal?: AbortSignal;
}

/** A range to fetch; `readAhead` widens it to the current read-ahead size (IFDs: their values follow them). */
export interface ByteRequest extends ByteRange {
  readonly readAhead?: boolean;
}

interface Chunk {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

const KiB = 1024;

/**
 * The bytes of one file read so far, as sorted disjoint chunks, over a RangeReader.
 * The first read takes `initialBytes` from offset 0; `fetch` then gets every missing
 * range of a batch in ONE `reader.read` call, so each IFD level costs at most one round.
 * A short read means end of file (RangeReader contract) and sets `fileSize`.
 */
export class ReadAhead {
  private knownSize: number | undefined;
  private readonly chunks: Chunk[] = [];
  private nextReadAhead: number;
  private bytesRead = 0;

  private constructor(private readonly reader: RangeReader, private readonly opts: Required<Omit<ReadAheadOptions, 'signal'>> & ReadAheadOptions) {
    // a tiny first read (a caller's choice) must not make the read-aheads tiny too
    this.nextReadAhead = Math.min(Math.max(opts.initialBytes * 2, 16 * KiB), opts.maxReadAheadBytes);
  }

  /** File size in bytes, once known from the reader or from a short read. */
  get fileSize(): number | undefined {
    return this.knownSize;
  }

  /** The file's URL, for messages. */
  get url(): string {
    return this.reader.url;
  }

  /**
   * Makes the first read, then, unless that read came back short (which tells the size),
   * asks the reader for the size (an HTTP reader knows it from that read's Content-Range).
   * Throws what the reader throws (FetchError).
   */
  static async open(reader: RangeReader, options: ReadAheadOptions = {}): Promise<ReadAhead> {
    const source = new ReadAhead(reader, {
      initialBytes: options.initialBytes ?? 32 * KiB,
      maxReadAheadBytes: options.maxReadAheadBytes ?? 1024 * KiB,
      maxTotalBytes: options.maxTotalBytes ?? 512 * KiB * KiB,
      signal: options.signal,
    });
    await source.fetch([{ offset: 0, length: source.opts.initialBytes }]);
    if (source.fileSize !== undefined) return source;
    const size = await reader.size?.();
    if (size !== undefined && Number.isSafeInteger(size) && size >= 0) source.knownSize = size;
    return source;
  }

  /** True when every byte of the range has been read. */
  covers(offset: number, length: number): boolean {
    return this.gapsIn(offset, offset + length).length === 0;
  }

  /**
   * Reads every byte of `requests` not read yet, in one `reader.read` call (none when all
   * are covered). Bytes past a known end of file are not requested.
   */
  async fetch(requests: readonly ByteRequest[]): Promise<void> {
    let readingAhead = false;
    const wanted = requests.flatMap((r) => {
      const missing = this.gapsIn(r.offset, this.clampEnd(r.offset + Math.max(0, r.length)));
      if (missing.length === 0 || !r.readAhead) return missing;
      // widen only a request that needs a read anyway: covered bytes never cost a call
      readingAhead = true;
      return this.gapsIn(r.offset, this.clampEnd(r.offset + Math.max(r.length, this.nextReadAhead)));
    });
    const gaps = mergeRanges(wanted);
    if (gaps.length === 0) return;
    if (readingAhead) this.nextReadAhead = Math.min(this.nextReadAhead * 2, this.opts.maxReadAheadBytes);
    this.chargeBudget(gaps);
    const results = await this.reader.read(gaps, this.opts.signal);
    if (!Array.isArray(results) || results.length !== gaps.length) {
      throw new InternalError({ url: this.url, reason: `the range reader returned ${results?.length} results for ${gaps.length} ranges` });
    }
    gaps.forEach((gap, i) => this.store(gap, results[i]));
  }

  /**
   * The bytes of a range already fetched, as a view when one chunk holds them.
   * Throws FormatError when they are not there: the file ends before them.
   */
  bytes(offset: number, length: number, what: string): Uint8Array {
    if (length === 0) return new Uint8Array(0);
    const i = this.chunkAt(offset);
    const chunk = this.chunks[i];
    if (chunk !== undefined && offset + length <= chunk.offset + chunk.bytes.length) {
      return chunk.bytes.subarray(offset - chunk.offset, offset - chunk.offset + length);
    }
    if (this.covers(offset, length)) return this.assemble(Math.max(0, i), offset, length);
    const size = this.fileSize === undefined ? '' : ` (${this.fileSize} bytes)`;
    throw tiffError(this.url, `${what} at bytes ${offset}-${offset + length - 1} lies past the end of the file${size}: the file is truncated or corrupt`);
  }

  private clampEnd(end: number): number {
    return this.fileSize === undefined ? end : Math.min(end, this.fileSize);
  }

  private chargeBudget(gaps: readonly ByteRange[]): void {
    this.bytesRead += gaps.reduce((sum, g) => sum + g.length, 0);
    if (this.bytesRead > this.opts.maxTotalBytes) {
      throw tiffError(this.url, `reading the header would take more than ${this.opts.maxTotalBytes} bytes`, 'The header is absurdly large or corrupt; check it with gdalinfo');
    }
  }

  private store(gap: ByteRange, result: Uint8Array | undefined): void {
    if (!(result instanceof Uint8Array)) {
      throw new InternalError({ url: this.url, reason: 'the range reader returned something other than bytes' });
    }
    const bytes = result.length > gap.length ? result.subarray(0, gap.length) : result;
    if (bytes.length < gap.length) {
      const end = gap.offset + bytes.length;
      this.knownSize = Math.min(end, this.knownSize ?? end);
    }
    if (bytes.length === 0) return;
    const at = this.chunkAt(gap.offset) + 1;
    this.chunks.splice(at, 0, { offset: gap.offset, bytes });
  }

  /** Index of the last chunk starting at or before `offset` (-1 when none). */
  private chunkAt(offset: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.chunks[mid].offset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The parts of [start, end) that no chunk holds. */
  private gapsIn(start: number, end: number): ByteRange[] {
    const gaps: ByteRange[] = [];
    let cursor = start;
    for (let i = Math.max(0, this.chunkAt(start)); i < this.chunks.length && cursor < end; i++) {
      const c = this.chunks[i];
      const cEnd = c.offset + c.bytes.length;
      if (cEnd <= cursor) continue;
      if (c.offset >= end) break;
      if (c.offset > cursor) gaps.push({ offset: cursor, length: c.offset - cursor });
      cursor = cEnd;
    }
    if (cursor < end) gaps.push({ offset: cursor, length: end - cursor });
    return gaps;
  }

  /** Copies a range that spans adjacent chunks (already known to be covered). */
  private assemble(first: number, offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = first; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const from = Math.max(offset, c.offset);
      const to = Math.min(offset + length, c.offset + c.bytes.length);
      if (from >= offset + length) break;
      if (to > from) out.set(c.bytes.subarray(from - c.offset, to - c.offset), from - offset);
    }
    return out;
  }
}

/** Sorts ranges and merges the ones that overlap or touch. */
function mergeRanges(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((r) => r.length > 0).sort((a, b) => a.offset - b.offset);
  const merged: { offset: number; length: number }[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r.offset <= last.offset + last.length) {
      last.length = Math.max(last.length, r.offset + r.length - last.offset);
    } else {
      merged.push({ offset: r.offset, length: r.length });
    }
  }
  return merged;
}
