/**
 * A wave of range reads over many files, the bridge's readRanges op (src/bridge/bridge-ops.ts).
 */
import { setMaxListeners } from 'node:events';
import { InternalError } from '../errors.js';
import { openReader } from './open-reader.js';
import type { ByteRange } from './range-reader.js';

/** One file's share of a wave: these ranges of this URL. */
export interface ReadRequest {
  readonly url: string;
  readonly ranges: readonly ByteRange[];
}

/**
 * Reads every request of a wave concurrently, one result array per request, one buffer per
 * range. Requests for the same URL are read in one call, so their ranges coalesce
 * together. The first failure aborts the rest of the wave and is thrown.
 */
export async function readRanges(requests: readonly ReadRequest[]): Promise<Uint8Array[][]> {
  if (!Array.isArray(requests)) throw new InternalError({ reason: 'readRanges expects an array of {url, ranges}' });
  const byUrl = new Map<string, number[]>();
  requests.forEach((r, i) => {
    const list = byUrl.get(r.url);
    if (list) list.push(i);
    else byUrl.set(r.url, [i]);
  });
  const abort = new AbortController();
  // every range of the wave listens on this one signal (limiter queue, retry timers)
  setMaxListeners(Infinity, abort.signal);
  const out: Uint8Array[][] = new Array(requests.length);
  await Promise.all(
    [...byUrl].map(async ([url, indexes]) => {
      const ranges = indexes.flatMap((i) => requests[i].ranges);
      try {
        const bytes = await openReader(url).read(ranges, abort.signal);
        let next = 0;
        for (const i of indexes) out[i] = bytes.slice(next, (next += requests[i].ranges.length));
      } catch (e) {
        abort.abort(e);
        throw e;
      }
    }),
  );
  return out;
}

