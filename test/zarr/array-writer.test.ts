import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decompress } from 'fzstd';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrayWriter } from '../../src/zarr/array-writer.js';
import { crc32c } from '../../src/zarr/crc32c.js';
import { allocSamples, DTYPES, type Dtype, type SampleArray } from '../../src/zarr/data-type.js';
import { FileSystemStore } from '../../src/zarr/fs-store.js';
import { MemoryStore } from '../../src/zarr/store.js';
import { loadZstdEncoder } from '../../src/zarr/zstd.js';
import { bytesOf, makeSamples } from './helpers/samples.js';
import { readWithZarrita, tempDir } from './helpers/zarrita-read.js';

// (time, band, y, x) with edge chunks and edge shards cut by the array's bounds
const SHAPE = [2, 3, 37, 45];
const CHUNK = [1, 1, 8, 16];
const SHARD = [1, 1, 16, 32];
const FILL: Record<Dtype, number> = { uint8: 255, int8: 0, uint16: 0, int16: -9999, uint32: 7, int32: 0, float32: NaN, float64: NaN };
const idx = (t: number, b: number, y: number, x: number): number => ((t * SHAPE[1] + b) * SHAPE[2] + y) * SHAPE[3] + x;

// The source raster: random values, one inner chunk and one whole (edge) shard set to the fill value
function source(dtype: Dtype): SampleArray {
  const data = makeSamples(dtype, SHAPE.reduce((a, b) => a * b, 1), DTYPES.indexOf(dtype) + 1);
  for (let y = 8; y < 16; y++) for (let x = 16; x < 32; x++) data[idx(0, 1, y, x)] = FILL[dtype];
  for (let y = 32; y < 37; y++) for (let x = 32; x < 45; x++) data[idx(1, 2, y, x)] = FILL[dtype];
  return data;
}

// One chunk cut from the source by plain loops, padded with the fill value past the edges
function expectedChunk(data: SampleArray, dtype: Dtype, [t, b, cy, cx]: number[]): SampleArray {
  const out = allocSamples(dtype, CHUNK[2] * CHUNK[3]).fill(FILL[dtype]);
  for (let y = 0; y < CHUNK[2]; y++) {
    for (let x = 0; x < CHUNK[3]; x++) {
      const [gy, gx] = [cy * CHUNK[2] + y, cx * CHUNK[3] + x];
      if (gy < SHAPE[2] && gx < SHAPE[3]) out[y * CHUNK[3] + x] = data[idx(t, b, gy, gx)];
    }
  }
  return out;
}

const isFill = (chunk: SampleArray, fill: number): boolean => Array.from(chunk).every((v) => (Number.isNaN(fill) ? Number.isNaN(v) : v === fill));

function chunkBlocks(data: SampleArray): { start: number[]; shape: number[]; data: SampleArray }[] {
  const blocks = [];
  for (let t = 0; t < SHAPE[0]; t++) for (let b = 0; b < SHAPE[1]; b++) for (let y = 0; y < SHAPE[2]; y += 8) for (let x = 0; x < SHAPE[3]; x += 16) {
    const [h, w] = [Math.min(8, SHAPE[2] - y), Math.min(16, SHAPE[3] - x)];
    const block = allocSamples(dtypeName(data), h * w);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) block[r * w + c] = data[idx(t, b, y + r, x + c)];
    blocks.push({ start: [t, b, y, x], shape: [1, 1, h, w], data: block });
  }
  // a fixed shuffle, so shards are rebuilt by read-modify-write in no particular order
  return blocks.map((blk, i) => ({ blk, key: (i * 7919) % 101 })).sort((p, q) => p.key - q.key).map((p) => p.blk);
}
const dtypeName = (data: SampleArray): Dtype => DTYPES.find((d) => allocSamples(d, 0).constructor === data.constructor)!;

let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  await loadZstdEncoder();
  tmp = tempDir('zarr-writer');
});
afterAll(() => tmp.cleanup());

