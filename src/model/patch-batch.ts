/**
 * Cuts normalised patches out of a block for the model. Invalid pixels (NaN, or the nodata
 * value) enter the model as 0 after normalisation: a fixed value, so a prediction never
 * depends on whatever lies behind a nodata flag; their own outputs are discarded (NaN) by
 * the merge. Patch pixels beyond the block, which exist only when the raster is smaller
 * than a patch, are filled by mirroring the block (numpy's 'reflect'), so the model sees
 * plausible texture instead of a hard 0 edge that it might read as a field boundary.
 */
import type { CardBand } from './model-card.js';

/** A block of pixels, (bands, height, width) row-major float32. */
export interface BlockPixels {
  readonly data: Float32Array;
  readonly bands: number;
  readonly height: number;
  readonly width: number;
}

/**
 * One byte per pixel of `block`, 1 where every band is finite and none equals `nodata`.
 * Returns the mask and how many pixels are valid.
 */
export function validPixels(block: BlockPixels, nodata?: number): { mask: Uint8Array; count: number } {
  const n = block.height * block.width;
  const mask = new Uint8Array(n).fill(1);
  for (let b = 0; b < block.bands; b++) {
    const band = block.data.subarray(b * n, (b + 1) * n);
    // v - v is 0 for finite v and NaN for NaN and infinities
    if (nodata === undefined) for (let i = 0; i < n; i++) mask[i] &= Number(band[i] - band[i] === 0);
    else for (let i = 0; i < n; i++) mask[i] &= Number(band[i] - band[i] === 0 && band[i] !== nodata);
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i];
  return { mask, count };
}

/** Index of a mirrored pixel: reflection about the first and last pixel (numpy 'reflect'). */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}

/**
 * Writes the normalised patch whose top-left pixel is (`row`, `col`) of the block (may
 * reach past the block) into `out` at `offset`, as (bands, size, size).
 */
export function writePatch(block: BlockPixels, valid: Uint8Array, bands: readonly CardBand[], row: number, col: number, size: number, out: Float32Array, offset: number): void {
  const { height, width } = block;
  const cols = new Int32Array(size);
  for (let c = 0; c < size; c++) cols[c] = reflectIndex(col + c, width);
  const plane = height * width;
  for (let b = 0; b < bands.length; b++) {
    const { scale, offset: shift } = bands[b];
    const src = block.data.subarray(b * plane, (b + 1) * plane);
    for (let r = 0; r < size; r++) {
      const rowStart = reflectIndex(row + r, height) * width;
      let o = offset + (b * size + r) * size;
      for (let c = 0; c < size; c++, o++) {
        const i = rowStart + cols[c];
        out[o] = valid[i] ? src[i] * scale + shift : 0;
      }
    }
  }
}

/** True when the patch at (`row`, `col`) covers at least one valid pixel of the block. */
export function patchHasData(valid: Uint8Array, height: number, width: number, row: number, col: number, size: number): boolean {
  const r1 = Math.min(height, row + size);
  const c1 = Math.min(width, col + size);
  for (let r = Math.max(0, row); r < r1; r++) {
    const start = r * width;
    for (let c = Math.max(0, col); c < c1; c++) if (valid[start + c]) return true;
  }
  return false;
}
