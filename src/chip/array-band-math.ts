/**
 * Sedona's band maths on plain DOUBLE[] bands (as RS_BandAsArray returns them), with
 * Sedona's own rules, not chip_normalized_difference's. Pure.
 */
import { InputError } from '../errors.js';

/** Java's Math.round(double) as a double: floor(x + 0.5), NaN to 0, saturated at the long range. */
function javaRound(x: number): number {
  if (Number.isNaN(x)) return 0;
  const r = Math.floor(x + 0.5);
  // (double) Long.MAX_VALUE and Long.MIN_VALUE
  if (r >= 2 ** 63) return 2 ** 63;
  if (r <= -(2 ** 63)) return -(2 ** 63);
  return r === 0 ? 0 : r; // no -0: a Java long has none
}

/**
 * Sedona's RS_NormalizedDifference(band1, band2): (band2 - band1) / (band2 + band1) per
 * value, each value 0 first replaced by -1, rounded to 2 decimals as Sedona does
 * (Math.round(x * 100) / 100, halves up). A sum of 0 gives Java's rounding of an infinity
 * (about ±9.2e16), as Sedona.
 * @throws InputError when the bands differ in length.
 */
export function sedonaNormalizedDifference(band1: readonly number[], band2: readonly number[]): number[] {
  if (band1.length !== band2.length) {
    throw new InputError({ reason: `the bands differ in length: ${band1.length} and ${band2.length} values`, hint: 'Both must come from rasters of the same size (RS_BandAsArray of two bands of one grid)' });
  }
  return band1.map((v1, i) => {
    const a = v1 === 0 ? -1 : v1;
    const b = band2[i] === 0 ? -1 : band2[i];
    return javaRound(((b - a) / (b + a)) * 100) / 100;
  });
}
