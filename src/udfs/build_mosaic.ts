/**
 * build_mosaic: cloud-free median composites of a collection on a shared grid, written
 * block by block to a Zarr v3 cube (time, band, y, x) plus one COG per block, resumable.
 * `build_mosaic(collection, ...)` is a table macro (sql/macros/build_mosaic.sql) over the
 * scalar `build_mosaic_rows` declared here, because a table function can take neither a
 * table nor a subquery: the macro reads a collection given by table or view name with
 * query_table and hands its rows to the scalar in one call, which plans the run, builds
 * every block in the bridge worker (see src/mosaic/mosaic-run.ts) and returns one row per
 * block and window, so `COPY (SELECT * FROM build_mosaic(...)) TO 'index.parquet'` writes
 * the COG index.
 */
import { ANY, BIGINT, BOOLEAN, DOUBLE, GEOMETRY, INTEGER, LIST, STRUCT, VARCHAR } from '../duckdb.js';
import { InputError, asRasterduckError } from '../errors.js';
import { runSync } from '../bridge/sync-bridge.js';
import { parseDateWindow, type DateWindow } from '../mosaic/date-window.js';
import { estimateMosaic } from '../mosaic/estimate.js';
import { blockId, defaultResolution, planMosaic, type MosaicJob, type MosaicParams } from '../mosaic/mosaic-job.js';
import type { MosaicBlockArgs, MosaicOpenArgs } from '../mosaic/mosaic-ops.js';
import type { BlockRow } from '../mosaic/mosaic-run.js';
import type { Resampling } from '../mosaic/resample.js';
import { SCL_INVALID_CLASSES } from '../mosaic/scene-mask.js';
import { scenesOf } from '../mosaic/scene-input.js';
import { resolveCrs } from '../geo/crs.js';
import { DEFAULT_SHARD_PX } from '../zarr/raster-cube.js';
import { macro, scalar, type Column, type FunctionDef, type JsValue, type RowSource } from './define.js';

const RUN_COLUMNS: readonly Column[] = [
  { name: 'tile_id', type: VARCHAR }, { name: 'time', type: VARCHAR }, { name: 'status', type: VARCHAR },
  { name: 'valid_fraction', type: DOUBLE }, { name: 'scenes', type: INTEGER }, { name: 'geometry', type: GEOMETRY },
  { name: 'dataset', type: VARCHAR }, { name: 'url', type: VARCHAR },
];
const PLAN_COLUMNS: readonly Column[] = [
  { name: 'tile_id', type: VARCHAR }, { name: 'time', type: VARCHAR }, { name: 'blocks', type: INTEGER },
  { name: 'scenes', type: INTEGER }, { name: 'tiles', type: BIGINT }, { name: 'bytes_to_read', type: BIGINT }, { name: 'memory_bytes', type: BIGINT },
];

interface State {
  readonly job: MosaicJob;
  readonly dryRun: boolean;
}

const RESAMPLING: readonly Resampling[] = ['nearest', 'bilinear', 'cubic'];

function windowsOf(ranges: JsValue): DateWindow[] {
  if (!Array.isArray(ranges) || ranges.length === 0) {
    throw new InputError({ reason: 'date_ranges is required', hint: "Pass date_ranges := ['2024-04-01/2024-06-30', '2024-07-01/2024-09-30'], or seasons of every year: ['04-01/06-30', '11-15/02-15']" });
  }
  return ranges.map((r) => parseDateWindow(String(r)));
}

function blockSizeOf(v: JsValue): number {
  const n = v === undefined ? DEFAULT_SHARD_PX : Number(v);
  if (!Number.isInteger(n) || n < 16 || n > 16384 || (n > 512 && n % 512 !== 0)) {
    throw new InputError({ reason: `block_size ${String(v)} must be an integer from 16 to 16384, a multiple of 512 above 512 (chunks are 512 px)` });
  }
  return n;
}

