/**
 * The block bytes of a batch of chip reads: every range of every row, deduplicated and
 * grouped by file, fetched in one concurrent wave (one `read` call per file, so the reader
 * coalesces neighbouring blocks across rows), then decoded once per block and shared by
 * every row that needs it; a decoded block is dropped after the last row that uses it.
 */
import { FormatError, fromErrorRecord, toErrorRecord, type ErrorRecord } from '../errors.js';
import { openReader } from '../io/open-reader.js';
import type { Outcome } from '../io/outcome.js';
import type { ByteRange } from '../io/range-reader.js';
import type { BlockNeed } from '../planner/tiles-for-window.js';
import { decodeBlock } from '../tiff/decode-block.js';
import type { DataBlock, MaskBlock } from './assemble.js';
import type { ChipRequest } from './chip.js';
import type { ChipRaster } from './chip-raster.js';
import { decodeMaskBlock } from './mask-block.js';
import type { ChipPlan } from './plan-chip.js';
import { blockKey, sharedBlockCache } from './decoded-block-cache.js';

/** One file's share of the wave: distinct ranges, and each range's position by key. */
interface FileRanges {
  readonly ranges: ByteRange[];
  readonly slot: Map<string, number>;
}

/** What came back for one file: one buffer per range, or why not. */
interface FileBytes {
  readonly slot: ReadonlyMap<string, number>;
  readonly bytes: (Uint8Array | undefined)[];
  readonly error?: ErrorRecord;
}

/** The bytes of the wave by URL. */
export type Fetched = ReadonlyMap<string, FileBytes>;

const rangeKey = (n: BlockNeed): string => `${n.offset}:${n.length}`;
// a batch's keys of a decoded data or internal-mask block
const dataKey = (url: string, n: BlockNeed): string => `${url}|d|${n.index}`;
const maskKey = (url: string, n: BlockNeed): string => `${url}|m|${n.index}`;

/** The blocks of a plan to fetch: not sparse, and data blocks only when the batch does not hold them decoded already. */
function needsOf(plan: ChipPlan, url: string, cache: BlockCache): BlockNeed[] {
  const data = plan.dataBlocks.filter((n) => !n.sparse && !cache.holdsData(url, n));
  return [...data, ...plan.maskBlocks.filter((n) => !n.sparse)];
}

/** Groups the blocks of every planned row that `cache` lacks by file, each distinct range once. */
export function planRanges(plans: readonly Outcome<ChipPlan | null>[], requests: readonly ChipRequest[], cache: BlockCache): Map<string, FileRanges> {
  const files = new Map<string, FileRanges>();
  plans.forEach((p, i) => {
    if (!p.ok || !p.value) return;
    const url = requests[i].url;
    let file = files.get(url);
    if (!file) files.set(url, (file = { ranges: [], slot: new Map() }));
    for (const need of needsOf(p.value, url, cache)) {
      const key = rangeKey(need);
      if (!file.slot.has(key)) file.slot.set(key, file.ranges.push({ offset: need.offset, length: need.length }) - 1);
    }
  });
  return files;
}

/**
 * Reads every file's ranges concurrently; a file that fails keeps its error for its rows.
 * `onFile` is called as each file's bytes (or error) arrive, with the bytes so far (that
 * file's included), so its rows can be finished while the others download.
 */
export async function fetchWave(files: ReadonlyMap<string, FileRanges>, onFile?: (url: string, fetched: Fetched) => void): Promise<Fetched> {
  const fetched = new Map<string, FileBytes>();
  await Promise.all(
    [...files].map(async ([url, f]) => {
      let got: FileBytes;
      if (f.ranges.length === 0) got = { slot: f.slot, bytes: [] };
      else {
        try {
          got = { slot: f.slot, bytes: await openReader(url).read(f.ranges) };
        } catch (e) {
          got = { slot: f.slot, bytes: [], error: toErrorRecord(e, url) };
        }
      }
      fetched.set(url, got);
      onFile?.(url, fetched);
    }),
  );
  return fetched;
}

