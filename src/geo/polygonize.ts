/**
 * Raster to polygons, as gdal_polygonize: one polygon per connected region of equal value,
 * with exact pixel-edge boundaries, holes included. Works block by block and streams: a
 * block's pixels are dropped once traced, and a region is handed back by the `add` that
 * finishes it (the last block it or a vertex of its outline touches), so what is held
 * between blocks is the regions touching lines next to blocks not yet added and those
 * blocks' border rows, never the regions already finished. The geometry is the same, to
 * the bit, as tracing the whole raster at once. Steps: polygonize-block.ts (label and
 * trace a block), polygonize-stitch.ts and polygonize-open-regions.ts (join blocks),
 * polygonize-rings.ts (rings to OGC polygons). O(pixels) time.
 */
import { InputError } from '../errors.js';
import type { Affine } from './affine.js';
import type { MultiPolygon, Polygon } from './geometry.js';
import { traceBlock } from './polygonize-block.js';
import { ringsToGeometry } from './polygonize-rings.js';
import type { Connectivity } from './polygonize-rule.js';
import { Stitcher, type HeldStats, type StitchedRegion } from './polygonize-stitch.js';
import { area } from './predicates.js';

export type { Connectivity } from './polygonize-rule.js';
export type { HeldStats } from './polygonize-stitch.js';

/** Pixels of a raster or block, row-major, with what marks a pixel as skipped. */
export interface RasterPixels {
  readonly width: number;
  readonly height: number;
  /** Class or label values; NaN is always skipped. */
  readonly values: ArrayLike<number>;
  /** Validity, GDAL mask-band style: non-zero or true polygonizes the pixel. */
  readonly mask?: ArrayLike<number | boolean>;
  /** Pixels equal to it are skipped, as GDAL skips a band's nodata. */
  readonly nodata?: number;
  /** Optional per-pixel score (e.g. a class probability) averaged per region. */
  readonly score?: ArrayLike<number>;
}

/** A whole raster to polygonize and its pixel-to-map transform. */
export interface LabelRaster extends RasterPixels {
  readonly transform: Affine;
}

/** One block of a raster, placed by its top-left pixel. */
export interface RasterBlock extends RasterPixels {
  readonly colOff: number;
  readonly rowOff: number;
}

/** Options shared by the whole-raster and block-wise paths. */
export interface PolygonizeOptions {
  /** 4 (default, as gdal_polygonize) or 8 (gdal_polygonize -8). */
  readonly connectivity?: Connectivity;
  /** Douglas-Peucker tolerance in pixels, shared edges kept shared (simplify.ts); default 0: exact. */
  readonly simplifyPx?: number;
}

/** The raster a BlockPolygonizer covers and how it is cut into blocks. */
export interface PolygonizeGrid {
  readonly width: number;
  readonly height: number;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly transform: Affine;
}

/** One polygon out: a connected region of one value. */
export interface PolygonizedRegion {
  readonly value: number;
  /** A Polygon; a MultiPolygon only for 8-connected regions whose parts meet at corners. */
  readonly geometry: Polygon | MultiPolygon;
  readonly pixelCount: number;
  /** Planar area in squared map units (ST_Area of the geometry). */
  readonly area: number;
  /** Mean score over the region's pixels; NaN when none of its blocks brought a score raster. */
  readonly score: number;
}

/** A region as a BlockPolygonizer hands it back, with where it starts. */
export interface FinishedRegion {
  /** Raster-order index (row * width + col) of its first pixel: unique, whatever the blocks. */
  readonly firstPixel: number;
  readonly region: PolygonizedRegion;
}

/**
 * Polygonizes a whole raster; `blockWidth`/`blockHeight` trace it in blocks (same result).
 * Regions come in raster order of their first pixel, as GDAL emits them.
 * @throws InputError when sizes disagree or an option is out of range.
 */
export function polygonize(raster: LabelRaster, options: PolygonizeOptions & { blockWidth?: number; blockHeight?: number } = {}): PolygonizedRegion[] {
  const { width, height } = raster;
  const blockWidth = options.blockWidth ?? width;
  const blockHeight = options.blockHeight ?? height;
  const p = new BlockPolygonizer({ width, height, blockWidth, blockHeight, transform: raster.transform }, options);
  const out: FinishedRegion[] = [];
  for (let rowOff = 0; rowOff < height; rowOff += blockHeight) {
    for (let colOff = 0; colOff < width; colOff += blockWidth) {
      for (const r of p.add(cropBlock(raster, colOff, rowOff, Math.min(blockWidth, width - colOff), Math.min(blockHeight, height - rowOff)))) out.push(r);
    }
  }
  p.finish();
  return out.sort((a, b) => a.firstPixel - b.firstPixel).map((r) => r.region);
}

