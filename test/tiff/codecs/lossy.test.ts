/**
 * JPEG and WebP blocks against rasterio. Both decoders are the C libraries GDAL uses
 * (libjpeg-turbo via mozjpeg, libwebp) compiled to WASM, so lossy blocks match exactly too:
 * measured max |difference| 0 on every case, including 4:2:0 YCbCr and lossy WebP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBlock, prepareCodec } from '../../../src/tiff/decode-block.js';
import { diffBlock, type BlockDiff } from './compare-block.js';
import { makeFixtures, type Fixture, type FixtureCase } from './gdal-fixtures.js';

const base = { dtype: 'uint8', width: 70, height: 50, block: [32, 32] as [number, number], smooth: true };
const CASES: FixtureCase[] = [
  { ...base, name: 'jpeg_gray', bands: 1, compress: 'JPEG' },
  { ...base, name: 'jpeg_gray_noise', bands: 1, compress: 'JPEG', smooth: false },
  { ...base, name: 'jpeg_ycbcr', bands: 3, compress: 'JPEG', options: ['PHOTOMETRIC=YCBCR'] },
  { ...base, name: 'jpeg_ycbcr_noise', bands: 3, compress: 'JPEG', smooth: false, options: ['PHOTOMETRIC=YCBCR'] },
  { ...base, name: 'jpeg_ycbcr_q95_big', bands: 3, compress: 'JPEG', endian: 'BIG', options: ['PHOTOMETRIC=YCBCR', 'JPEG_QUALITY=95'] },
  { ...base, name: 'jpeg_rgb', bands: 3, compress: 'JPEG' },
  { ...base, name: 'jpeg_ycbcr_strips', bands: 3, compress: 'JPEG', tiled: false, block: [70, 16], options: ['PHOTOMETRIC=YCBCR'] },
  { ...base, name: 'jpeg_planar', bands: 3, compress: 'JPEG', interleave: 'BAND' },
  { ...base, name: 'webp_rgb_lossy', bands: 3, compress: 'WEBP' },
  { ...base, name: 'webp_rgba_lossy', bands: 4, compress: 'WEBP', alpha: true },
  { ...base, name: 'webp_rgb_lossless', bands: 3, compress: 'WEBP', smooth: false, options: ['WEBP_LOSSLESS=YES'] },
  { ...base, name: 'webp_rgba_lossless', bands: 4, compress: 'WEBP', alpha: true, options: ['WEBP_LOSSLESS=YES'] },
];

let fixtures: Fixture[] = [];
let cleanup = (): void => {};
beforeAll(async () => {
  ({ fixtures, cleanup } = makeFixtures(CASES));
  await prepareCodec(7);
  await prepareCodec(50001);
});
afterAll(() => cleanup());

function worst(f: Fixture): BlockDiff {
  const total: BlockDiff = { maxAbsDiff: 0, mismatches: 0, compared: 0 };
  for (const b of f.blocks) {
    const opts = { littleEndian: f.littleEndian, url: f.path, blockHeight: f.image.tiled ? undefined : b.height };
    const d = diffBlock(decodeBlock(b.bytes, f.image, opts), f, b);
    total.maxAbsDiff = Math.max(total.maxAbsDiff, d.maxAbsDiff);
    total.mismatches += d.mismatches;
    total.compared += d.compared;
  }
  return total;
}

describe('JPEG and WebP against rasterio', () => {
  it.each(CASES.map((c) => c.name))('%s equals rasterio exactly', (name) => {
    const f = fixtures.find((x) => x.case.name === name)!;
    expect(worst(f)).toMatchObject({ maxAbsDiff: 0, mismatches: 0 });
  });

  it('converts YCbCr to RGB and keeps RGB as written', () => {
    expect(fixtures.find((f) => f.case.name === 'jpeg_ycbcr')!.image.photometric).toBe(6);
    expect(fixtures.find((f) => f.case.name === 'jpeg_rgb')!.image.photometric).toBe(2);
  });
});