function paramsOf(named: Readonly<Record<string, JsValue>>): MosaicParams {
  const crs = (named.crs as string | undefined) ?? 'EPSG:4326';
  resolveCrs(crs);
  const bands = (named.bands as string[] | undefined) ?? [];
  if (bands.length === 0) throw new InputError({ reason: 'bands is required', hint: "Pass bands := ['red', 'nir']: each needs a <band>_metadata column" });
  const resampling = ((named.resampling as string | undefined) ?? 'nearest') as Resampling;
  if (!RESAMPLING.includes(resampling)) throw new InputError({ reason: `resampling '${resampling}' is not one of ${RESAMPLING.join(', ')}` });
  const bbox = named.bbox as number[] | undefined;
  if (bbox !== undefined && bbox.length !== 4) throw new InputError({ reason: `bbox has ${bbox.length} values; it is [xmin, ymin, xmax, ymax] in the target CRS` });
  const output = named.output as string | undefined;
  const dryRun = named.dry_run === true;
  if (!output && !dryRun) throw new InputError({ reason: 'output is required', hint: "Pass output := 'mosaic.zarr' (COGs go to mosaic.zarr_cogs/)" });
  const perPixel = named.scenes_per_pixel as number | undefined;
  if (perPixel !== undefined && !(perPixel >= 1)) throw new InputError({ reason: `scenes_per_pixel ${perPixel} must be at least 1` });
  return {
    output: output ?? '', crs, resolution: (named.resolution as number | undefined) ?? defaultResolution(crs),
    bbox: bbox ? { xmin: bbox[0], ymin: bbox[1], xmax: bbox[2], ymax: bbox[3] } : null,
    windows: windowsOf(named.date_ranges), bands, maskBand: (named.mask_band as string | undefined) ?? null,
    maskClasses: (named.mask_classes as number[] | undefined) ?? SCL_INVALID_CLASSES,
    maxCloud: (named.max_cloud as number | undefined) ?? null, resampling, blockPx: blockSizeOf(named.block_size),
    scenesPerPixel: perPixel ?? null, overwrite: named.overwrite === true,
  };
}

function bind(collection: JsValue, named: Readonly<Record<string, JsValue>>): State {
  const params = paramsOf(named);
  const scenes = scenesOf(collection, params.bands, params.maskBand, params.crs);
  return { job: planMosaic(params, scenes), dryRun: named.dry_run === true };
}

function planRows(job: MosaicJob): RowSource {
  const rows = estimateMosaic(job).map((e) => {
    return [blockId(e.t, job.blocks[e.block]), job.params.windows[e.t].label, job.blocks.length, e.scenes, e.tiles, e.bytesToRead, e.memoryBytes];
  });
  let next = 0;
  return (max) => rows.slice(next, (next += max));
}

function runRows(job: MosaicJob): RowSource {
  let run: number | null = null;
  let next = 0;
  const total = job.blocks.length * job.params.windows.length;
  return () => {
    if (next >= total) {
      if (run !== null) runSync('mosaicClose', run);
      run = null;
      return [];
    }
    run ??= runSync<number>('mosaicOpen', { job, progress: process.stderr.isTTY === true } satisfies MosaicOpenArgs);
    const args: MosaicBlockArgs = { run, time: Math.floor(next / job.blocks.length), block: next % job.blocks.length };
    next++;
    const r = runSync<BlockRow>('mosaicBlock', args);
    return [[r.tileId, r.time, r.status, r.validFraction, r.scenes, r.geometry, r.dataset, r.url]];
  };
}

function named<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asRasterduckError(e).within('build_mosaic');
  }
}

/** The one row type of both forms; the macro keeps the columns of the form asked for, in this order. */
const ROW_COLUMNS: readonly Column[] = [
  PLAN_COLUMNS[0], PLAN_COLUMNS[1], PLAN_COLUMNS[2], RUN_COLUMNS[2], RUN_COLUMNS[3], PLAN_COLUMNS[3], PLAN_COLUMNS[4], PLAN_COLUMNS[5], PLAN_COLUMNS[6],
  RUN_COLUMNS[5], RUN_COLUMNS[6], RUN_COLUMNS[7],
];
const ROW = STRUCT(Object.fromEntries(ROW_COLUMNS.map((c) => [c.name, c.type])));

/**
 * The collection's rows: the macro passes a table or view name with that table's rows
 * beside it (`tableRows`); a LIST of rows or JSON text of one is the collection itself.
 */
function collectionOf(collection: JsValue, tableRows: JsValue): JsValue {
  if (typeof collection === 'string' && !collection.trim().startsWith('[')) return tableRows ?? [];
  return collection;
}

/** The macro's named arguments as a struct; NULL is "not given", as for a table function. */
function namedOf(args: JsValue): Record<string, JsValue> {
  const given = args !== null && typeof args === 'object' ? Object.entries(args as Record<string, JsValue>) : [];
  return Object.fromEntries(given.filter(([, v]) => v !== null && v !== undefined));
}

/** Plans and runs a whole job: every row of its plan (dry_run) or of its run, as ROW structs. */
function mosaicRows(collection: JsValue, tableRows: JsValue, args: JsValue): JsValue[] {
  return named(() => {
    const state = bind(collectionOf(collection, tableRows), namedOf(args));
    const columns = state.dryRun ? PLAN_COLUMNS : RUN_COLUMNS;
    const source = state.dryRun ? planRows(state.job) : runRows(state.job);
    const out: JsValue[] = [];
    for (let rows = source(2048); rows.length > 0; rows = source(2048)) {
      for (const r of rows) {
        const row: Record<string, JsValue> = Object.fromEntries(ROW_COLUMNS.map((c) => [c.name, null]));
        columns.forEach((c, i) => (row[c.name] = r[i]));
        out.push(row);
      }
    }
    return out;
  });
}