/**
 * Polygonizes a raster fed one block at a time, in any order; each `add` returns the
 * regions it finished. Memory: one block's pixels while it is traced, then the open
 * regions' rings and the border rows of blocks with a neighbour still to come (`held`).
 */
export class BlockPolygonizer {
  private readonly stitcher: Stitcher;
  private readonly connectivity: Connectivity;

  /** @throws InputError for a non-positive size or an unknown connectivity. */
  constructor(private readonly grid: PolygonizeGrid, private readonly options: PolygonizeOptions = {}) {
    for (const key of ['width', 'height', 'blockWidth', 'blockHeight'] as const) {
      if (!Number.isInteger(grid[key]) || grid[key] < 1) {
        throw new InputError({ reason: `polygonize: ${key} must be a positive integer, got ${grid[key]}` });
      }
    }
    this.connectivity = options.connectivity ?? 4;
    if (this.connectivity !== 4 && this.connectivity !== 8) {
      throw new InputError({ reason: `polygonize: connectivity must be 4 or 8, got ${String(this.connectivity)}`, hint: 'Use 4 (as gdal_polygonize) or 8 (gdal_polygonize -8)' });
    }
    this.stitcher = new Stitcher(grid, this.connectivity);
  }

  /** Open regions and kept blocks, now and at most so far: the memory beyond one block. */
  get held(): HeldStats {
    return this.stitcher.held;
  }

  /**
   * Traces one block (its pixels are not kept) and returns the regions that no later block
   * can change any more, in raster order of their first pixel.
   * @throws InputError when the block is off the grid or its arrays have the wrong length.
   */
  add(block: RasterBlock): FinishedRegion[] {
    const { width: W, height: H, blockWidth: bw, blockHeight: bh } = this.grid;
    const { colOff, rowOff, width, height } = block;
    const fits = colOff % bw === 0 && rowOff % bh === 0 && colOff >= 0 && rowOff >= 0 &&
      width === Math.min(bw, W - colOff) && height === Math.min(bh, H - rowOff);
    if (!fits) {
      throw new InputError({
        reason: `polygonize: block ${width}x${height} at (${colOff}, ${rowOff}) is not a block of the ${W}x${H} raster cut in ${bw}x${bh}`,
        hint: 'Blocks start at multiples of the block size and are full size except at the right and bottom edges',
      });
    }
    checkLengths(block);
    const valid = validity(block);
    const trace = traceBlock(this.grid, this.connectivity, { colOff, rowOff, width, height, values: block.values, valid, score: block.score });
    return this.stitcher.add(trace).map((s) => this.finished(s));
  }

  /**
   * Checks that every block was added (every region was returned by then).
   * @throws InternalError when a block of the grid was never added.
   */
  finish(): void {
    this.stitcher.finish();
  }

  private finished(s: StitchedRegion): FinishedRegion {
    const opts = { transform: this.grid.transform, width: this.grid.width, simplifyPx: this.options.simplifyPx };
    const geometry = ringsToGeometry(s.rings, opts);
    const score = s.pixelCount > 0 && s.scored ? s.scoreSum / s.pixelCount : NaN;
    return { firstPixel: s.firstPixel, region: { value: s.value, geometry, pixelCount: s.pixelCount, area: area(geometry), score } };
  }
}

function checkLengths(b: RasterPixels): void {
  const n = b.width * b.height;
  for (const [name, arr] of [['values', b.values], ['mask', b.mask], ['score', b.score]] as const) {
    if (arr && arr.length !== n) {
      throw new InputError({ reason: `polygonize: ${name} has ${arr.length} pixels, expected ${b.width}x${b.height} = ${n}` });
    }
  }
}

function validity(b: RasterPixels): Uint8Array {
  const n = b.width * b.height;
  const valid = new Uint8Array(n);
  const { values, mask, nodata } = b;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    valid[i] = v === v && v !== nodata && (!mask || Boolean(mask[i])) ? 1 : 0;
  }
  return valid;
}

// Copies a window of a whole raster into a block (Float64Array holds any pixel type)
function cropBlock(r: LabelRaster, colOff: number, rowOff: number, width: number, height: number): RasterBlock {
  const whole = width === r.width && height === r.height;
  const crop = (a: ArrayLike<number | boolean> | undefined): Float64Array | undefined => {
    if (!a) return undefined;
    const out = new Float64Array(width * height);
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) out[row * width + col] = Number(a[(rowOff + row) * r.width + colOff + col]);
    }
    return out;
  };
  if (whole) return { colOff, rowOff, width, height, nodata: r.nodata, values: r.values, mask: r.mask, score: r.score };
  return { colOff, rowOff, width, height, nodata: r.nodata, values: crop(r.values)!, mask: crop(r.mask), score: crop(r.score) };
}
