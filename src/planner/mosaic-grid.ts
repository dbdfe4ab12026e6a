/**
 * The target grid of a mosaic and its blocks. Pure: plain numbers in and out. The grid is
 * anchored at the CRS origin (pixel edges at multiples of the resolution), as RasterFlow's
 * global EPSG:4326 grid is, so mosaics of neighbouring areas share pixel edges.
 */
import { blockGrid } from './block-grid.js';
import type { PixelWindow } from './tiles-for-window.js';

/** RasterFlow's global grid: EPSG:4326 at 8.983119e-5 degrees (about 10 m at the equator). */
export const DEFAULT_RESOLUTION_DEG = 8.983119e-5;

/** An axis-aligned box in map units. */
export interface Bounds {
  readonly xmin: number;
  readonly ymin: number;
  readonly xmax: number;
  readonly ymax: number;
}

/** A north-up grid: rasterio affine (a, 0, c, 0, e, f) plus size in pixels. */
export interface TargetGrid {
  readonly transform: { a: number; b: number; c: number; d: number; e: number; f: number };
  readonly width: number;
  readonly height: number;
}

/** A block of the target grid: a window plus its block-grid position. */
export interface MosaicBlock extends PixelWindow {
  readonly blockRow: number;
  readonly blockCol: number;
}

// floor/ceil that forgive float noise: 0.3 / 0.1 is 2.9999999999999996
const EPS = 1e-9;
const snapDown = (v: number, res: number): number => Math.floor(v / res + EPS);
const snapUp = (v: number, res: number): number => Math.ceil(v / res - EPS);

/**
 * The grid at `resolutionMap` whose pixel edges lie on multiples of the resolution and which
 * covers `bbox` (snapped outwards). Throws RangeError for an empty bbox or a non-positive resolution.
 */
export function snapGrid(bbox: Bounds, resolutionMap: number): TargetGrid {
  if (!(resolutionMap > 0) || !Number.isFinite(resolutionMap)) throw new RangeError(`resolution must be positive, got ${resolutionMap}`);
  if (!(bbox.xmax > bbox.xmin && bbox.ymax > bbox.ymin)) throw new RangeError(`bbox [${bbox.xmin}, ${bbox.ymin}, ${bbox.xmax}, ${bbox.ymax}] is empty`);
  const [c0, c1] = [snapDown(bbox.xmin, resolutionMap), snapUp(bbox.xmax, resolutionMap)];
  const [r0, r1] = [snapDown(bbox.ymin, resolutionMap), snapUp(bbox.ymax, resolutionMap)];
  return {
    transform: { a: resolutionMap, b: 0, c: c0 * resolutionMap, d: 0, e: -resolutionMap, f: r1 * resolutionMap },
    width: c1 - c0,
    height: r1 - r0,
  };
}

/**
 * Blocks of `blockPx` square over the grid, row-major, aligned to the Zarr shards (a block
 * is one shard, so each block writes whole shards and never shares one with another block).
 */
export function mosaicBlocks(grid: TargetGrid, blockPx: number): MosaicBlock[] {
  return blockGrid({ height: grid.height, width: grid.width }, { height: blockPx, width: blockPx }).map((w) => ({
    ...w, blockRow: w.rowOff / blockPx, blockCol: w.colOff / blockPx,
  }));
}

/** The map bounds of a window of the grid. */
export function windowBounds(grid: TargetGrid, w: PixelWindow): Bounds {
  const { a, c, e, f } = grid.transform;
  return { xmin: c + a * w.colOff, xmax: c + a * (w.colOff + w.width), ymax: f + e * w.rowOff, ymin: f + e * (w.rowOff + w.height) };
}

/** True when two boxes share interior area. */
export function boundsIntersect(p: Bounds, q: Bounds): boolean {
  return p.xmin < q.xmax && q.xmin < p.xmax && p.ymin < q.ymax && q.ymin < p.ymax;
}

/** For each block, the indexes of the footprints (in the target CRS) that intersect it. */
export function scenesPerBlock(grid: TargetGrid, blocks: readonly MosaicBlock[], footprints: readonly Bounds[]): number[][] {
  return blocks.map((b) => {
    const box = windowBounds(grid, b);
    return footprints.flatMap((fp, i) => (boundsIntersect(box, fp) ? [i] : []));
  });
}

/** The union of boxes; throws RangeError when there are none. */
export function unionBounds(boxes: readonly Bounds[]): Bounds {
  if (boxes.length === 0) throw new RangeError('no footprints to take the union of');
  return boxes.reduce((u, b) => ({ xmin: Math.min(u.xmin, b.xmin), ymin: Math.min(u.ymin, b.ymin), xmax: Math.max(u.xmax, b.xmax), ymax: Math.max(u.ymax, b.ymax) }));
}

/** Points along the edge of a window (pixel-edge coordinates col,row, interleaved), `perEdge` per side: for reprojecting a footprint. */
export function windowOutline(w: PixelWindow, perEdge = 16): Float64Array {
  const out: number[] = [];
  for (let i = 0; i <= perEdge; i++) {
    const t = i / perEdge;
    out.push(w.colOff + t * w.width, w.rowOff, w.colOff + t * w.width, w.rowOff + w.height);
    out.push(w.colOff, w.rowOff + t * w.height, w.colOff + w.width, w.rowOff + t * w.height);
  }
  return Float64Array.from(out);
}
