/**
 * Puts decoded blocks together into a chip: copy the window's pixels band-major, apply the
 * geometry and the file's mask rules, and write the fill value where a pixel is not valid
 * (rasterio.mask.mask's `filled(nodata)`, nodata defaulting to 0).
 */
import type { Window } from '../geo/window.js';
import type { BlockNeed } from '../planner/tiles-for-window.js';
import type { DecodedBlock } from '../tiff/decode-block.js';
import { bytesPerSampleOf, viewAs, type Dtype, type SampleArray } from '../tiff/dtype.js';
import type { Chip } from './chip.js';
import type { ChipPlan } from './plan-chip.js';
import { maskNoData, maskRuleOf } from './validity.js';

/** A decoded block, or 'sparse' for a block stored with byte count 0. */
export type DataBlock = DecodedBlock | 'sparse';
/** A decoded mask block (1 = valid), or 'sparse'. */
export type MaskBlock = Uint8Array | 'sparse';

/** The part of a block inside the window: image rows r0..r1-1 and columns c0..c1-1. */
function overlap(need: BlockNeed, blockWidth: number, w: Window): [number, number, number, number] {
  const r0 = Math.max(need.row0, w.rowOff);
  const r1 = Math.min(need.row0 + need.decodedHeight, w.rowOff + w.height);
  const c0 = Math.max(need.col0, w.colOff);
  const c1 = Math.min(need.col0 + blockWidth, w.colOff + w.width);
  return [r0, r1, c0, c1];
}

/**
 * The value GDAL reads for a sparse block (GTiffRasterBand::NullBlock): nodata converted
 * by GDALCopyWords (rounded and clamped to the stored type; GDAL 3.6 stores int8 as Byte),
 * else 0.
 */
export function sparseValue(nodata: number | null, dtype: Dtype): number {
  if (nodata === null) return 0;
  if (dtype === 'float32' || dtype === 'float64') return nodata;
  if (Number.isNaN(nodata)) return 0;
  const ranges: Record<string, [number, number]> = {
    uint8: [0, 255], int8: [0, 255], uint16: [0, 65535], int16: [-32768, 32767], uint32: [0, 4294967295], int32: [-2147483648, 2147483647],
  };
  const [lo, hi] = ranges[dtype];
  const rounded = Math.sign(nodata) * Math.floor(Math.abs(nodata) + 0.5);
  const v = Math.min(hi, Math.max(lo, rounded));
  return dtype === 'int8' ? (v << 24) >> 24 : v;
}

/** Copies one data block's share of the window into `out` (bands·height·width, band-major). */
function copyData(out: SampleArray, block: DataBlock, need: BlockNeed, plan: ChipPlan, fill: number): void {
  const { window: w, raster } = plan;
  const { blockWidth, samplesPerPixel: spp } = raster.image;
  const [r0, r1, c0, c1] = overlap(need, blockWidth, w);
  const bands = need.band === null ? spp : 1;
  const stride = need.band === null ? spp : 1;
  for (let k = 0; k < bands; k++) {
    const b = need.band ?? k;
    for (let r = r0; r < r1; r++) {
      const o = (b * w.height + r - w.rowOff) * w.width - w.colOff;
      if (block === 'sparse') {
        out.fill(fill, o + c0, o + c1);
        continue;
      }
      const src = block.data;
      let s = ((r - need.row0) * blockWidth + (c0 - need.col0)) * stride + k;
      for (let c = c0; c < c1; c++, s += stride) out[o + c] = src[s];
    }
  }
}

/** Copies one mask block's share of the window into `valid` (height·width). */
function copyMask(valid: Uint8Array, block: MaskBlock, need: BlockNeed, plan: ChipPlan): void {
  const { window: w, raster } = plan;
  const blockWidth = raster.mask?.blockWidth ?? 0;
  const [r0, r1, c0, c1] = overlap(need, blockWidth, w);
  for (let r = r0; r < r1; r++) {
    const o = (r - w.rowOff) * w.width - w.colOff;
    // a sparse mask block reads as 0 (GDAL's NullBlock without nodata): masked
    if (block === 'sparse') valid.fill(0, o + c0, o + c1);
    else valid.set(block.subarray((r - need.row0) * blockWidth + c0 - need.col0, (r - need.row0) * blockWidth + c1 - need.col0), o + c0);
  }
}

/** The valid-pixel mask of every band: inside the geometry and passing the band's mask rule. */
function validity(plan: ChipPlan, out: SampleArray, fileMask: Uint8Array | null): Uint8Array {
  const { raster, inside } = plan;
  const bands = raster.image.samplesPerPixel;
  const n = inside.length;
  const mask = new Uint8Array(bands * n);
  const layout = { dtype: raster.dtype, bands, extraSamples: raster.image.extraSamples, nodata: raster.nodata, hasMaskIfd: raster.mask !== null };
  for (let b = 0; b < bands; b++) {
    const o = b * n;
    mask.set(inside, o);
    const rule = maskRuleOf(layout, b);
    if (rule.kind === 'per-dataset' && fileMask) for (let i = 0; i < n; i++) mask[o + i] &= fileMask[i];
    else if (rule.kind === 'nodata') maskNoData(out, o, n, rule.value, raster.dtype, mask);
    else if (rule.kind === 'alpha') for (let i = 0; i < n; i++) if (out[rule.alphaBand * n + i] === 0) mask[o + i] = 0;
  }
  return mask;
}

/** Decoded blocks by plan entry: the same order as plan.dataBlocks and plan.maskBlocks. */
export interface DecodedBlocks {
  readonly data: readonly DataBlock[];
  readonly mask: readonly MaskBlock[];
}

/** Builds the chip of a plan from its decoded blocks; its buffers are fresh (transferable). */
export function assembleChip(plan: ChipPlan, blocks: DecodedBlocks): Chip {
  const { raster, window: w } = plan;
  const bands = raster.image.samplesPerPixel;
  const bytes = new Uint8Array(bands * w.height * w.width * bytesPerSampleOf(raster.dtype));
  const out = viewAs(raster.dtype, bytes);
  const nullValue = sparseValue(raster.nodata, raster.dtype);
  plan.dataBlocks.forEach((need, i) => copyData(out, blocks.data[i], need, plan, nullValue));
  let fileMask: Uint8Array | null = null;
  if (raster.mask) {
    fileMask = new Uint8Array(w.height * w.width);
    plan.maskBlocks.forEach((need, i) => copyMask(fileMask as Uint8Array, blocks.mask[i], need, plan));
  }
  const mask = validity(plan, out, fileMask);
  const fill = raster.fillNodata ?? 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) out[i] = fill;
  return { data: bytes, dtype: raster.dtype, bands, height: w.height, width: w.width, transform: plan.transform, crs: raster.crs, nodata: raster.fillNodata, mask };
}
