/**
 * Turns a prediction cube (class, y, x probabilities, from predict_block) into polygons of
 * one class: a pixel belongs to the class when its probability is at least `threshold`
 * (NaN, i.e. no data, never does). With FTW-style models (background, field, boundary)
 * thresholding the field class leaves the predicted boundary pixels out, which separates
 * touching fields. Blocks are read one at a time and traced by BlockPolygonizer, which
 * joins regions across block edges exactly (the same geometry as tracing the whole raster).
 *
 * Area is planar, in the prediction CRS's units squared (m² for a projected grid such as
 * UTM; degrees² for EPSG:4326), computed before reprojection to the output CRS.
 */
import { InputError } from '../errors.js';
import { resolveCrs, transformGeometry } from '../geo/crs.js';
import type { Geometry } from '../geo/geometry.js';
import { BlockPolygonizer } from '../geo/polygonize.js';
import { blockGrid } from '../planner/block-grid.js';
import { ProgressLine } from '../stac/progress.js';
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
  /** 1-based, in raster order of the polygon's first pixel. */
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

/** The polygons and where they came from. */
export interface VectorizeResult {
  readonly polygons: FieldPolygon[];
  /** The prediction's CRS. */
  readonly sourceCrs: string;
  readonly blocks: number;
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
 * Vectorizes the class `className` of a prediction cube.
 * @throws InputError for a missing cube, an unknown class or a bad option; FormatError for a corrupt cube.
 */
export function vectorizePrediction(params: VectorizeParams): VectorizeResult {
  const { cube, cls } = openPrediction(params);
  const { grid } = cube;
  const spec = cube.data.spec;
  const side = params.blockPx ?? (spec.shardShape ?? spec.chunkShape).at(-1) ?? 1024;
  const polygonizer = new BlockPolygonizer({ width: grid.width, height: grid.height, blockWidth: side, blockHeight: side, transform: grid.transform }, { simplifyPx: params.simplifyPx });
  const blocks = blockGrid(grid, { height: side, width: side });
  const lead = cube.times > 0 ? [0, cls] : [cls];
  const progress = new ProgressLine(params.showProgress === true);
  blocks.forEach((b, i) => {
    const probs = cube.data.read({ start: [...lead, b.rowOff, b.colOff], shape: [...lead.map(() => 1), b.height, b.width] });
    const inside = new Uint8Array(probs.length);
    for (let k = 0; k < probs.length; k++) inside[k] = probs[k] >= params.threshold ? 1 : 0;
    polygonizer.add({ colOff: b.colOff, rowOff: b.rowOff, width: b.width, height: b.height, values: inside, mask: inside, score: probs });
    progress.update(`vectorize: ${i + 1}/${blocks.length} blocks`, i + 1 === blocks.length);
  });
  progress.clear();
  const sourceCrs = String(grid.crs);
  const same = resolveCrs(sourceCrs).id !== undefined && resolveCrs(sourceCrs).id === resolveCrs(params.crs).id;
  const polygons = polygonizer.finish()
    .filter((r) => r.area >= params.minArea)
    .map((r, i): FieldPolygon => ({
      id: i + 1, className: params.className, area: r.area, scoreMean: r.score, pixelCount: r.pixelCount,
      geometry: same ? r.geometry : transformGeometry(r.geometry, sourceCrs, params.crs, { alwaysXy: true }),
      sourceGeometry: r.geometry,
    }));
  return { polygons, sourceCrs, blocks: blocks.length };
}
