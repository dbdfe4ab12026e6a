/**
 * A mosaic run, planned before any pixel is read: the target grid, its blocks, the time
 * windows and, per window and block, the candidate scenes in the order they are picked.
 *
 * Scene picking (greedy, per block and window): a scene is a candidate when its date is in
 * the window (date-window.ts: dates, or month-days or days of year in any year), its cloud
 * cover (`eo:cloud_cover` or `cloud_cover`, when present) is at most `max_cloud`, and its
 * footprint intersects the block. Candidates are taken in order of cloud cover (missing
 * counts as 0), then date, then id. Every candidate is used unless `scenes_per_pixel` is
 * set: then picking stops as soon as every pixel of the block has that many valid
 * observations (so cloudier scenes are read only where clearer ones left gaps).
 */
import { InputError } from '../errors.js';
import { applyAffine, type Affine } from '../geo/affine.js';
import { resolveCrs, transformPoints } from '../geo/crs.js';
import { mosaicBlocks, scenesPerBlock, snapGrid, unionBounds, windowOutline, DEFAULT_RESOLUTION_DEG, type Bounds, type MosaicBlock, type TargetGrid } from '../planner/mosaic-grid.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { windowContains, type DateWindow } from './date-window.js';
import type { Resampling } from './resample.js';
import { SCL_INVALID_CLASSES } from './scene-mask.js';

/** One input scene, reduced to what the mosaic needs. */
export interface MosaicScene {
  readonly id: string;
  /** UTC date, YYYY-MM-DD. */
  readonly date: string;
  readonly cloudCover: number | null;
  /** Per requested band, its cog_metadata record (with href). */
  readonly bands: Readonly<Record<string, CogMetadata>>;
  readonly mask: CogMetadata | null;
  /** Footprint in the target CRS. */
  readonly footprint: Bounds;
}

/** The parameters of a run, as the SQL function takes them. */
export interface MosaicParams {
  readonly output: string;
  readonly crs: string;
  readonly resolution: number;
  readonly bbox: Bounds | null;
  readonly windows: readonly DateWindow[];
  readonly bands: readonly string[];
  readonly maskBand: string | null;
  readonly maskClasses: readonly number[];
  readonly maxCloud: number | null;
  readonly resampling: Resampling;
  readonly blockPx: number;
  readonly scenesPerPixel: number | null;
  readonly overwrite: boolean;
}

/** A planned run: plain data, sent once to the bridge worker. */
export interface MosaicJob {
  readonly params: MosaicParams;
  readonly grid: TargetGrid;
  readonly blocks: readonly MosaicBlock[];
  readonly scenes: readonly MosaicScene[];
  /** candidates[t][block]: scene indexes in picking order. */
  readonly candidates: readonly (readonly (readonly number[])[])[];
  /** Chunk size inside each block-sized shard. */
  readonly chunkPx: number;
}

/** The band that counts valid observations per pixel (RasterFlow's N_VALID_PIXELS). */
export const COUNT_BAND = 'N_VALID_PIXELS';

/** Default SCL classes that invalidate an observation (scene-mask.ts). */
export const DEFAULT_MASK_CLASSES = SCL_INVALID_CLASSES;

/** Default resolution: RasterFlow's for a geographic CRS, 10 map units (m) otherwise. */
export function defaultResolution(crs: string): number {
  return resolveCrs(crs).geographic ? DEFAULT_RESOLUTION_DEG : 10;
}

/** A scene's full extent in `crs`: its outline reprojected (16 points per edge). */
export function footprintIn(meta: CogMetadata, crs: string, url: string): Bounds {
  const affine = affineOf(meta, url);
  const outline = windowOutline({ colOff: 0, rowOff: 0, width: meta.image_width, height: meta.image_height });
  for (let i = 0; i < outline.length; i += 2) [outline[i], outline[i + 1]] = applyAffine(affine, outline[i], outline[i + 1]);
  const xy = transformPoints(outline, sceneCrs(meta), crs, { alwaysXy: true });
  return boundsOf(xy);
}

