/**
 * Inverse-mapping resampling of one source window onto target pixels: each target pixel
 * centre, already in the source CRS, becomes source pixel coordinates (u, v) and is sampled
 * with one of three kernels, as GDAL's warper samples them:
 *
 * - nearest: the source pixel containing (u, v): floor(u + 1e-10), GDAL's GWKNearest.
 * - bilinear: the 2x2 source pixels around (u - 0.5, v - 0.5), weights (1 - t, t) per axis.
 * - cubic: the 4x4 source pixels around it, Keys' cubic convolution with a = -0.5, GDAL's
 *   "cubic": W(t) = 1.5|t|^3 - 2.5|t|^2 + 1 for |t| <= 1, -0.5|t|^3 + 2.5|t|^2 - 4|t| + 2 for 1 < |t| < 2.
 *
 * Validity: a target pixel is valid when its nearest source pixel is valid. Bilinear and
 * cubic then use only the valid source pixels of the kernel and divide by the sum of their
 * weights, as GDAL's warper does with a source mask. Kernels are not widened when the target
 * is coarser than the source (GDAL widens them by the scale ratio; use targets at or finer
 * than the source resolution, as the global 10 m grid is for Sentinel-2's 10 m bands).
 */

/** Resampling kernel names, as GDAL spells them. */
export type Resampling = 'nearest' | 'bilinear' | 'cubic';

/** One source window: values in row-major order, 1 = valid, and its north-up transform. */
export interface SourceWindow {
  readonly values: Float64Array;
  readonly valid: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** rasterio's a, c, e, f of the window (b = d = 0). */
  readonly a: number;
  readonly c: number;
  readonly e: number;
  readonly f: number;
}

/** Keys' cubic convolution weight with a = -0.5 (GDAL's cubic). */
export function cubicWeight(t: number): number {
  const x = Math.abs(t);
  if (x <= 1) return (1.5 * x - 2.5) * x * x + 1;
  if (x < 2) return ((-0.5 * x + 2.5) * x - 4) * x + 2;
  return 0;
}

const bilinearWeight = (t: number): number => Math.max(0, 1 - Math.abs(t));

/**
 * Samples `src` at every target pixel whose centre, in the source CRS, is at
 * `srcXY[2i], srcXY[2i + 1]`: writes the value into `out[i]` (NaN when invalid) and returns
 * how many target pixels are valid.
 */
export function resampleInto(src: SourceWindow, srcXY: Float64Array, kernel: Resampling, out: Float32Array): number {
  let count = 0;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const u = (srcXY[2 * i] - src.c) / src.a;
    const v = (srcXY[2 * i + 1] - src.f) / src.e;
    const col = Math.floor(u + 1e-10);
    const row = Math.floor(v + 1e-10);
    if (!(col >= 0 && row >= 0 && col < src.width && row < src.height) || src.valid[row * src.width + col] === 0) {
      out[i] = NaN;
      continue;
    }
    out[i] = kernel === 'nearest' ? src.values[row * src.width + col] : convolve(src, u - 0.5, v - 0.5, kernel);
    count++;
  }
  return count;
}

// Weighted mean over the kernel's valid pixels; the nearest pixel is valid, so the weight sum is not 0 for bilinear.
function convolve(src: SourceWindow, u: number, v: number, kernel: 'bilinear' | 'cubic'): number {
  const [reach, weight] = kernel === 'bilinear' ? [0, bilinearWeight] : [1, cubicWeight];
  const c0 = Math.floor(u);
  const r0 = Math.floor(v);
  let sum = 0;
  let wsum = 0;
  for (let r = r0 - reach; r <= r0 + 1 + reach; r++) {
    if (r < 0 || r >= src.height) continue;
    const wy = weight(v - r);
    if (wy === 0) continue;
    for (let c = c0 - reach; c <= c0 + 1 + reach; c++) {
      if (c < 0 || c >= src.width) continue;
      const k = r * src.width + c;
      if (src.valid[k] === 0) continue;
      const w = wy * weight(u - c);
      sum += w * src.values[k];
      wsum += w;
    }
  }
  return sum / wsum;
}
