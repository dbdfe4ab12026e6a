/**
 * A chip's pixels as plain numbers for SQL: the filled values as doubles, the mask as
 * booleans, and per-band statistics over the valid pixels. Pure; the SQL adapters
 * (chip_values, chip_mask, chip_stats) call these.
 */
import { InputError } from '../errors.js';
import { bytesPerSampleOf, viewAs, type Dtype, type SampleArray } from '../tiff/dtype.js';
import { checkChipSize } from './chip-size-limit.js';

/** The fields of a chip these functions read. */
export interface ChipPixels {
  readonly data: Uint8Array;
  readonly dtype: Dtype;
  readonly bands: number;
  readonly height: number;
  readonly width: number;
  readonly mask: Uint8Array;
}

/** Statistics of one band over its valid pixels; min..std are null when none is valid. */
export interface BandStats {
  /** 1-based, as in GDAL, rasterio and SQL. */
  readonly band: number;
  readonly count: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Population standard deviation (numpy's default ddof=0). */
  readonly std: number | null;
  readonly sum: number | null;
}

/**
 * The chip's samples as a typed view (a copy only when the BLOB is unaligned).
 * @throws InputError when the data and the shape disagree.
 */
export function samplesOf(chip: ChipPixels): SampleArray {
  const n = chip.bands * chip.height * chip.width;
  const size = bytesPerSampleOf(chip.dtype);
  if (chip.data.byteLength !== n * size || chip.mask.length !== n) {
    throw new InputError({ reason: `the chip is inconsistent: ${chip.bands}x${chip.height}x${chip.width} ${chip.dtype} needs ${n * size} data bytes and ${n} mask values, it has ${chip.data.byteLength} and ${chip.mask.length}` });
  }
  // a BLOB from SQL need not be aligned for a typed view
  const aligned = chip.data.byteOffset % size === 0 ? chip.data : chip.data.slice();
  return viewAs(chip.dtype, aligned);
}

/**
 * The filled array as doubles, band-major: index (b·height + row)·width + col. Invalid
 * pixels hold the fill value the chip was read with (nodata, else 0). 8 bytes per value, no
 * size limit: for callers inside rasterduck (mosaic, sample_point); SQL goes through
 * {@link chipValuesForSql}.
 * @throws InputError when the data and the shape disagree.
 */
export function chipValues(chip: ChipPixels): Float64Array {
  return Float64Array.from(samplesOf(chip));
}

/**
 * chip_values: {@link chipValues} as the JS list DuckDB takes. The SQL DOUBLE[] is 8 bytes
 * per value, but on its way into DuckDB it is copied through several JS arrays: the peak,
 * measured on 16 M values, is about 117 bytes per value. Refused when 120 bytes per value
 * pass RASTERDUCK_MAX_CHIP_MB, or past one JS array's length (2^27 - 2 values).
 * @throws InputError when the data and the shape disagree, or past the size limit.
 */
export function chipValuesForSql(chip: ChipPixels): number[] {
  checkChipSize({ ...shapeOf(chip), bytesPerValue: 120, what: "chip_values' DOUBLE[] (about 120 bytes per value on its way to DuckDB)", list: true });
  return Array.from(chipValues(chip));
}

function shapeOf(chip: ChipPixels): { bands: number; height: number; width: number } {
  return { bands: chip.bands, height: chip.height, width: chip.width };
}

/**
 * The mask in chipValues' order, true where the pixel is valid (inside the geometry and
 * not masked by the file): GDAL's convention, the inverse of numpy's masked-array mask.
 * The SQL BOOLEAN[] is 1 byte per value; its peak on the way into DuckDB, measured on 16 M
 * values, is about 67 bytes per value. Refused when 70 bytes per value pass
 * RASTERDUCK_MAX_CHIP_MB, or past one JS array's length (2^27 - 2 values).
 * @throws InputError when the data and the shape disagree, or past the size limit.
 */
export function chipMask(chip: ChipPixels): boolean[] {
  checkChipSize({ ...shapeOf(chip), bytesPerValue: 70, what: "chip_mask's BOOLEAN[] (about 70 bytes per value on its way to DuckDB)", list: true });
  samplesOf(chip);
  return Array.from(chip.mask, (v) => v !== 0);
}

/** count, min, max, sum, mean and population std of one band's valid pixels (two passes). */
function bandStats(values: SampleArray, mask: Uint8Array, from: number, n: number, band: number): BandStats {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let nan = false;
  for (let i = from; i < from + n; i++) {
    if (mask[i] === 0) continue;
    const v = values[i];
    count++;
    sum += v;
    if (Number.isNaN(v)) nan = true;
    else if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return { band, count, min: null, max: null, mean: null, std: null, sum: null };
  const mean = sum / count;
  let squares = 0;
  for (let i = from; i < from + n; i++) if (mask[i] !== 0) squares += (values[i] - mean) ** 2;
  // a valid NaN poisons every statistic, as in numpy
  return { band, count, min: nan ? NaN : min, max: nan ? NaN : max, mean, std: Math.sqrt(squares / count), sum };
}

/**
 * Per-band statistics over valid pixels, bands numbered from 1. Needs no memory beyond the
 * chip (a copy of its data only when the BLOB is unaligned; measured: the chip's size again),
 * so it has no size limit of its own: it is the way to reduce a large chip.
 * @throws InputError when the data and the shape disagree.
 */
export function chipStats(chip: ChipPixels): BandStats[] {
  const values = samplesOf(chip);
  const n = chip.height * chip.width;
  return Array.from({ length: chip.bands }, (_, b) => bandStats(values, chip.mask, b * n, n, b + 1));
}
