/**
 * Turns many nearby range reads into a few larger ones (see planner/coalesce-ranges).
 */
import { coalesceRanges, sliceFetched, type CoalesceOptions } from '../planner/coalesce-ranges.js';
import type { ByteRange, RangeReader } from './range-reader.js';

/** Merges the ranges of each read call before passing them on, then slices the answers back. */
export class CoalescingReader implements RangeReader {
  readonly url: string;

  constructor(private readonly inner: RangeReader, private readonly options: CoalesceOptions = {}) {
    this.url = inner.url;
  }

  /**
   * Reads `ranges` with as few inner ranges as the gap rule allows. Results are views into
   * the merged buffers, in request order. Throws what the inner reader throws.
   */
  async read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]> {
    const plan = coalesceRanges(ranges, this.options);
    const fetched = plan.fetches.length > 0 ? await this.inner.read(plan.fetches, signal) : [];
    return sliceFetched(plan, fetched);
  }

  /** The inner reader's size. */
  size(signal?: AbortSignal): Promise<number | undefined> {
    return this.inner.size ? this.inner.size(signal) : Promise.resolve(undefined);
  }
}