export const BUILD_MOSAIC_FUNCTIONS: readonly FunctionDef[] = [
  macro({
    name: 'build_mosaic', kind: 'table macro', file: 'build_mosaic',
    summary:
      "Median composites of a collection per date window, written as a Zarr cube and COGs: SELECT * FROM build_mosaic('scenes', bands := ['red', 'nir'], date_ranges := ['2024-04-01/2024-06-30'], output := 'mosaic.zarr'). The collection is a table or view name (as in read_chips), or a LIST of its rows through a variable (SET VARIABLE s = (SELECT list(c) FROM scenes c); build_mosaic(getvariable('s'), ...)), or its JSON. build_mosaic makes per-pixel median composites per date window (date_ranges: 'YYYY-MM-DD/YYYY-MM-DD', or a season of every year as 'MM-DD/MM-DD' or days of year 'D/D', where a start after the end wraps the year end: '11-15/02-15') on a grid snapped to crs/resolution (EPSG:4326 at 8.983119e-5 deg by default), masked by mask_band (Sentinel-2 SCL classes 0,1,3,8,9,10 by default) and resampled (nearest, bilinear, cubic), written block by block to the Zarr v3 cube output (time, band, y, x; bands plus N_VALID_PIXELS) and one COG per block (with average overviews) in <output>_cogs/; resumable: a rerun of the same job skips finished blocks; overwrite := true replaces an output written by another job (other inputs or parameters), which is otherwise refused. One row per block and window: tile_id, time (the window as given), status, valid_fraction, scenes, geometry (lon/lat), dataset, url. dry_run := true returns the plan (tile_id, time, blocks, scenes, tiles, bytes_to_read, memory_bytes) without reading.",
    params: [
      { name: 'collection', type: 'VARCHAR (table or view name) or LIST of its rows' },
      { name: 'bbox', type: 'DOUBLE[]', default: 'NULL' },
      { name: 'crs', type: 'VARCHAR', default: 'NULL' },
      { name: 'resolution', type: 'DOUBLE', default: 'NULL' },
      { name: 'date_ranges', type: 'VARCHAR[]', default: 'NULL' },
      { name: 'bands', type: 'VARCHAR[]', default: 'NULL' },
      { name: 'mask_band', type: 'VARCHAR', default: 'NULL' },
      { name: 'mask_classes', type: 'INTEGER[]', default: 'NULL' },
      { name: 'max_cloud', type: 'DOUBLE', default: 'NULL' },
      { name: 'resampling', type: 'VARCHAR', default: 'NULL' },
      { name: 'output', type: 'VARCHAR', default: 'NULL' },
      { name: 'block_size', type: 'INTEGER', default: 'NULL' },
      { name: 'scenes_per_pixel', type: 'INTEGER', default: 'NULL' },
      { name: 'dry_run', type: 'BOOLEAN', default: 'NULL' },
      { name: 'overwrite', type: 'BOOLEAN', default: 'NULL' },
    ],
    returns: 'TABLE(tile_id, time, status, valid_fraction, scenes, geometry, dataset, url); with dry_run: TABLE(tile_id, time, blocks, scenes, tiles, bytes_to_read, memory_bytes)',
    example: {
      sql: "SELECT list([tile_id, CAST(scenes AS VARCHAR)] ORDER BY tile_id) FROM build_mosaic('scenes', bbox := [15.01, 52.31, 15.03, 52.33], bands := ['red'], date_ranges := ['2024-05-01/2024-05-31'], dry_run := true)",
      // the bbox lies inside tile 33UVU, which May saw once: one block of one scene (by hand)
      expect: [['t0-r0-c0', '1']],
    },
  }),
  scalar({
    name: 'build_mosaic_rows',
    internal: true,
    summary:
      'The scalar behind the build_mosaic table macro (a table function cannot read a table): takes the collection, the rows of the table it names and the named arguments as a struct, and returns every row as a list; call build_mosaic.',
    params: [{ name: 'collection', type: ANY }, { name: 'table_rows', type: ANY }, { name: 'args', type: ANY }],
    returns: LIST(ROW),
    // it writes files: never folded or run twice by the optimiser
    volatile: true,
    run: (columns, rowCount) => Array.from({ length: rowCount }, (_, i) => mosaicRows(columns[0][i], columns[1][i], columns[2][i])),
  }),
];
