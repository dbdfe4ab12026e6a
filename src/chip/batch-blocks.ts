/**
 * The decoded blocks of one batch of chip reads: each block decoded once (on the decode
 * pool, as its file's bytes arrive) and shared by every row that needs it, then dropped
 * after the last row that uses it. Blocks an earlier batch decoded come from the
 * process-wide cache (decoded-block-cache.ts) and are neither fetched nor decoded again.
 */
import type { Outcome } from '../io/outcome.js';
import type { BlockNeed } from '../planner/tiles-for-window.js';
import { decodeBlock } from '../tiff/decode-block.js';
import { readDecodePool, type DecodeJob } from '../tiff/decode-pool.js';
import type { DataBlock, MaskBlock } from './assemble.js';
import type { ChipRequest } from './chip.js';
import type { ChipRaster } from './chip-raster.js';
import { blockKey, sharedBlockCache } from './decoded-block-cache.js';
import { bytesOf, fetchedBytes, type Fetched } from './fetch-wave.js';
import { decodeMaskBlock } from './mask-block.js';
import type { ChipPlan } from './plan-chip.js';

// a batch's keys of a decoded data or internal-mask block
const dataKey = (url: string, n: BlockNeed): string => `${url}|d|${n.index}`;
const maskKey = (url: string, n: BlockNeed): string => `${url}|m|${n.index}`;

/** How data block `need` of `url` decodes, on the pool or on this thread. */
const decodeJob = (bytes: Uint8Array, raster: ChipRaster, url: string, need: BlockNeed): DecodeJob => ({
  bytes, image: raster.image, littleEndian: raster.littleEndian, url, blockIndex: need.index, blockHeight: need.decodedHeight,
});

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

  /**
   * Decodes on the decode pool every data block of `url` that `plans` need and the batch
   * does not hold yet, so their rows then assemble from decoded blocks while other files
   * still download. A block whose bytes came back short, or a batch that fails to decode,
   * is left to {@link data}, which decodes it on this thread and throws for exactly the rows
   * that need it.
   */
  async decodeAhead(url: string, plans: readonly Outcome<ChipPlan | null>[], fetched: Fetched): Promise<void> {
    const jobs: DecodeJob[] = [];
    const needs: BlockNeed[] = [];
    const queued = new Set<string>();
    for (const p of plans) {
      if (!p.ok || !p.value) continue;
      const { raster } = p.value;
      for (const need of p.value.dataBlocks) {
        const key = dataKey(url, need);
        if (need.sparse || this.decoded.has(key) || queued.has(key)) continue;
        const bytes = fetchedBytes(url, need, fetched);
        if (!bytes) continue;
        queued.add(key);
        needs.push(need);
        jobs.push(decodeJob(bytes, raster, url, need));
      }
    }
    if (jobs.length === 0) return;
    const blocks = await readDecodePool().decode(jobs).catch(() => undefined);
    blocks?.forEach((block, i) => this.keep(url, needs[i], block));
  }

  private keep(url: string, need: BlockNeed, block: DataBlock & object): void {
    this.decoded.set(dataKey(url, need), block);
    sharedBlockCache().set(blockKey(url, need.offset, need.length), block);
  }

  /** The decoded data block `need` of `url`. @throws FetchError or FormatError naming the file. */
  data(url: string, raster: ChipRaster, need: BlockNeed, fetched: Fetched): DataBlock {
    return this.get(dataKey(url, need), () => {
      if (need.sparse) return 'sparse';
      const job = decodeJob(bytesOf(url, need, fetched, 'block'), raster, url, need);
      const block = decodeBlock(job.bytes, job.image, job);
      this.keep(url, need, block);
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
