/**
 * Writes a Zarr v3 array region by region, sharded or not. A region must cover whole
 * chunks (or reach the array's edge), so no chunk is ever decoded: a region's chunks are
 * encoded fresh, and a shard that holds other chunks too is read, its other chunks copied
 * as stored bytes, and the whole shard written back atomically (read-modify-write, so
 * blocks smaller than a shard can be written one by one and resumed).
 *
 * One writer per shard at a time: two processes merging into the same shard would lose
 * each other's chunks, so parallel writers should own whole shards (blocks aligned to
 * shards). Encoding ({@link ArrayWriter.encodeRegion}) needs no store and returns plain
 * data, so it can run in worker threads while one thread writes.
 */
import { InputError } from '../errors.js';
import { arrayMetadata, chunkKey, DEFAULT_ZSTD_LEVEL, parseArrayMetadata, type ArraySpec } from './array-metadata.js';
import { alignedChunks, copyBox, gridCoords, gridShape, linearIndex, type Box } from './chunk-grid.js';
import { encodeChunk, isAllFill } from './chunk-codec.js';
import { allocSamples, dtypeOfSamples, type SampleArray } from './data-type.js';
import { encodeShard, shardChunks } from './shard-format.js';
import { getJson, joinKey, setJson, type Store } from './store.js';

/** A box of the array with its samples in C order (`data.length` is the product of `shape`). */
export interface Region extends Box {
  readonly data: SampleArray;
}

/** One encoded chunk, ready to store. */
export interface EncodedChunk {
  /** Position in the chunk grid (inner chunks when sharded). */
  readonly coords: readonly number[];
  /** Stored bytes; undefined when every sample is the fill value (nothing is stored). */
  readonly bytes: Uint8Array | undefined;
}

/** What one write did. */
export interface WriteStats {
  /** Chunks written, empty ones included. */
  readonly chunks: number;
  /** Shard or chunk files written (set) and removed because they became empty. */
  readonly files: number;
  readonly removed: number;
  /** Bytes handed to the store. */
  readonly bytes: number;
}

/** Options for {@link ArrayWriter.create}. */
export interface CreateOptions {
  /** Replace an existing array with different metadata, deleting its chunks (default: refuse). */
  readonly overwrite?: boolean;
}

/** A writable Zarr v3 array at `path` in a store. */
export class ArrayWriter {
  private constructor(readonly store: Store, readonly path: string, readonly spec: ArraySpec) {}

  /**
   * Creates the array's zarr.json, or reopens it when the same metadata is already there
   * (so a restarted run keeps its chunks).
   * @throws InputError when the spec is invalid, or an array with other metadata exists and `overwrite` is not set.
   */
  static create(store: Store, path: string, spec: ArraySpec, options: CreateOptions = {}): ArrayWriter {
    const json = arrayMetadata(spec);
    const key = joinKey(path, 'zarr.json');
    const existing = getJson(store, key);
    const same = existing !== undefined && JSON.stringify(existing) === JSON.stringify(json);
    if (existing !== undefined && !same) {
      if (!options.overwrite) {
        throw new InputError({ url: `${store.url}/${key}`, reason: 'an array with other metadata (shape, type, chunks or attributes) is already there', hint: 'Delete it, write elsewhere, or pass overwrite' });
      }
      for (const k of store.list(path === '' ? '' : `${path}/`)) store.delete(k);
    }
    if (!same) setJson(store, key, json);
    return new ArrayWriter(store, path, { ...spec, zstdLevel: spec.zstdLevel === undefined ? DEFAULT_ZSTD_LEVEL : spec.zstdLevel });
  }

  /**
   * Opens an array this module created.
   * @throws InputError when there is no zarr.json; FormatError when it is not one of our layouts.
   */
  static open(store: Store, path: string): ArrayWriter {
    const key = joinKey(path, 'zarr.json');
    const json = getJson(store, key);
    if (json === undefined) throw new InputError({ url: `${store.url}/${key}`, reason: 'no Zarr array here', hint: 'Create it first' });
    return new ArrayWriter(store, path, parseArrayMetadata(json, `${store.url}/${key}`));
  }

  /**
   * Cuts a region into chunks and encodes them; edge chunks are padded with the fill value
   * to the full chunk shape, as Zarr v3 stores them.
   * @throws InputError when the region is misaligned, out of bounds, or of another data type.
   */
  encodeRegion(region: Region): EncodedChunk[] {
    const { shape, chunkShape, dtype, fillValue } = this.spec;
    this.checkData(region);
    const box = alignedChunks(region, shape, chunkShape);
    const size = chunkShape.reduce((a, b) => a * b, 1);
    const origin = chunkShape.map(() => 0);
    const out: EncodedChunk[] = [];
    for (const rel of gridCoords(box.shape)) {
      const coords = rel.map((c, i) => c + box.start[i]);
      const first = coords.map((c, i) => c * chunkShape[i]);
      const within = first.map((s, i) => Math.min(chunkShape[i], shape[i] - s));
      const chunk = allocSamples(dtype, size);
      if (fillValue !== 0) chunk.fill(fillValue);
      copyBox(region.data, region.shape, first.map((s, i) => s - region.start[i]), chunk, chunkShape, origin, within);
      out.push({ coords, bytes: isAllFill(chunk, fillValue) ? undefined : encodeChunk(chunk, this.spec.zstdLevel ?? null) });
    }
    return out;
  }

