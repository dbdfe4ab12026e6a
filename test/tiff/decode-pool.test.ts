/**
 * The decode pool against decodeBlock and rasterio on GDAL-written files, errors crossing
 * from a worker as rasterduck errors, and a process that exits by itself with the pool used.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormatError, InputError } from '../../src/errors.js';
import { decodeBlock, prepareCodec } from '../../src/tiff/decode-block.js';
import { DecodePool, decodeThreads, type DecodeJob } from '../../src/tiff/decode-pool.js';
import type { TiffImage } from '../../src/tiff/tiff-image.js';
import { diffBlock } from './codecs/compare-block.js';
import { makeFixtures, type Fixture, type FixtureCase } from './codecs/gdal-fixtures.js';

const hasGdal = spawnSync('/usr/bin/python3', ['-c', 'import rasterio'], { stdio: 'ignore' }).status === 0;

const base = { width: 300, height: 260, block: [128, 128] as [number, number] };
const CASES: FixtureCase[] = [
  { ...base, name: 'pool_deflate_u16_p2', dtype: 'uint16', bands: 1, compress: 'DEFLATE', predictor: 2 },
  { ...base, name: 'pool_lzw_rgb_big_endian', dtype: 'uint8', bands: 3, compress: 'LZW', predictor: 2, endian: 'BIG' },
  { ...base, name: 'pool_zstd_f32_p3_planar', dtype: 'float32', bands: 2, compress: 'ZSTD', predictor: 3, interleave: 'BAND' },
  { ...base, name: 'pool_jpeg_ycbcr', dtype: 'uint8', bands: 3, compress: 'JPEG', smooth: true, options: ['PHOTOMETRIC=YCBCR'] },
  { ...base, name: 'pool_lerc_f32', dtype: 'float32', bands: 1, compress: 'LERC' },
];

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function jobsOf(f: Fixture): DecodeJob[] {
  return f.blocks.map((b) => ({ bytes: b.bytes, image: f.image, littleEndian: f.littleEndian, url: `file://${f.path}`, blockIndex: b.index }));
}

describe.skipIf(!hasGdal)('DecodePool on GDAL files', () => {
  let fixtures: Fixture[] = [];
  let cleanup = (): void => {};
  // inlineBelowBytes 0: every batch of two or more blocks goes through the worker
  const pool = new DecodePool({ threads: 1, inlineBelowBytes: 0 });

  beforeAll(async () => {
    ({ fixtures, cleanup } = makeFixtures(CASES));
    for (const f of fixtures) await prepareCodec(f.image.compression);
  });
  afterAll(async () => {
    await pool.close();
    cleanup();
  });

  it('decodes every block exactly as decodeBlock does, and as rasterio reads it', async () => {
    const jobs = fixtures.flatMap(jobsOf);
    const blocks = await pool.decode(jobs);
    expect(blocks).toHaveLength(jobs.length);
    let i = 0;
    for (const f of fixtures) {
      for (const b of f.blocks) {
        const got = blocks[i];
        const want = decodeBlock(jobs[i].bytes, f.image, jobs[i]);
        expect({ ...got, data: undefined }).toEqual({ ...want, data: undefined });
        expect(got.data.constructor).toBe(want.data.constructor);
        expect(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength).equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength))).toBe(true);
        expect(diffBlock(got, f, b).mismatches).toBe(0);
        i++;
      }
    }
  });

  it('leaves the caller its bytes', async () => {
    const jobs = jobsOf(fixtures[0]);
    const lengths = jobs.map((j) => j.bytes.length);
    await pool.decode(jobs);
    expect(jobs.map((j) => j.bytes.length)).toEqual(lengths);
    expect(jobs.every((j) => j.bytes.buffer.byteLength > 0)).toBe(true);
  });

  it('rejects with a FormatError naming the file and block of a corrupt tile, from a worker or not', async () => {
    const f = fixtures[0];
    const jobs = jobsOf(f);
    // the first chunk always goes to a worker, before the calling thread takes any job
    const bad = jobs[0];
    jobs[0] = { ...bad, bytes: bad.bytes.slice(0, 40).map((v, k) => (k > 2 ? v ^ 0x5a : v)) };
    const here = new DecodePool({ threads: 0 });
    for (const p of [pool, here]) {
      const error = await p.decode(jobs).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(FormatError);
      expect((error as FormatError).url).toBe(bad.url);
      expect((error as Error).message).toMatch(new RegExp(`${f.path}.*deflate block ${bad.blockIndex} .*corrupt`));
    }
  });

  it('with the caller decoding nothing (the I/O worker), shares the workers between batches decoded at once, and fails only the bad one', async () => {
    const queued = new DecodePool({ threads: 2, inlineBelowBytes: 0, callerDecodes: false });
    // one batch per file, all at once, as the read path sends them while files arrive; the
    // queue must serve every one (feeding only a batch's own replies left later ones waiting)
    const batches = fixtures.map(jobsOf);
    const bad = jobsOf(fixtures[0]);
    bad[1] = { ...bad[1], bytes: bad[1].bytes.slice(0, 30) };
    const [failed, ...results] = await Promise.all([queued.decode(bad).then(() => 'decoded', (e: unknown) => e), ...batches.map((b) => queued.decode(b))]);
    expect(failed).toBeInstanceOf(FormatError);
    results.forEach((blocks, k) => {
      expect(blocks).toHaveLength(batches[k].length);
      blocks.forEach((got, i) => expect(bytesOf(got.data).equals(bytesOf(decodeBlock(batches[k][i].bytes, fixtures[k].image, batches[k][i]).data))).toBe(true));
    });
    await queued.close();
  });

  it('decodes small batches on the calling thread with the same result', async () => {
    const f = fixtures[1];
    const inline = new DecodePool({ threads: 1 });
    const jobs = jobsOf(f).slice(0, 2);
    const [a, b] = await Promise.all([inline.decode(jobs), pool.decode(jobs)]);
    expect(a.map((x) => Array.from(x.data))).toEqual(b.map((x) => Array.from(x.data)));
    await inline.close();
  });
});

describe('decodeThreads', () => {
  it('reads RASTERDUCK_DECODE_THREADS, or leaves a core for the caller when it decodes too', () => {
    expect(decodeThreads({})).toBe(Math.max(1, availableParallelism() - 1));
    expect(decodeThreads({}, false)).toBe(availableParallelism());
    expect(decodeThreads({ RASTERDUCK_DECODE_THREADS: '3' })).toBe(3);
    expect(decodeThreads({ RASTERDUCK_DECODE_THREADS: '0' })).toBe(0);
    expect(() => decodeThreads({ RASTERDUCK_DECODE_THREADS: 'many' })).toThrow(InputError);
    expect(() => decodeThreads({ RASTERDUCK_DECODE_THREADS: '-1' })).toThrow(/RASTERDUCK_DECODE_THREADS=-1/);
  });
});

/** A 512x512 uint16 deflate image without predictor, in plain data, for a child process. */
const SYNTHETIC: TiffImage = {
  ifdIndex: 0, role: 'full', width: 1024, height: 1024, tiled: true, blockWidth: 512, blockHeight: 512,
  bitsPerSample: [16], sampleFormat: [1], samplesPerPixel: 1, planarConfiguration: 1, compression: 8,
  predictor: 1, photometric: 1, extraSamples: [], blockOffsets: [], blockByteCounts: [],
};

describe('the process', () => {
  it('exits by itself after a batch went through the workers', () => {
    const samples = Uint16Array.from({ length: 512 * 512 }, (_, i) => (i * 31) % 4099);
    const stored = deflateSync(new Uint8Array(samples.buffer)).toString('base64');
    const pool = new URL('../../src/tiff/decode-pool.ts', import.meta.url).href;
    const script = `
      import { decodeBlocks } from ${JSON.stringify(pool)};
      const image = ${JSON.stringify(SYNTHETIC)};
      const bytes = new Uint8Array(Buffer.from(${JSON.stringify(stored)}, 'base64'));
      const jobs = Array.from({ length: 4 }, (_, i) => ({ bytes, image, littleEndian: true, url: 'mem://synthetic.tif', blockIndex: i }));
      const blocks = await decodeBlocks(jobs);
      console.log(blocks.length, blocks[3].data[1000]);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, RASTERDUCK_DECODE_THREADS: '2' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe(`4 ${samples[1000]}`);
  }, 70_000);
});
