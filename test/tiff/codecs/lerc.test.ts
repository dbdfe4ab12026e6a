/**
 * LERC specifics against rasterio: NaN masks (float32/float64, single band and planar,
 * both byte orders), lossy MAX_Z_ERROR (GDAL's decode is deterministic, so still exact),
 * deflate/zstd wrapping, and uint8 RGBA whose alpha libtiff codes as the LERC mask.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeBlock, prepareCodec } from '../../../src/tiff/decode-block.js';
import { diffBlock } from './compare-block.js';
import { makeFixtures, type Fixture, type FixtureCase } from './gdal-fixtures.js';

const base = { width: 70, height: 50, block: [32, 32] as [number, number] };
const CASES: FixtureCase[] = [
  { ...base, name: 'nan_f32', dtype: 'float32', bands: 1, compress: 'LERC', nan: true },
  { ...base, name: 'nan_f32_big', dtype: 'float32', bands: 1, compress: 'LERC_ZSTD', nan: true, endian: 'BIG' },
  // chunky multi-band floats with NaN: Debian's GDAL 3.6 cannot read back what it writes
  { ...base, name: 'nan_f64', dtype: 'float64', bands: 1, compress: 'LERC_DEFLATE', nan: true },
  { ...base, name: 'nan_f32_3band_planar', dtype: 'float32', bands: 3, compress: 'LERC', nan: true, interleave: 'BAND' },
  { ...base, name: 'lossy_f32', dtype: 'float32', bands: 1, compress: 'LERC_ZSTD', options: ['MAX_Z_ERROR=0.5'] },
  { ...base, name: 'lossy_u16_3band', dtype: 'uint16', bands: 3, compress: 'LERC_DEFLATE', options: ['MAX_Z_ERROR=3'] },
  { ...base, name: 'rgba_alpha_mask', dtype: 'uint8', bands: 4, compress: 'LERC', alpha: true, options: ['ALPHA=YES'] },
  { ...base, name: 'strips_f32', dtype: 'float32', bands: 2, compress: 'LERC', nan: true, tiled: false, interleave: 'BAND', block: [70, 16] },
];

let fixtures: Fixture[] = [];
let cleanup = (): void => {};
beforeAll(async () => {
  ({ fixtures, cleanup } = makeFixtures(CASES));
  await prepareCodec(34887);
});
afterAll(() => cleanup());

it('writes the layouts the cases ask for', () => {
  const rgba = fixtures.find((f) => f.case.name === 'rgba_alpha_mask')!;
  expect(rgba.image.extraSamples).toEqual([2]);
  expect(fixtures.find((f) => f.case.name === 'nan_f32_big')!.littleEndian).toBe(false);
  expect(fixtures.find((f) => f.case.name === 'lossy_f32')!.image.lercParameters).toEqual([4, 2]);
});

it.each(CASES.map((c) => c.name))('%s equals rasterio, NaN for NaN', (name) => {
  const f = fixtures.find((x) => x.case.name === name)!;
  let nans = 0;
  for (const b of f.blocks) {
    const decoded = decodeBlock(b.bytes, f.image, { littleEndian: f.littleEndian, url: f.path, blockHeight: f.image.tiled ? undefined : b.height });
    expect(diffBlock(decoded, f, b)).toMatchObject({ mismatches: 0 });
    nans += Array.from(decoded.data).filter(Number.isNaN).length;
  }
  if (f.case.nan) expect(nans).toBeGreaterThan(0);
});
