/**
 * Turns a prediction cube (class, y, x probabilities, from predict_block) into polygons of
 * one class: a pixel belongs to the class when its probability is at least `threshold`
 * (NaN, i.e. no data, never does). With FTW-style models (background, field, boundary)
 * thresholding the field class leaves the predicted boundary pixels out, which separates
 * touching fields. Blocks are read one at a time, in row-major order, and traced by
 * BlockPolygonizer, which joins regions across block edges exactly (the same geometry as
 * tracing the whole raster) and hands each polygon back as soon as no later block can
 * change it: streamPrediction yields it then, so memory is one block plus the polygons
 * touching the edges of blocks still to come, whatever the size of the cube.
 *
 * Area is planar, in the prediction CRS's units squared (m² for a projected grid such as
 * UTM; degrees² for EPSG:4326), computed before reprojection to the output CRS.
 */
import { InputError } from '../errors.js';
import { resolveCrs, transformGeometry } from '../geo/crs.js';
import type { Geometry } from '../geo/geometry.js';
import { BlockPolygonizer, type FinishedRegion, type HeldStats } from '../geo/polygonize.js';
import { blockGrid } from '../planner/block-grid.js';
import { ProgressLine } from '../progress-line.js';
import { openRasterCube, type RasterCubeInput } from '../zarr/raster-cube-reader.js';

/** What the user asked for (SQL arguments, checked). */
export interface VectorizeParams {
  readonly prediction: string;
  readonly threshold: number;
  readonly className: string;
  /** Douglas-Peucker tolerance in pixels; 0 keeps the exact pixel edges. */
  readonly simplifyPx: number;
  /** Drop polygons smaller than this, in the prediction CRS's units squared. */
  readonly minArea: number;
  /** Output CRS of the geometry. */
  readonly crs: string;
  /** Block side read at a time; default the prediction's shard (or chunk) size. */
  readonly blockPx?: number;
  readonly showProgress?: boolean;
}

/** One output polygon. */
export interface FieldPolygon {
  /**
   * 1 + the raster index (row * width + col) of the polygon's first pixel: unique and the
   * same whatever the block size or filters, and ordering by it gives raster order.
   */
  readonly id: number;
  readonly className: string;
  readonly area: number;
  readonly scoreMean: number;
  readonly pixelCount: number;
  /** In the output CRS. */
  readonly geometry: Geometry;
  /** In the prediction's CRS (pixel-exact). */
  readonly sourceGeometry: Geometry;
}

/** A vectorize run: its facts up front, its polygons as the blocks finish them. */
export interface VectorizeStream {
  /** The prediction's CRS. */
  readonly sourceCrs: string;
  readonly blocks: number;
  /**
   * The polygons (min_area applied), one pass: each block's in raster order of their first
   * pixel, blocks in row-major order, so a polygon comes with the last block it touches.
   */
  readonly polygons: Generator<FieldPolygon, void, undefined>;
  /** Open regions and kept block borders, now and at most so far (see BlockPolygonizer). */
  held(): HeldStats;
}

/** Every polygon of a run, in raster order of its first pixel (by id), and where they came from. */
export interface VectorizeResult {
  readonly polygons: FieldPolygon[];
  readonly sourceCrs: string;
  readonly blocks: number;
  readonly held: HeldStats;
}

/**
 * Opens the prediction cube (metadata only) and finds the class: what bind checks.
 * @throws InputError for a missing cube or an unknown class, naming the classes there are.
 */
export function openPrediction(params: Pick<VectorizeParams, 'prediction' | 'className'>): { cube: RasterCubeInput; cls: number } {
  const cube = openRasterCube(params.prediction);
  const cls = cube.bands.indexOf(params.className);
  if (cls < 0) {
    throw new InputError({ url: cube.store.url, reason: `class '${params.className}' is not in the prediction (it has ${cube.bands.join(', ')})`, hint: "Pass class := '<one of them>'" });
  }
  return { cube, cls };
}

/**
 * Vectorizes the class `className` of a prediction cube, streaming: blocks are read and
 * traced only as the polygons are pulled.
 * @throws InputError for a missing cube, an unknown class or a bad option; FormatError for a
 *   corrupt cube (when opening, or from the generator as blocks are read).
 */
export function streamPrediction(params: VectorizeParams): VectorizeStream {
  const { cube, cls } = openPrediction(params);
  const { grid } = cube;
  const spec = cube.data.spec;
  const side = params.blockPx ?? (spec.shardShape ?? spec.chunkShape).at(-1) ?? 1024;
  const polygonizer = new BlockPolygonizer({ width: grid.width, height: grid.height, blockWidth: side, blockHeight: side, transform: grid.transform }, { simplifyPx: params.simplifyPx });
  const blocks = blockGrid(grid, { height: side, width: side });
  const lead = cube.times > 0 ? [0, cls] : [cls];
  const sourceCrs = String(grid.crs);
  const same = resolveCrs(sourceCrs).id !== undefined && resolveCrs(sourceCrs).id === resolveCrs(params.crs).id;
  const toPolygon = ({ firstPixel, region: r }: FinishedRegion): FieldPolygon => ({
    id: firstPixel + 1, className: params.className, area: r.area, scoreMean: r.score, pixelCount: r.pixelCount,
    geometry: same ? r.geometry : transformGeometry(r.geometry, sourceCrs, params.crs, { alwaysXy: true }),
    sourceGeometry: r.geometry,
  });
  function* polygons(): Generator<FieldPolygon, void, undefined> {
    const progress = new ProgressLine(params.showProgress === true);
    for (const [i, b] of blocks.entries()) {
      const probs = cube.data.read({ start: [...lead, b.rowOff, b.colOff], shape: [...lead.map(() => 1), b.height, b.width] });
      const inside = new Uint8Array(probs.length);
      for (let k = 0; k < probs.length; k++) inside[k] = probs[k] >= params.threshold ? 1 : 0;
      const finished = polygonizer.add({ colOff: b.colOff, rowOff: b.rowOff, width: b.width, height: b.height, values: inside, mask: inside, score: probs });
      progress.update(`vectorize: ${i + 1}/${blocks.length} blocks`, i + 1 === blocks.length);
      for (const f of finished) if (f.region.area >= params.minArea) yield toPolygon(f);
    }
    progress.clear();
    polygonizer.finish();
  }
  return { sourceCrs, blocks: blocks.length, polygons: polygons(), held: () => polygonizer.held };
}

/**
 * Vectorizes the class `className` of a prediction cube and returns every polygon at once,
 * in raster order of its first pixel (the demo draws them all; SQL streams instead).
 * @throws InputError for a missing cube, an unknown class or a bad option; FormatError for a corrupt cube.
 */
export function vectorizePrediction(params: VectorizeParams): VectorizeResult {
  const run = streamPrediction(params);
  const polygons = [...run.polygons].sort((a, b) => a.id - b.id);
  return { polygons, sourceCrs: run.sourceCrs, blocks: run.blocks, held: run.held() };
}
