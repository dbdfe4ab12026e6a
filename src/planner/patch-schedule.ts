/**
 * Where a segmentation model's patches go over a raster, and how much each patch pixel
 * counts when overlapping patches are merged. Pure: plain data in and out.
 *
 * The layout follows Fields of The World's inference (ftw-baselines) and RasterFlow's
 * predict_mosaic: patches of `patchSize` pixels step by `patchSize - 2 * clipSize`, so the
 * cores left after clipping `clipSize` pixels off every side tile the raster exactly. The
 * last patch of a row or column is shifted inward to end on the raster's edge rather than
 * hang over it, so no patch sees padding unless the raster itself is smaller than a patch.
 *
 * Merging is a weighted average (RasterFlow's WEIGHTED_AVERAGE). A patch pixel's weight is
 * a separable ramp: 1 in the core, falling linearly across the clip margin to 1/(clip+1)
 * on the patch's outermost pixel. Why a ramp rather than FTW's hard crop (weight 0 in the
 * margin): where two patches overlap, the 2*clip wide overlap becomes a linear cross-fade
 * from one patch to the next instead of a step, so seams between patches do not show in
 * the probabilities or the polygons drawn from them; and because no weight is 0, every
 * pixel a patch covers has a positive total weight, raster edges included, with no special
 * case for edges, shifted edge patches or rasters smaller than a patch. A pixel covered by
 * one patch only (a raster edge) simply takes that patch's value.
 */
import type { PixelWindow } from './tiles-for-window.js';

/** Patch size and clip margin, in pixels. */
export interface PatchOptions {
  /** Side of the square patch the model sees. */
  readonly patchSize: number;
  /** Margin on every side whose predictions are down-weighted; stride = patchSize - 2 * clipSize. */
  readonly clipSize: number;
}

/** The height and width of a raster, in pixels. */
export interface RasterSize {
  readonly height: number;
  readonly width: number;
}

/** Top-left pixel of one patch, in the raster's pixel coordinates. */
export interface PatchOrigin {
  readonly row: number;
  readonly col: number;
}

/** The patches a prediction runs, and the window of the raster they read. */
export interface PatchSchedule extends PatchOptions {
  /** The whole raster the patch grid is laid over. */
  readonly raster: RasterSize;
  /**
   * The pixels the patches read, inside the raster: the union of the patches clipped to
   * the raster. Patches reach past it only when the raster is smaller than a patch, and
   * the part past it must then be padded by the caller.
   */
  readonly window: PixelWindow;
  /** Row-major: every row origin with every column origin. */
  readonly patches: readonly PatchOrigin[];
}

/**
 * Checks the options and returns the stride in pixels. Throws RangeError when patchSize is
 * not a positive integer, clipSize is negative or not an integer, or the stride is not
 * positive (a caller bug; the SQL layer reports bad arguments as InputError first).
 */
export function patchStride({ patchSize, clipSize }: PatchOptions): number {
  if (!Number.isInteger(patchSize) || patchSize <= 0) throw new RangeError(`patchSize must be a positive integer, got ${patchSize}`);
  if (!Number.isInteger(clipSize) || clipSize < 0) throw new RangeError(`clipSize must be a non-negative integer, got ${clipSize}`);
  const stride = patchSize - 2 * clipSize;
  if (stride <= 0) throw new RangeError(`patchSize (${patchSize}) must exceed 2 * clipSize (${clipSize})`);
  return stride;
}

/**
 * The patch origins along one axis of `length` pixels: 0, stride, 2 * stride... and a last
 * one at `length - patchSize` that ends on the edge. A length smaller than a patch gets
 * the single origin 0. Throws RangeError like {@link patchStride} or for a length < 1.
 */
export function axisOrigins(length: number, options: PatchOptions): number[] {
  const stride = patchStride(options);
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`raster length must be a positive integer, got ${length}`);
  const last = Math.max(0, length - options.patchSize);
  const origins: number[] = [];
  for (let o = 0; o < last; o += stride) origins.push(o);
  origins.push(last);
  return origins;
}

/**
 * The patches over a whole raster, or only those a `target` window of it needs. With a
 * target, the schedule keeps every patch of the whole raster's grid that touches the target
 * and reads their union, so a block predicted on its own gets exactly the values the whole
 * raster would get on the target's pixels: the same patches see the same input and merge
 * with the same weights. Throws RangeError like {@link axisOrigins}, or for a target outside
 * the raster.
 */
export function planPatches(raster: RasterSize, options: PatchOptions, target?: PixelWindow): PatchSchedule {
  const t = target ?? { rowOff: 0, colOff: 0, height: raster.height, width: raster.width };
  checkTarget(raster, t);
  const rows = touching(axisOrigins(raster.height, options), t.rowOff, t.height, options.patchSize);
  const cols = touching(axisOrigins(raster.width, options), t.colOff, t.width, options.patchSize);
  const rowEnd = Math.min(raster.height, rows[rows.length - 1] + options.patchSize);
  const colEnd = Math.min(raster.width, cols[cols.length - 1] + options.patchSize);
  return {
    patchSize: options.patchSize,
    clipSize: options.clipSize,
    raster: { height: raster.height, width: raster.width },
    window: { rowOff: rows[0], colOff: cols[0], height: rowEnd - rows[0], width: colEnd - cols[0] },
    patches: rows.flatMap((row) => cols.map((col) => ({ row, col }))),
  };
}

/**
 * The weight of each pixel along one side of a patch: 1 in the core, (d + 1) / (clip + 1)
 * at distance d < clip from the nearer end. The 2-D weight of a patch pixel is
 * `ramp[row] * ramp[col]`. Throws RangeError like {@link patchStride}.
 */
export function edgeRamp(options: PatchOptions): Float32Array {
  patchStride(options);
  const { patchSize, clipSize } = options;
  const ramp = new Float32Array(patchSize);
  for (let i = 0; i < patchSize; i++) {
    const d = Math.min(i, patchSize - 1 - i);
    ramp[i] = d < clipSize ? (d + 1) / (clipSize + 1) : 1;
  }
  return ramp;
}

function touching(origins: number[], start: number, length: number, patchSize: number): number[] {
  return origins.filter((o) => o < start + length && o + patchSize > start);
}

function checkTarget(raster: RasterSize, t: PixelWindow): void {
  const ints = [t.rowOff, t.colOff, t.height, t.width].every(Number.isInteger);
  const inside = t.rowOff >= 0 && t.colOff >= 0 && t.height > 0 && t.width > 0 && t.rowOff + t.height <= raster.height && t.colOff + t.width <= raster.width;
  if (!ints || !inside) {
    throw new RangeError(`target window ${JSON.stringify(t)} is not a non-empty window inside the ${raster.height}x${raster.width} raster`);
  }
}