  /**
   * Stores encoded chunks (from one block or several): each shard they touch is written
   * once, atomically, keeping the shard's other chunks; a shard or chunk left empty is removed.
   * @throws InputError for chunk coordinates outside the grid; FormatError when an existing
   *   shard is corrupt; FetchError when the store cannot write.
   */
  writeChunks(chunks: readonly EncodedChunk[]): WriteStats {
    this.checkCoords(chunks);
    const stats = { chunks: chunks.length, files: 0, removed: 0, bytes: 0 };
    const put = (key: string, bytes: Uint8Array | undefined): void => {
      if (bytes === undefined) {
        this.store.delete(key);
        stats.removed++;
      } else {
        this.store.set(key, bytes);
        stats.files++;
        stats.bytes += bytes.length;
      }
    };
    if (this.spec.shardShape === undefined) {
      for (const c of chunks) put(joinKey(this.path, chunkKey(c.coords)), c.bytes);
      return stats;
    }
    for (const [key, shard] of this.groupByShard(chunks)) put(key, this.mergeShard(key, shard));
    return stats;
  }

  /** Encodes and stores a region: {@link encodeRegion} then {@link writeChunks}. */
  writeRegion(region: Region): WriteStats {
    return this.writeChunks(this.encodeRegion(region));
  }

  /** Inner chunks per shard in each dimension (all 1 when unsharded). */
  chunksPerShard(): number[] {
    const { shardShape, chunkShape } = this.spec;
    return shardShape === undefined ? chunkShape.map(() => 1) : shardShape.map((s, i) => s / chunkShape[i]);
  }

  private groupByShard(chunks: readonly EncodedChunk[]): Map<string, { coords: number[]; slots: Map<number, Uint8Array | undefined> }> {
    const per = this.chunksPerShard();
    const shards = new Map<string, { coords: number[]; slots: Map<number, Uint8Array | undefined> }>();
    for (const c of chunks) {
      const coords = c.coords.map((x, i) => Math.floor(x / per[i]));
      const key = joinKey(this.path, chunkKey(coords));
      const shard = shards.get(key) ?? { coords, slots: new Map() };
      shard.slots.set(linearIndex(c.coords.map((x, i) => x % per[i]), per), c.bytes);
      shards.set(key, shard);
    }
    return shards;
  }

  // The shard's new bytes: updates over the stored chunks, unless the updates cover every
  // chunk of the shard that lies inside the array (then the old shard is not read).
  private mergeShard(key: string, shard: { coords: number[]; slots: Map<number, Uint8Array | undefined> }): Uint8Array | undefined {
    const per = this.chunksPerShard();
    const count = per.reduce((a, b) => a * b, 1);
    const grid = gridShape(this.spec.shape, this.spec.chunkShape);
    const inside = per.reduce((n, p, i) => n * Math.min(p, grid[i] - shard.coords[i] * p), 1);
    let slots: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(count).fill(undefined);
    if (shard.slots.size < inside) {
      const old = this.store.get(key);
      if (old !== undefined) slots = shardChunks(old, count, `${this.store.url}/${key}`);
    }
    for (const [i, bytes] of shard.slots) slots[i] = bytes;
    return encodeShard(slots);
  }

  private checkCoords(chunks: readonly EncodedChunk[]): void {
    const grid = gridShape(this.spec.shape, this.spec.chunkShape);
    const bad = chunks.find((c) => c.coords.length !== grid.length || c.coords.some((x, i) => !Number.isInteger(x) || x < 0 || x >= grid[i]));
    if (bad) throw new InputError({ url: `${this.store.url}/${this.path}`, reason: `chunk [${bad.coords}] is outside the chunk grid [${grid}]` });
  }

  private checkData(region: Region): void {
    const expected = region.shape.reduce((a, b) => a * b, 1);
    const dtype = dtypeOfSamples(region.data);
    if (region.data.length !== expected || dtype !== this.spec.dtype) {
      throw new InputError({
        url: `${this.store.url}/${this.path}`,
        reason: `region [${region.shape}] needs ${expected} ${this.spec.dtype} samples, got ${region.data.length} ${dtype}`,
      });
    }
  }
}
