/**
 * Merges nearby byte ranges into fewer fetches, and slices the fetched bytes back into
 * the ranges that were asked for. Pure: plain data in and out.
 */
import type { ByteRange } from './byte-range.js';

/**
 * Default largest gap, in bytes, that two ranges may have between them and still be
 * fetched as one. 32 KiB as zarrita's range-coalescing: smaller than one compressed
 * 256–512 px COG tile (typically 50–500 KiB), so filling a gap never costs a whole unwanted
 * tile, yet it joins the tiles that a COG writer lays out back to back (and their
 * leader/trailer bytes) into one request.
 */
export const DEFAULT_GAP_BYTES = 32 * 1024;

/**
 * Default cap, in bytes, on a merged fetch. Merging stops growing a fetch past it, so a
 * long run of adjacent tiles still becomes several requests that run concurrently and a
 * retry repeats at most this much. A single requested range larger than this is kept whole.
 */
export const DEFAULT_MAX_FETCH_BYTES = 16 * 1024 * 1024;

/** Where one requested range lies inside the fetched data. */
export interface RangeSlice {
  /** Index into `fetches`, or -1 for a zero-length request that needs no fetch. */
  readonly fetch: number;
  /** Byte offset of the request inside that fetch. */
  readonly start: number;
  readonly length: number;
}

/** The fetches to make, and how to recover each requested range from them. */
export interface CoalescePlan {
  /** Sorted, disjoint ranges to fetch; neighbours are more than gapBytes apart unless the cap split them. */
  readonly fetches: readonly ByteRange[];
  /** One slice per requested range, in request order. */
  readonly slices: readonly RangeSlice[];
}

/** Options for {@link coalesceRanges}; both in bytes. */
export interface CoalesceOptions {
  readonly gapBytes?: number;
  readonly maxFetchBytes?: number;
}

/**
 * Plans the fetches for `ranges`: ranges that overlap, touch or lie at most `gapBytes`
 * apart are merged, unless the merged fetch would exceed `maxFetchBytes`. Duplicates,
 * overlaps and unsorted input are fine; zero-length ranges need no fetch.
 * Throws RangeError on a negative or non-integer offset or length (a caller bug).
 */
export function coalesceRanges(ranges: readonly ByteRange[], options: CoalesceOptions = {}): CoalescePlan {
  const gapBytes = options.gapBytes ?? DEFAULT_GAP_BYTES;
  const maxFetchBytes = options.maxFetchBytes ?? DEFAULT_MAX_FETCH_BYTES;
  ranges.forEach(checkRange);
  const order = ranges
    .map((_, i) => i)
    .filter((i) => ranges[i].length > 0)
    .sort((a, b) => ranges[a].offset - ranges[b].offset || a - b);

  const fetches: { offset: number; end: number }[] = [];
  const fetchOf = new Array<number>(ranges.length).fill(-1);
  for (const i of order) {
    const { offset, length } = ranges[i];
    const last = fetches[fetches.length - 1];
    const end = offset + length;
    // sorted by offset, so only the last fetch can absorb this range
    const joins = last !== undefined && offset - last.end <= gapBytes && Math.max(last.end, end) - last.offset <= maxFetchBytes;
    const overlaps = last !== undefined && offset < last.end;
    if (joins || overlaps) last.end = Math.max(last.end, end);
    else fetches.push({ offset, end });
    fetchOf[i] = fetches.length - 1;
  }

  const slices = ranges.map((r, i): RangeSlice => {
    const f = fetchOf[i];
    return f < 0 ? { fetch: -1, start: 0, length: 0 } : { fetch: f, start: r.offset - fetches[f].offset, length: r.length };
  });
  return { fetches: fetches.map((f) => ({ offset: f.offset, length: f.end - f.offset })), slices };
}

/**
 * Cuts the bytes of each fetch (in `plan.fetches` order) back into the requested ranges.
 * A fetch that came back short (end of file) gives short or empty slices, never padding.
 * The slices are views that share the fetched buffers. Throws RangeError when `fetched`
 * does not have one buffer per fetch.
 */
export function sliceFetched(plan: CoalescePlan, fetched: readonly Uint8Array[]): Uint8Array[] {
  if (fetched.length !== plan.fetches.length) {
    throw new RangeError(`sliceFetched: expected ${plan.fetches.length} fetched buffers, got ${fetched.length}`);
  }
  return plan.slices.map((s) => {
    if (s.fetch < 0) return new Uint8Array(0);
    const bytes = fetched[s.fetch];
    const start = Math.min(s.start, bytes.length);
    return bytes.subarray(start, Math.min(s.start + s.length, bytes.length));
  });
}

function checkRange(r: ByteRange, i: number): void {
  if (!Number.isSafeInteger(r.offset) || !Number.isSafeInteger(r.length) || r.offset < 0 || r.length < 0) {
    throw new RangeError(`coalesceRanges: range ${i} is not a non-negative integer span: offset ${r.offset}, length ${r.length}`);
  }
}
