/**
 * Which pixels of a band are valid, decided as GDAL 3.6 picks a band's mask band
 * (GDALRasterBand::GetMaskBand, GTiffRasterBand::GetMaskBand), which is what rasterio's
 * `read(masked=True)` inverts. One rule per band, in GDAL's order of precedence:
 * 1. the internal per-dataset mask IFD, when the file has one (GMF_PER_DATASET);
 * 2. the nodata value, when it is in range of the band's working type (GMF_NODATA);
 * 3. an alpha band (ExtraSamples 1 or 2) of type uint8 or uint16, only for bands 1 of a
 *    2-band file or 1 to 3 of a 4-band file (GMF_ALPHA): valid where alpha is not 0;
 * 4. otherwise every pixel is valid (GMF_ALL_VALID), the alpha band itself included.
 */
import type { Dtype, SampleArray } from '../tiff/dtype.js';

/** A band's mask rule. */
export type MaskRule =
  | { readonly kind: 'per-dataset' }
  | { readonly kind: 'nodata'; readonly value: number }
  | { readonly kind: 'alpha'; readonly alphaBand: number }
  | { readonly kind: 'all-valid' };

/** What the rule depends on. */
export interface BandLayout {
  readonly dtype: Dtype;
  readonly bands: number;
  readonly extraSamples: readonly number[];
  readonly nodata: number | null;
  readonly hasMaskIfd: boolean;
}

const FLT_MAX = 3.4028234663852886e38;

/**
 * GDALNoDataMaskBand::IsNoDataInRange in GDAL 3.6: uint16 works as UInt32, int16 as
 * Int32, and int8 (GDAL 3.6's Byte with PIXELTYPE=SIGNEDBYTE) as Byte, so -128 is out of
 * range there and such a file has no nodata mask.
 */
export function isNoDataInRange(nodata: number, dtype: Dtype): boolean {
  switch (dtype) {
    case 'uint8': case 'int8': return nodata >= 0 && nodata <= 255;
    case 'uint16': case 'uint32': return nodata >= 0 && nodata <= 4294967295;
    case 'int16': case 'int32': return nodata >= -2147483648 && nodata <= 2147483647;
    case 'float32': return Number.isNaN(nodata) || !Number.isFinite(nodata) || (nodata >= -FLT_MAX && nodata <= FLT_MAX);
    case 'float64': return true;
  }
}

/** rasterio's dtype_ranges (rasterio/dtypes.py). */
const RASTERIO_RANGES: Readonly<Record<Dtype, readonly [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], uint16: [0, 65535], int16: [-32768, 32767],
  uint32: [0, 4294967295], int32: [-2147483648, 2147483647],
  float32: [-3.4028235e38, 3.4028235e38], float64: [-1.7976931348623157e308, 1.7976931348623157e308],
};

/**
 * The nodata value rasterio reports (`dataset.nodata`) and rasterio.mask fills with: GDAL's,
 * unless it lies outside the dtype's range (then none); NaN and infinities stay for floats.
 */
export function rasterioNodata(nodata: number | null, dtype: Dtype): number | null {
  if (nodata === null) return null;
  const float = dtype === 'float32' || dtype === 'float64';
  if (float && (Number.isNaN(nodata) || !Number.isFinite(nodata))) return nodata;
  const [lo, hi] = RASTERIO_RANGES[dtype];
  return nodata >= lo && nodata <= hi ? nodata : null;
}

/** The alpha band (0-based) GDAL's GTiff driver reports: ExtraSamples 1 (associated) or 2 (unassociated). */
function alphaBandOf(l: BandLayout): number | undefined {
  const base = l.bands - l.extraSamples.length;
  const isAlpha = (band: number): boolean => {
    const k = band - base;
    return k >= 0 && (l.extraSamples[k] === 1 || l.extraSamples[k] === 2);
  };
  if (l.dtype !== 'uint8' && l.dtype !== 'uint16') return undefined;
  if (l.bands === 2 && isAlpha(1)) return 1;
  if (l.bands === 4 && isAlpha(3)) return 3;
  return undefined;
}

/** The mask rule of 0-based band `band`. */
export function maskRuleOf(l: BandLayout, band: number): MaskRule {
  if (l.hasMaskIfd) return { kind: 'per-dataset' };
  if (l.nodata !== null && isNoDataInRange(l.nodata, l.dtype)) return { kind: 'nodata', value: l.nodata };
  const alpha = alphaBandOf(l);
  if (alpha !== undefined && band < alpha) return { kind: 'alpha', alphaBand: alpha };
  return { kind: 'all-valid' };
}

/** Math.fround for each step of GDAL's float ARE_REAL_EQUAL (gcore/gdal_priv.h, ulp 2). */
function areFloatsEqual(a: number, b: number): boolean {
  const f = Math.fround;
  return a === b || f(Math.abs(f(a - b))) < f(f(1.1920928955078125e-7 * f(Math.abs(f(a + b)))) * 2);
}

function areDoublesEqual(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) < 1.1920928955078125e-7 * Math.abs(a + b) * 2;
}

/** C's cast of a double to an integer type: truncation toward zero, then wrapped to its width. */
function castNoData(nodata: number, dtype: Dtype): number {
  const t = Math.trunc(nodata);
  if (dtype === 'uint8' || dtype === 'int8') return t & 0xff;
  if (dtype === 'uint16' || dtype === 'uint32') return t >>> 0;
  return t | 0;
}

/**
 * Clears `valid[i]` (one band, `n` pixels from `offset`) where GDALNoDataMaskBand masks the
 * sample: equality in the working type for integers (int8 compares its raw byte), GDAL's
 * relative ARE_REAL_EQUAL for floats, isNaN for a NaN nodata.
 */
export function maskNoData(values: SampleArray, offset: number, n: number, nodata: number, dtype: Dtype, valid: Uint8Array): void {
  if (dtype === 'float32' || dtype === 'float64') {
    const equal = dtype === 'float32' ? areFloatsEqual : areDoublesEqual;
    const nd = dtype === 'float32' ? Math.fround(nodata) : nodata;
    const nan = Number.isNaN(nd);
    for (let i = 0; i < n; i++) {
      const v = values[offset + i];
      if (nan ? Number.isNaN(v) : equal(v, nd)) valid[offset + i] = 0;
    }
    return;
  }
  const nd = castNoData(nodata, dtype);
  const signedByte = dtype === 'int8';
  for (let i = 0; i < n; i++) {
    const v = signedByte ? values[offset + i] & 0xff : values[offset + i];
    if (v === nd) valid[offset + i] = 0;
  }
}
