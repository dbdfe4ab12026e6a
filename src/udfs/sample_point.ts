/**
 * sample_point(source, point[, point_crs]): the value of every band under a point, as
 * rasterio's dataset.sample() gives it; NULL when the point is off the raster. One chunk
 * of rows is one wave of reads.
 */
import { ANY, DOUBLE, LIST, VARCHAR } from '../duckdb.js';
import { scalar, type FunctionDef, type JsValue } from './define.js';
import { requestsOf } from './read_chip.js';
import { byUrl, runWave } from './wave.js';

function sampleColumn(columns: readonly (readonly JsValue[])[], rowCount: number): (number[] | null)[] {
  const out: (number[] | null)[] = new Array(rowCount).fill(null);
  const rows = requestsOf('sample_point', columns, rowCount);
  if (rows.length === 0) return out;
  runWave('sample_point', 'samplePoints', byUrl(rows.map((r) => r.request)), rows.map((r) => r.row), out);
  return out;
}

const summary =
  "The value of every band (DOUBLE[], band 1 first) of the pixel under a point, as rasterio's sample(); NULL off the raster. The source is a URL or a cog_metadata struct with href; the point is in the raster CRS unless point_crs is given.";

export const SAMPLE_POINT_FUNCTIONS: readonly FunctionDef[] = [
  scalar({ name: 'sample_point', summary, params: [{ name: 'source', type: ANY }, { name: 'point', type: ANY }], returns: LIST(DOUBLE), run: sampleColumn,
    // rasterio: src.sample([(500615, 5796195)])
    example: { sql: "SELECT sample_point('demo/S2_33UVU_20240510/red.tif', ST_Point(500615, 5796195))", expect: [549] } }),
  scalar({
    name: 'sample_point', summary: `${summary} This form reprojects the point from point_crs (e.g. 'EPSG:4326', lon/lat as x/y).`,
    params: [{ name: 'source', type: ANY }, { name: 'point', type: ANY }, { name: 'point_crs', type: VARCHAR }], returns: LIST(DOUBLE), run: sampleColumn,
  }),
];
