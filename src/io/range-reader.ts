import type { ByteRange } from '../planner/byte-range.js';

// planned in src/planner (which imports nothing of io), read here
export type { ByteRange } from '../planner/byte-range.js';

/**
 * The whole I/O contract: read some byte ranges of one file. Results come back in the
 * order of `ranges`; a range that runs past the end of the file comes back short (possibly
 * empty), never padded. Implementations throw FetchError (after their own retries) with
 * the URL named. Wrappers compose: counted(retrying(coalescing(http(url)))).
 */
export interface RangeReader {
  readonly url: string;
  read(ranges: readonly ByteRange[], signal?: AbortSignal): Promise<Uint8Array[]>;
  /** The file size in bytes when known (from a HEAD, a Content-Range or stat). */
  size?(signal?: AbortSignal): Promise<number | undefined>;
}
