/**
 * vectorize: polygons of one class of a predict_block cube, as rows with GEOMETRY (so
 * `COPY (SELECT * FROM vectorize(...)) TO 'fields.parquet'` writes GeoParquet), optionally
 * also written as FlatGeobuf and PMTiles. Arguments are checked in bind; each scan call
 * reads and traces blocks only until it has its rows (src/vectorize/vectorize-prediction.ts),
 * so rows stream out as blocks finish them and memory stays bounded by the open blocks.
 * The files are written when the scan reaches its end (see vectorize-files.ts for what
 * each holds until then); a scan stopped early (a LIMIT) writes neither.
 */
import { BIGINT, DOUBLE, GEOMETRY, INTEGER, VARCHAR, type DuckDBType } from '../duckdb.js';
import { InputError, asRasterduckError } from '../errors.js';
import { resolveCrs } from '../geo/crs.js';
import { toWkb } from '../geo/wkb.js';
import type { VectorFiles } from '../vectorize/vectorize-files.js';
import { openPrediction, streamPrediction, type FieldPolygon, type VectorizeParams } from '../vectorize/vectorize-prediction.js';
import { table, type Column, type FunctionDef, type JsValue, type RowSource } from './define.js';
import { lazyModule } from './lazy-module.js';

// FlatGeobuf and PMTiles writers (flatgeobuf, geojson-vt, vt-pbf): ~50 ms of every start, loaded by the first vectorize that writes files
const vectorWriters = lazyModule(import.meta.url, '../vectorize/vectorize-files.js', () => import('../vectorize/vectorize-files.js'));

const NAMED: Readonly<Record<string, DuckDBType>> = {
  threshold: DOUBLE, class: VARCHAR, simplify: DOUBLE, min_area: DOUBLE, crs: VARCHAR, block_size: INTEGER,
  fgb: VARCHAR, pmtiles: VARCHAR, min_zoom: INTEGER, max_zoom: INTEGER,
};

const COLUMNS: readonly Column[] = [
  { name: 'id', type: BIGINT }, { name: 'class', type: VARCHAR }, { name: 'area', type: DOUBLE },
  { name: 'score_mean', type: DOUBLE }, { name: 'pixel_count', type: BIGINT }, { name: 'geometry', type: GEOMETRY },
];

interface State {
  readonly params: VectorizeParams;
  readonly files: VectorFiles;
}

function num(named: Readonly<Record<string, JsValue>>, key: string, fallback: number): number {
  const v = named[key];
  return v === undefined || v === null ? fallback : Number(v);
}

function bind(prediction: JsValue, named: Readonly<Record<string, JsValue>>): State {
  if (typeof prediction !== 'string' || prediction === '') throw new InputError({ reason: 'prediction must name a Zarr cube folder written by predict_block' });
  const threshold = num(named, 'threshold', 0.5);
  if (!(threshold >= 0 && threshold <= 1)) throw new InputError({ reason: `threshold ${threshold} must be from 0 to 1 (a class probability)` });
  const simplifyPx = num(named, 'simplify', 0);
  const minArea = num(named, 'min_area', 0);
  if (!(simplifyPx >= 0) || !(minArea >= 0)) throw new InputError({ reason: `simplify (${simplifyPx}) and min_area (${minArea}) must be 0 or more` });
  const crs = (named.crs as string | undefined) ?? 'EPSG:4326';
  resolveCrs(crs);
  const blockPx = named.block_size === undefined || named.block_size === null ? undefined : Number(named.block_size);
  if (blockPx !== undefined && !(Number.isInteger(blockPx) && blockPx >= 1)) throw new InputError({ reason: `block_size ${blockPx} must be a positive integer` });
  const className = (named.class as string | undefined) ?? 'field';
  openPrediction({ prediction, className });
  const minZoom = num(named, 'min_zoom', 10);
  const maxZoom = num(named, 'max_zoom', 15);
  return {
    params: { prediction, threshold, className, simplifyPx, minArea, crs, blockPx, showProgress: process.stderr.isTTY === true },
    files: { fgb: named.fgb as string | undefined, layer: className, pmtiles: named.pmtiles as string | undefined, minZoom, maxZoom },
  };
}

const rowOf = (p: FieldPolygon): readonly JsValue[] =>
  [BigInt(p.id), p.className, p.area, Number.isNaN(p.scoreMean) ? null : p.scoreMean, BigInt(p.pixelCount), toWkb(p.geometry)];

// Pulls polygons until a call has its rows; the files are finished with the last polygon
function rowsOf(state: State): RowSource {
  const run = streamPrediction(state.params);
  const files = state.files.fgb || state.files.pmtiles ? new (vectorWriters.get().VectorFileWriter)(state.files, state.params.crs, run.sourceCrs) : undefined;
  let ended = false;
  return (max) => {
    const rows: (readonly JsValue[])[] = [];
    try {
      while (!ended && rows.length < max) {
        const next = run.polygons.next();
        if (next.done) {
          ended = true;
          files?.finish();
          break;
        }
        files?.add(next.value);
        rows.push(rowOf(next.value));
      }
    } catch (error) {
      ended = true;
      files?.abort();
      throw error;
    }
    return rows;
  };
}

function named<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asRasterduckError(e).within('vectorize');
  }
}

export const VECTORIZE_FUNCTIONS: readonly FunctionDef[] = [
  table<State>({
    name: 'vectorize',
    summary:
      "Polygons of one class (class := 'field') of a predict_block cube: pixels whose probability is >= threshold (default 0.5; NaN never) traced block by block with exact pixel edges and holes, joined across blocks, optionally simplified (simplify, in pixels) and filtered (min_area); geometry reprojected to crs (default EPSG:4326). Rows, streamed as blocks finish them (blocks in row-major order): id (1 + raster index row * width + col of the polygon's first pixel: stable whatever the block size; ORDER BY id gives raster order), class, area (planar, in the prediction CRS's units squared: m² for UTM), score_mean (mean probability), pixel_count, geometry. fgb := path and pmtiles := path also write FlatGeobuf (output CRS, one layer named after the class) and PMTiles v3 vector tiles (lon/lat, layer 'fields', min_zoom..max_zoom, default 10..15), each atomically once the scan ends; FlatGeobuf streams through a disk spool, PMTiles holds every polygon until the end.",
    params: [{ name: 'prediction', type: VARCHAR }],
    named: NAMED,
    bind: (args) => ({ columns: COLUMNS, state: named(() => bind(args.positional[0], args.named)) }),
    rows: (state) => {
      const source = rowsOf(state);
      return (max) => named(() => source(max));
    },
  }),
];
