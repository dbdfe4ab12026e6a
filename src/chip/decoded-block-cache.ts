/**
 * Decoded blocks kept across batches, as GDAL's block cache (GDAL_CACHEMAX) keeps them:
 * neighbouring build_mosaic blocks share source tiles, a second query reads the same
 * fields, the next chunk of chips lands on the same tiles. A block found here is neither
 * fetched nor decoded again. Keyed by URL and the block's byte range (unique per stored
 * block, whatever its image or overview), bounded in bytes by RASTERDUCK_BLOCK_CACHE_MB
 * (default 256; 0 turns it off), least recently used out first. Cached blocks are shared:
 * readers copy out of them and never write to them.
 */
import { InputError } from '../errors.js';
import { workersSharing } from '../io/worker-share.js';
import type { DecodedBlock } from '../tiff/decode-block.js';

const DEFAULT_MB = 256;

/** A byte-bounded least-recently-used map of decoded blocks. */
export class DecodedBlockCache {
  private readonly blocks = new Map<string, DecodedBlock>();
  private bytes = 0;

  constructor(readonly capacityBytes: number) {}

  /** The block under `key`, now the most recently used; undefined when absent. */
  get(key: string): DecodedBlock | undefined {
    const block = this.blocks.get(key);
    if (block !== undefined) {
      this.blocks.delete(key);
      this.blocks.set(key, block);
    }
    return block;
  }

  has(key: string): boolean {
    return this.blocks.has(key);
  }

  /** Keeps `block`, evicting the least recently used ones to stay within capacity. */
  set(key: string, block: DecodedBlock): void {
    const size = block.data.byteLength;
    if (size > this.capacityBytes) return;
    const old = this.blocks.get(key);
    if (old !== undefined) {
      this.blocks.delete(key);
      this.bytes -= old.data.byteLength;
    }
    this.blocks.set(key, block);
    this.bytes += size;
    for (const [oldest, b] of this.blocks) {
      if (this.bytes <= this.capacityBytes) break;
      this.blocks.delete(oldest);
      this.bytes -= b.data.byteLength;
    }
  }

  /** Bytes held now. */
  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.blocks.clear();
    this.bytes = 0;
  }
}

/**
 * The capacity RASTERDUCK_BLOCK_CACHE_MB asks for, in bytes.
 * @throws InputError when it is not a number >= 0.
 */
export function blockCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RASTERDUCK_BLOCK_CACHE_MB;
  if (raw === undefined || raw === '') return DEFAULT_MB * 1024 * 1024;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < 0) {
    throw new InputError({ reason: `RASTERDUCK_BLOCK_CACHE_MB=${raw} is not a number of megabytes >= 0`, hint: `Unset it for the default (${DEFAULT_MB}), or 0 to turn the cache off` });
  }
  return Math.floor(mb * 1024 * 1024);
}

let shared: DecodedBlockCache | undefined;

/** The process-wide cache, sized once from RASTERDUCK_BLOCK_CACHE_MB: each I/O worker holds its share, for the files routed to it. */
export function sharedBlockCache(): DecodedBlockCache {
  shared ??= new DecodedBlockCache(Math.floor(blockCacheBytes() / workersSharing()));
  return shared;
}

/** The cache key of a stored block of `url`. */
export const blockKey = (url: string, offset: number, length: number): string => `${url}|${offset}|${length}`;
