/**
 * Parity with GDAL/rasterio for every lossless codec GDAL 3.6 writes, over dtype x byte
 * order x predictor, with layouts (chunky, planar, single band, strips with a short last
 * strip, edge tiles) spread over the matrix so each codec meets each layout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBlock, prepareCodec } from '../../../src/tiff/decode-block.js';
import { diffBlock } from './compare-block.js';
import { makeFixtures, type Fixture, type FixtureCase } from './gdal-fixtures.js';

const DTYPES = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];
const ENDIANS = ['LITTLE', 'BIG'] as const;
const WITH_PREDICTOR = ['DEFLATE', 'LZW', 'ZSTD', 'LZMA'];
const WITHOUT_PREDICTOR = ['NONE', 'PACKBITS', 'LERC', 'LERC_DEFLATE', 'LERC_ZSTD'];
const LAYOUTS: Array<Pick<FixtureCase, 'bands' | 'block' | 'tiled' | 'interleave'>> = [
  { bands: 3, block: [32, 32], interleave: 'PIXEL' },
  { bands: 1, block: [16, 48] },
  { bands: 2, block: [32, 16], interleave: 'BAND' },
  { bands: 3, block: [70, 16], tiled: false, interleave: 'PIXEL' },
];

/** Predictors GDAL accepts for a dtype: 2 everywhere (floats as bit patterns), 3 on floats. */
function predictorsFor(codec: string, dtype: string): number[] {
  if (!WITH_PREDICTOR.includes(codec)) return [1];
  return dtype.startsWith('float') ? [1, 2, 3] : [1, 2];
}

function matrix(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const compress of [...WITH_PREDICTOR, ...WITHOUT_PREDICTOR]) {
    DTYPES.forEach((dtype, d) => ENDIANS.forEach((endian, e) => {
      for (const predictor of predictorsFor(compress, dtype)) {
        const layout = LAYOUTS[(d + e + predictor) % LAYOUTS.length];
        const name = `${compress}_${dtype}_${endian}_p${predictor}`.toLowerCase();
        cases.push({ name, dtype, endian, predictor, compress, width: 70, height: 50, ...layout });
      }
    }));
  }
  // 8-bit noise in big tiles overflows the LZW table (Clear codes) and the deflate window
  cases.push({ name: 'lzw_noise_big_tile', dtype: 'uint8', bands: 1, width: 300, height: 260, block: [256, 256], compress: 'LZW' });
  cases.push({ name: 'zstd_level22', dtype: 'uint16', bands: 1, width: 300, height: 260, block: [256, 256], compress: 'ZSTD', options: ['ZSTD_LEVEL=22'] });
  return cases;
}

let fixtures: Fixture[] = [];
let cleanup = (): void => {};

beforeAll(async () => {
  ({ fixtures, cleanup } = makeFixtures(matrix()));
  for (const id of new Set(fixtures.map((f) => f.image.compression))) await prepareCodec(id);
});
afterAll(() => cleanup());

describe('lossless codecs equal rasterio', () => {
  it('covers the matrix', () => {
    expect(fixtures.length).toBeGreaterThan(200);
    expect(new Set(fixtures.map((f) => f.image.compression))).toEqual(new Set([1, 5, 8, 32773, 34887, 34925, 50000]));
    expect(fixtures.some((f) => !f.littleEndian && f.image.predictor === 3)).toBe(true);
  });

  it('decodes every block of every file exactly', () => {
    const failures: string[] = [];
    for (const f of fixtures) {
      for (const b of f.blocks) {
        const decoded = decodeBlock(b.bytes, f.image, {
          littleEndian: f.littleEndian,
          url: f.path,
          blockHeight: f.image.tiled ? undefined : b.height,
        });
        expect(decoded.dtype).toBe(f.case.dtype);
        expect(decoded.data.length).toBe(decoded.width * decoded.height * decoded.samples);
        const diff = diffBlock(decoded, f, b);
        if (diff.mismatches > 0) failures.push(`${f.case.name} block ${b.index}: ${diff.mismatches}/${diff.compared} differ (max ${diff.maxAbsDiff})`);
      }
    }
    expect(failures).toEqual([]);
  });
});