/** The bounding box of interleaved points. */
export function boundsOf(xy: Float64Array): Bounds {
  let [xmin, ymin, xmax, ymax] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < xy.length; i += 2) {
    xmin = Math.min(xmin, xy[i]); xmax = Math.max(xmax, xy[i]);
    ymin = Math.min(ymin, xy[i + 1]); ymax = Math.max(ymax, xy[i + 1]);
  }
  return { xmin, ymin, xmax, ymax };
}

/** 'EPSG:<code>' or the WKT of a scene band. @throws InputError when it has no CRS. */
export function sceneCrs(meta: CogMetadata): string {
  if (meta.crs_epsg !== null && meta.crs_epsg !== undefined) return `EPSG:${meta.crs_epsg}`;
  if (meta.crs_wkt) return meta.crs_wkt;
  throw new InputError({ url: meta.href, reason: 'the raster has no CRS, so it cannot be placed on the mosaic grid' });
}

/** A north-up affine from a record. @throws InputError for a missing or rotated one. */
export function affineOf(meta: CogMetadata, url: string): Affine {
  const v = meta.affine;
  if (!v || v[1] !== 0 || v[3] !== 0) throw new InputError({ url, reason: 'the raster has no north-up transform', hint: 'Warp it first: gdalwarp in.tif out.tif' });
  return { a: v[0], b: 0, c: v[2], d: 0, e: v[4], f: v[5] };
}

function pickOrder(scenes: readonly MosaicScene[]): (i: number, j: number) => number {
  return (i, j) => {
    const [p, q] = [scenes[i], scenes[j]];
    return (p.cloudCover ?? 0) - (q.cloudCover ?? 0) || p.date.localeCompare(q.date) || p.id.localeCompare(q.id);
  };
}

/**
 * Plans a run: grid (bbox snapped to the grid, or the union of the footprints), blocks of
 * one shard each, and per window and block the candidate scenes in picking order.
 * @throws InputError when the grid is empty or too large for one Zarr array.
 */
export function planMosaic(params: MosaicParams, scenes: readonly MosaicScene[]): MosaicJob {
  const bbox = params.bbox ?? (scenes.length > 0 ? unionBounds(scenes.map((s) => s.footprint)) : null);
  if (!bbox) throw new InputError({ reason: 'no scenes and no bbox: the mosaic has no extent', hint: 'Pass bbox := [xmin, ymin, xmax, ymax] in the target CRS' });
  let grid: TargetGrid;
  try {
    grid = snapGrid(bbox, params.resolution);
  } catch (e) {
    throw new InputError({ reason: (e as Error).message, hint: 'bbox is [xmin, ymin, xmax, ymax] in the target CRS' });
  }
  if (grid.width * grid.height > 2 ** 40) throw new InputError({ reason: `the grid of ${grid.width} x ${grid.height} pixels is too large`, hint: 'Check bbox, crs and resolution units' });
  const blocks = mosaicBlocks(grid, params.blockPx);
  const perBlock = scenesPerBlock(grid, blocks, scenes.map((s) => s.footprint));
  const order = pickOrder(scenes);
  const candidates = params.windows.map((w) => perBlock.map((list) => list
    .filter((i) => windowContains(w, scenes[i].date))
    .filter((i) => params.maxCloud === null || scenes[i].cloudCover === null || scenes[i].cloudCover <= params.maxCloud)
    .sort(order)));
  return { params, grid, blocks, scenes, candidates, chunkPx: Math.min(params.blockPx, 512) };
}

/** The block's id in the ledger and the COG name: t<window>-r<block row>-c<block col>. */
export function blockId(t: number, b: MosaicBlock): string {
  return `t${t}-r${b.blockRow}-c${b.blockCol}`;
}