/** Decoded blocks of the batch, shared by rows and released after their last use. */
export class BlockCache {
  private readonly decoded = new Map<string, DataBlock | MaskBlock>();
  private readonly uses = new Map<string, number>();

  /**
   * Counts the uses of every block, and takes the data blocks already decoded by an earlier
   * batch from the process-wide cache (decoded-block-cache.ts): held here, they stay
   * available to this batch whatever the shared cache evicts meanwhile, and are not fetched.
   */
  constructor(plans: readonly Outcome<ChipPlan | null>[], requests: readonly ChipRequest[]) {
    const shared = sharedBlockCache();
    plans.forEach((p, i) => {
      if (!p.ok || !p.value) return;
      const url = requests[i].url;
      for (const key of this.keysOf(p.value, url)) this.uses.set(key, (this.uses.get(key) ?? 0) + 1);
      for (const need of p.value.dataBlocks) {
        const hit = need.sparse ? undefined : shared.get(blockKey(url, need.offset, need.length));
        if (hit) this.decoded.set(dataKey(url, need), hit);
      }
    });
  }

  /** True when the batch holds data block `need` of `url` decoded (taken from the shared cache). */
  holdsData(url: string, need: BlockNeed): boolean {
    return this.decoded.has(dataKey(url, need));
  }

  private keysOf(plan: ChipPlan, url: string): string[] {
    return [...plan.dataBlocks.map((n) => dataKey(url, n)), ...plan.maskBlocks.map((n) => maskKey(url, n))];
  }

  /** The decoded data block `need` of `url`. @throws FetchError or FormatError naming the file. */
  data(url: string, raster: ChipRaster, need: BlockNeed, fetched: Fetched): DataBlock {
    return this.get(dataKey(url, need), () => {
      if (need.sparse) return 'sparse';
      const bytes = bytesOf(url, need, fetched, 'block');
      const block = decodeBlock(bytes, raster.image, { littleEndian: raster.littleEndian, url, blockIndex: need.index, blockHeight: need.decodedHeight });
      sharedBlockCache().set(blockKey(url, need.offset, need.length), block);
      return block;
    }) as DataBlock;
  }

  /** The decoded internal-mask block `need` of `url`. @throws like {@link data}. */
  mask(url: string, raster: ChipRaster, need: BlockNeed, fetched: Fetched): MaskBlock {
    return this.get(maskKey(url, need), () => {
      if (need.sparse || !raster.mask) return 'sparse';
      const bytes = bytesOf(url, need, fetched, 'mask block');
      return decodeMaskBlock(bytes, raster.mask, { url, blockIndex: need.index, rows: need.decodedHeight });
    }) as MaskBlock;
  }

  private get(key: string, make: () => DataBlock | MaskBlock): DataBlock | MaskBlock {
    let hit = this.decoded.get(key);
    if (hit === undefined) this.decoded.set(key, (hit = make()));
    return hit;
  }

  /** Forgets the blocks of a finished row that no later row needs. */
  release(plan: ChipPlan, url: string): void {
    for (const key of this.keysOf(plan, url)) {
      const left = (this.uses.get(key) ?? 1) - 1;
      this.uses.set(key, left);
      if (left <= 0) this.decoded.delete(key);
    }
  }
}

/** The fetched bytes of a block. @throws the file's fetch error, or FormatError when they came back short. */
function bytesOf(url: string, need: BlockNeed, fetched: Fetched, what: string): Uint8Array {
  const file = fetched.get(url);
  if (file?.error) throw fromErrorRecord(file.error);
  const bytes = file?.bytes[file.slot.get(rangeKey(need)) ?? -1];
  if (!bytes || bytes.length < need.length) {
    throw new FormatError({
      url,
      reason: `${what} ${need.index} is cut short: ${bytes?.length ?? 0} of its ${need.length} bytes at offset ${need.offset} exist; the file is truncated`,
      hint: 'Download or write the file again',
    });
  }
  return bytes;
}