describe.each(DTYPES)('%s arrays', (dtype) => {
  const data = source(dtype);

  it.each([['sharded', SHARD], ['unsharded', undefined]] as const)('%s: read back by zarrita equal to the source, fill value included', async (kind, shard) => {
    const root = path.join(tmp.dir, `${dtype}-${kind}`);
    // durable: false skips fsync only (~10 ms a file here); atomicity is tested in fs-store.test.ts
    const writer = ArrayWriter.create(new FileSystemStore(root, { durable: false }), 'a', { shape: SHAPE, dtype, chunkShape: CHUNK, shardShape: shard, fillValue: FILL[dtype], dimensionNames: ['time', 'band', 'y', 'x'] });
    for (const block of chunkBlocks(data)) writer.writeRegion(block);
    const read = await readWithZarrita(root, 'a');
    expect(read.shape).toEqual(SHAPE);
    expect(read.dims).toEqual(['time', 'band', 'y', 'x']);
    expect(bytesOf(read.data as SampleArray)).toEqual(bytesOf(data));
  });

  it('writes shard indexes with sane ranges, a matching crc32c and zstd frames of the right chunks', () => {
    const root = path.join(tmp.dir, `${dtype}-sharded`);
    const per = SHARD.map((s, i) => s / CHUNK[i]);
    let shards = 0;
    for (let t = 0; t < 2; t++) for (let b = 0; b < 3; b++) for (let sy = 0; sy < 3; sy++) for (let sx = 0; sx < 2; sx++) {
      const file = path.join(root, 'a', 'c', `${t}`, `${b}`, `${sy}`, `${sx}`);
      const chunks = [0, 1, 2, 3].map((i) => [t, b, sy * per[2] + (i >> 1), sx * per[3] + (i & 1)]);
      const expected = chunks.map((c) => (c[2] * 8 < SHAPE[2] && c[3] * 16 < SHAPE[3] ? expectedChunk(data, dtype, c) : undefined));
      const allEmpty = expected.every((e) => e === undefined || isFill(e, FILL[dtype]));
      if (allEmpty) {
        expect(() => readFileSync(file)).toThrow(/ENOENT/);
        continue;
      }
      shards++;
      const bytes = readFileSync(file);
      const indexAt = bytes.length - 4 * 16 - 4;
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      expect(view.getUint32(bytes.length - 4, true)).toBe(crc32c(bytes.subarray(indexAt, bytes.length - 4)));
      let next = 0;
      expected.forEach((want, i) => {
        const [offset, nbytes] = [view.getBigUint64(indexAt + i * 16, true), view.getBigUint64(indexAt + i * 16 + 8, true)];
        if (want === undefined || isFill(want, FILL[dtype])) {
          expect([offset, nbytes]).toEqual([0xffffffffffffffffn, 0xffffffffffffffffn]);
          return;
        }
        expect(Number(offset)).toBe(next); // chunks are packed in index order, no gaps
        next += Number(nbytes);
        const frame = bytes.subarray(Number(offset), Number(offset + nbytes));
        expect(decompress(frame)).toEqual(bytesOf(want));
      });
      expect(next).toBe(indexAt);
    }
    expect(shards).toBe(2 * 3 * 3 * 2 - 1);
  });
});

