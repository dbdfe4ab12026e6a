/** Compares a decoded block with rasterio's read of the same window. */
import type { DecodedBlock } from '../../../src/tiff/decode-block.js';
import type { Fixture, FixtureBlock } from './gdal-fixtures.js';

const CTORS = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array,
} as const;

/** Result of a comparison: the largest |difference| and how many samples differ. */
export interface BlockDiff {
  maxAbsDiff: number;
  mismatches: number;
  compared: number;
}

/** rasterio's samples (bands, rows, cols) as a typed array (the test host is little-endian). */
export function expectedSamples(f: Fixture, b: FixtureBlock): ArrayLike<number> {
  const ctor = CTORS[f.case.dtype as keyof typeof CTORS];
  const copy = b.expected.slice();
  return new ctor(copy.buffer, 0, copy.byteLength / ctor.BYTES_PER_ELEMENT);
}

/**
 * Compares the valid window of a block, sample by sample; NaN equals NaN.
 * `band` is the band a planar block holds (0 for chunky).
 */
export function diffBlock(decoded: DecodedBlock, f: Fixture, b: FixtureBlock): BlockDiff {
  const want = expectedSamples(f, b);
  const { width: w, height: h } = b;
  const bands = decoded.samples;
  let maxAbsDiff = 0;
  let mismatches = 0;
  for (let s = 0; s < bands; s++) {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const got = decoded.data[(r * decoded.width + c) * bands + s];
        const exp = want[(s * h + r) * w + c];
        if (got === exp || (Number.isNaN(got) && Number.isNaN(exp))) continue;
        const d = Math.abs(got - exp);
        mismatches++;
        maxAbsDiff = Math.max(maxAbsDiff, Number.isNaN(d) ? Infinity : d);
      }
    }
  }
  return { maxAbsDiff, mismatches, compared: bands * w * h };
}
