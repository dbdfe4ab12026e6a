/**
 * Reads a box of a Zarr v3 array written by array-writer.ts (plain chunks or shards, with
 * `[bytes, zstd?]` chunks), synchronously, so DuckDB callbacks and bridge ops can read a
 * block without awaiting. Only the chunks (and shards) the box touches are read; a missing
 * chunk reads as the fill value. zstd frames are decoded with fzstd (pure JS, synchronous).
 */
import { decompress } from 'fzstd';
import { FormatError, InputError } from '../errors.js';
import { chunkKey, parseArrayMetadata, type ArraySpec } from './array-metadata.js';
import { copyBox, linearIndex, type Box } from './chunk-grid.js';
import { allocSamples, bytesPerSampleOf, type SampleArray } from './data-type.js';
import { shardChunks } from './shard-format.js';
import { getJson, joinKey, type Store } from './store.js';

/** A readable Zarr v3 array at `path` in a store. */
export class ArrayReader {
  private constructor(readonly store: Store, readonly path: string, readonly spec: ArraySpec) {}

  /**
   * Opens an array (its zarr.json).
   * @throws InputError when there is no array there; FormatError for a layout rasterduck does not write.
   */
  static open(store: Store, path: string): ArrayReader {
    const key = joinKey(path, 'zarr.json');
    const json = getJson(store, key);
    if (json === undefined) throw new InputError({ url: `${store.url}/${key}`, reason: 'no Zarr array here', hint: 'Check the path: it should be the folder an earlier step wrote (e.g. mosaic.zarr)' });
    return new ArrayReader(store, path, parseArrayMetadata(json, `${store.url}/${key}`));
  }

  /**
   * The samples of `box` (C order, `box.shape` long).
   * @throws InputError for a box outside the array; FormatError for a corrupt chunk or shard.
   */
  read(box: Box): SampleArray {
    const { shape, chunkShape, dtype, fillValue } = this.spec;
    const ok = box.start.length === shape.length && box.shape.length === shape.length &&
      box.start.every((s, i) => Number.isInteger(s) && s >= 0 && box.shape[i] >= 0 && s + box.shape[i] <= shape[i]);
    if (!ok) throw new InputError({ url: `${this.store.url}/${this.path}`, reason: `box [${box.start}]+[${box.shape}] is outside the array [${shape}]` });
    const out = allocSamples(dtype, box.shape.reduce((a, b) => a * b, 1));
    if (fillValue !== 0) out.fill(fillValue);
    if (out.length === 0) return out;
    const first = box.start.map((s, i) => Math.floor(s / chunkShape[i]));
    const last = box.start.map((s, i) => Math.floor((s + box.shape[i] - 1) / chunkShape[i]));
    const shards = new Map<string, (Uint8Array | undefined)[] | undefined>();
    const coords = [...first];
    for (;;) {
      const bytes = this.chunkBytes(coords, shards);
      if (bytes !== undefined) {
        const chunk = this.decode(bytes, coords);
        const origin = coords.map((c, i) => c * chunkShape[i]);
        const lo = origin.map((o, i) => Math.max(o, box.start[i]));
        const hi = origin.map((o, i) => Math.min(o + chunkShape[i], box.start[i] + box.shape[i]));
        copyBox(chunk, chunkShape, lo.map((l, i) => l - origin[i]), out, box.shape, lo.map((l, i) => l - box.start[i]), hi.map((h, i) => h - lo[i]));
      }
      let d = coords.length - 1;
      while (d >= 0 && coords[d] === last[d]) coords[d] = first[d--];
      if (d < 0) break;
      coords[d]++;
    }
    return out;
  }

  private chunkBytes(coords: readonly number[], shards: Map<string, (Uint8Array | undefined)[] | undefined>): Uint8Array | undefined {
    const { shardShape, chunkShape } = this.spec;
    if (shardShape === undefined) return this.store.get(joinKey(this.path, chunkKey(coords)));
    const per = shardShape.map((s, i) => s / chunkShape[i]);
    const key = joinKey(this.path, chunkKey(coords.map((c, i) => Math.floor(c / per[i]))));
    if (!shards.has(key)) {
      const shard = this.store.get(key);
      const count = per.reduce((a, b) => a * b, 1);
      shards.set(key, shard === undefined ? undefined : shardChunks(shard, count, `${this.store.url}/${key}`));
    }
    return shards.get(key)?.[linearIndex(coords.map((c, i) => c % per[i]), per)];
  }

  private decode(stored: Uint8Array, coords: readonly number[]): SampleArray {
    const { chunkShape, dtype, zstdLevel } = this.spec;
    const size = chunkShape.reduce((a, b) => a * b, 1);
    const raw = zstdLevel === null ? stored : decompress(stored);
    const width = bytesPerSampleOf(dtype);
    if (raw.length !== size * width) {
      throw new FormatError({ url: `${this.store.url}/${this.path}`, reason: `chunk [${coords}] holds ${raw.length} bytes, not ${size * width}`, hint: 'The array is corrupt: delete it and run the step that wrote it again' });
    }
    // copy into a fresh, aligned buffer (host is little-endian, as the writer assumes)
    const out = allocSamples(dtype, size);
    new Uint8Array(out.buffer).set(raw);
    return out;
  }
}