describe('ArrayWriter', () => {
  const spec = { shape: SHAPE, dtype: 'int16' as const, chunkShape: CHUNK, shardShape: SHARD, fillValue: -1 };

  it('gives the same bytes whether a shard is written at once or chunk by chunk', () => {
    const data = source('int16');
    const whole = new MemoryStore();
    ArrayWriter.create(whole, '', spec).writeRegion({ start: [0, 0, 0, 0], shape: SHAPE, data });
    const pieces = new MemoryStore();
    const writer = ArrayWriter.create(pieces, '', spec);
    for (const block of chunkBlocks(data)) writer.writeRegion(block);
    expect(pieces.list('')).toEqual(whole.list(''));
    for (const key of whole.list('')) expect(pieces.get(key)).toEqual(whole.get(key));
  });

  it('removes a shard whose chunks all become the fill value', () => {
    const store = new MemoryStore();
    const writer = ArrayWriter.create(store, 'a', spec);
    writer.writeRegion({ start: [0, 0, 0, 0], shape: [1, 1, 8, 16], data: new Int16Array(128).fill(3) });
    expect(store.list('a/c/')).toEqual(['a/c/0/0/0/0']);
    expect(writer.writeRegion({ start: [0, 0, 0, 0], shape: [1, 1, 8, 16], data: new Int16Array(128).fill(-1) }).removed).toBe(1);
    expect(store.list('a/c/')).toEqual([]);
  });

  it('refuses misaligned, out-of-bounds and wrongly typed regions, naming the problem', () => {
    const writer = ArrayWriter.create(new MemoryStore(), 'a', spec);
    expect(() => writer.writeRegion({ start: [0, 0, 4, 0], shape: [1, 1, 8, 16], data: new Int16Array(128) })).toThrow(/region 4:12 of dimension 2 is not aligned to chunks of 8/);
    expect(() => writer.writeRegion({ start: [0, 0, 32, 32], shape: [1, 1, 8, 13], data: new Int16Array(104) })).toThrow(/region 32:40 is outside dimension 2/);
    expect(() => writer.writeRegion({ start: [0, 0, 0, 0], shape: [1, 1, 8, 16], data: new Float32Array(128) })).toThrow(/needs 128 int16 samples, got 128 float32/);
    expect(() => writer.writeChunks([{ coords: [0, 0, 5, 0], bytes: undefined }])).toThrow(/chunk \[0,0,5,0\] is outside the chunk grid \[2,3,5,3\]/);
  });

  it('reopens identical metadata keeping the chunks, and refuses other metadata unless overwrite', () => {
    const store = new MemoryStore();
    ArrayWriter.create(store, 'a', spec).writeRegion({ start: [0, 0, 0, 0], shape: [1, 1, 8, 16], data: new Int16Array(128).fill(3) });
    ArrayWriter.create(store, 'a', spec);
    expect(store.list('a/c/')).toHaveLength(1);
    expect(ArrayWriter.open(store, 'a').spec).toMatchObject({ shape: SHAPE, chunkShape: CHUNK, shardShape: SHARD, fillValue: -1, zstdLevel: 1 });
    expect(() => ArrayWriter.create(store, 'a', { ...spec, fillValue: 0 })).toThrow(/an array with other metadata/);
    ArrayWriter.create(store, 'a', { ...spec, fillValue: 0 }, { overwrite: true });
    expect(store.list('a/c/')).toEqual([]);
  });

  it('refuses to merge into a corrupt shard, naming its file', () => {
    const store = new MemoryStore();
    const writer = ArrayWriter.create(store, 'a', spec);
    writer.writeRegion({ start: [0, 0, 0, 0], shape: [1, 1, 8, 16], data: new Int16Array(128).fill(3) });
    store.set('a/c/0/0/0/0', store.get('a/c/0/0/0/0')!.subarray(0, 30));
    expect(() => writer.writeRegion({ start: [0, 0, 8, 0], shape: [1, 1, 8, 16], data: new Int16Array(128) })).toThrow(/memory:\/\/\/a\/c\/0\/0\/0\/0.*corrupt shard/);
  });

  it('stores raw chunks when zstdLevel is null', async () => {
    const { dir, cleanup } = tempDir('zarr-raw');
    const data = Float64Array.from({ length: 37 * 45 }, (_, i) => i / 3);
    ArrayWriter.create(new FileSystemStore(dir), '', { shape: [37, 45], dtype: 'float64', chunkShape: [8, 16], fillValue: NaN, zstdLevel: null })
      .writeRegion({ start: [0, 0], shape: [37, 45], data });
    expect(readFileSync(path.join(dir, 'c', '4', '2')).length).toBe(8 * 16 * 8);
    expect(bytesOf((await readWithZarrita(dir, '')).data as Float64Array)).toEqual(bytesOf(data));
    cleanup();
  });
});
