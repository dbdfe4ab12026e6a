/**
 * zonal_stats_rows (the scalar under the zonal_stats table macro, sql/macros/zonal_stats.sql)
 * and Sedona's RS_ZonalStats. Both hand a chunk of rows to the bridge op `zonalStats`,
 * which reads and reduces the chips in the I/O worker: only statistics come back, so no
 * pixel becomes a DuckDB value.
 */
import { ANY, BOOLEAN, DOUBLE, INTEGER, LIST, STRUCT, VARCHAR } from '../duckdb.js';
import { asRasterduckError, InputError } from '../errors.js';
import type { HistogramBin, StatValue } from '../zonal/statistics.js';
import { prepareSpec, type ZonalRequest, type ZonalRow, type ZonalSource, type ZonalSpec } from '../zonal/zonal-stats.js';
import { macro, scalar, type FunctionDef, type JsValue } from './define.js';
import { sourceOf, wkbOf } from './read_chip.js';
import { runWave } from './wave.js';

/** Rows of a chunk that share one spec, so they go to the worker as one wave. */
interface Group {
  readonly spec: ZonalSpec;
  readonly rows: number[];
  readonly requests: ZonalRequest[];
}

/** Adds a row to the group of its spec (keyed by the spec's JSON), checking a new spec first. */
function addRow(groups: Map<string, Group>, spec: ZonalSpec, row: number, request: ZonalRequest): void {
  const key = JSON.stringify(spec);
  let g = groups.get(key);
  if (!g) {
    prepareSpec(spec);
    groups.set(key, (g = { spec, rows: [], requests: [] }));
  }
  g.rows.push(row);
  g.requests.push(request);
}

/** One row's sources, sharing one metadata object per href so the worker receives each once. */
function sharedSource(src: JsValue, seen: Map<string, ZonalSource>): ZonalSource {
  const s = sourceOf(src);
  const hit = seen.get(s.url);
  if (hit && hit.metadata && s.metadata) return hit;
  seen.set(s.url, s);
  return s;
}

function runGroups<T>(fn: string, groups: Map<string, Group>, out: (T | null)[]): void {
  for (const g of groups.values()) runWave(fn, 'zonalStats', { items: g.requests, fileOf: (r) => r.sources[0]?.url ?? '', argsOf: (share) => ({ spec: g.spec, requests: share }) }, g.rows, out);
}

/** A JSON number DuckDB's from_json reads back exactly (it takes NaN and Infinity tokens). */
function jsonNumber(v: number): string {
  return Number.isNaN(v) ? 'NaN' : String(v);
}

function jsonValue(v: StatValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return jsonNumber(v);
  return `[${v.map(([value, count]: HistogramBin) => `{"value":${jsonNumber(value)},"count":${count}}`).join(',')}]`;
}

/** A row's zones as the JSON the macro's from_json parses: [{"band": ..., "<stat>": ...}, ...]. */
function rowJson(zones: readonly ZonalRow[], stats: readonly string[]): string {
  const objects = zones.map((z) => {
    const fields = stats.map((s, k) => `${JSON.stringify(s)}:${jsonValue(z.values[k])}`);
    if (z.band !== null) fields.unshift(`"band":${JSON.stringify(z.band)}`);
    return `{${fields.join(',')}}`;
  });
  return `[${objects.join(',')}]`;
}

/** zonal_stats_rows(scene, geom, geometry_crs, all_touched, expression, bands, stats) for a chunk. */
function zonalRowsColumn(columns: readonly (readonly JsValue[])[], rowCount: number): (string | null)[] {
  const [scenes, geoms, crss, touched, expressions, bandLists, statLists] = columns;
  const groups = new Map<string, Group>();
  const seen = new Map<string, ZonalSource>();
  for (let row = 0; row < rowCount; row++) {
    const scene = scenes[row] as Record<string, JsValue> | null;
    if (scene == null || geoms[row] == null) continue;
    try {
      const bands = (bandLists[row] ?? []) as string[];
      const expression = (expressions[row] as string | null) || null;
      const spec: ZonalSpec = {
        bands, expression, stats: (statLists[row] ?? []) as string[], allTouched: touched[row] === true, excludeNoData: true, sample: null,
      };
      const sources = bands.map((b) => {
        const meta = scene[`${b}_metadata`];
        if (meta == null) throw new InputError({ reason: `the scene has no ${b}_metadata value (NULL) for band '${b}'`, hint: 'Fill it from cog_metadata(<href>), or leave the band out of bands' });
        return sharedSource(meta, seen);
      });
      addRow(groups, spec, row, { sources, wkb: wkbOf(geoms[row]), geometryCrs: (crss[row] as string | null) ?? null });
    } catch (e) {
      throw asRasterduckError(e).within('zonal_stats', row);
    }
  }
  const zones: (ZonalRow[] | null)[] = new Array(rowCount).fill(null);
  runGroups('zonal_stats', groups, zones);
  return zones.map((z, row) => (z ? rowJson(z, (statLists[row] ?? []) as string[]) : null));
}

/** Which optional arguments a Sedona zonal form takes, after (raster, geom). */
interface SedonaLayout {
  readonly fn: string;
  readonly hasBand: boolean;
  /** The statistics every row computes (RS_ZonalStatsAll), or null to read a stat column. */
  readonly stats: readonly string[] | null;
}

/** The zones of a chunk of Sedona zonal rows: (raster, geom[, band][, stat][, allTouched[, excludeNoData]]). */
function sedonaZones(layout: SedonaLayout, columns: readonly (readonly JsValue[])[], rowCount: number): (ZonalRow[] | null)[] {
  const { fn, hasBand } = layout;
  const [rasters, geoms, ...rest] = columns;
  const bands = hasBand ? rest.shift() ?? [] : [];
  const stats = layout.stats === null ? rest.shift() ?? [] : [];
  const [touched, exclude] = rest;
  const groups = new Map<string, Group>();
  const seen = new Map<string, ZonalSource>();
  for (let row = 0; row < rowCount; row++) {
    if (rasters[row] == null || geoms[row] == null || (layout.stats === null && stats[row] == null) || (hasBand && bands[row] == null)) continue;
    try {
      const sample = hasBand ? Number(bands[row]) : 1;
      if (!Number.isInteger(sample) || sample < 1) throw new InputError({ reason: `band ${String(bands[row])} is not a band number`, hint: 'Bands are numbered from 1, as in GDAL and Sedona' });
      const wanted = layout.stats ?? [String(stats[row])];
      if (wanted[0].trim().toLowerCase() === 'histogram') throw new InputError({ reason: "'histogram' is a list, not a number", hint: "Use zonal_stats(..., stats := ['histogram'])" });
      const spec: ZonalSpec = {
        bands: ['band'], expression: null, stats: wanted, sedonaNames: true, lenient: true, sample,
        allTouched: touched?.[row] === true, excludeNoData: exclude?.[row] !== false,
      };
      addRow(groups, spec, row, { sources: [sharedSource(rasters[row], seen)], wkb: wkbOf(geoms[row]) });
    } catch (e) {
      throw asRasterduckError(e).within(fn, row);
    }
  }
  const zones: (ZonalRow[] | null)[] = new Array(rowCount).fill(null);
  runGroups(fn, groups, zones);
  return zones;
}

/** RS_ZonalStats(raster, geom[, band], stat[, allTouched[, excludeNoData]]) for a chunk; `hasBand` says whether band is given. */
function rsZonalColumn(hasBand: boolean) {
  return (columns: readonly (readonly JsValue[])[], rowCount: number): (number | null)[] =>
    sedonaZones({ fn: 'RS_ZonalStats', hasBand, stats: null }, columns, rowCount).map((z) => (z ? (z[0].values[0] as number | null) : null));
}

/** Sedona's RS_ZonalStatsAll struct, in its order; stddev and variance are Sedona's (n - 1). */
const ALL_STATS = ['count', 'sum', 'mean', 'median', 'mode', 'stddev', 'variance', 'min', 'max'] as const;

/** RS_ZonalStatsAll(raster, geom[, band[, allTouched[, excludeNoData]]]) for a chunk. */
function rsZonalAllColumn(hasBand: boolean) {
  return (columns: readonly (readonly JsValue[])[], rowCount: number): (Record<string, number | null> | null)[] =>
    sedonaZones({ fn: 'RS_ZonalStatsAll', hasBand, stats: ALL_STATS }, columns, rowCount).map((z) =>
      z ? Object.fromEntries(ALL_STATS.map((s, k) => [s, z[0].values[k] as number | null])) : null);
}

const rsSummary =
  "Sedona's RS_ZonalStats: one statistic (count, sum, mean, min, max, std, median, percentile_N, majority, minority, valid_fraction; Sedona's average/avg, mode, stddev/sd and variance, the last two with n - 1) of a band's valid pixels inside a geometry (pixel centres, as rasterio.mask; nodata and masked pixels left out). NULL when the geometry misses the raster. The raster is a URL or a cog_metadata struct; the geometry is in the raster's CRS.";

const ZONAL_SUMMARY =
  "Statistics of the pixels under each geometry for each scene it meets (matched as read_chips matches; collection and geometries are table or view names), computed in the I/O worker beside the reads, so no pixel becomes a DuckDB value: one row per (geometry, scene) with an expression, else one per band with a band column (the band name, with _1, _2... for a file of several bands); the geometry table's columns, scene_id, scene_datetime, then one column per statistic named as asked. Valid pixels are read_chip's (inside the geometry as rasterio.mask with all_touched, not nodata, not masked), NaN left out as rasterstats does; an expression (band names, numbers, + - * /, unary minus, parentheses, abs, sqrt, min, max) is valid where every band it reads is valid and its value is finite (division by zero is not). Stats, as rasterstats and numpy on float64: count, sum, mean, min, max, std (population, ddof 0), median, percentile_N (0..100, numpy's linear), majority and minority (most and least frequent value, the smallest on ties), valid_fraction (valid pixels / pixels inside the geometry; NULL when none is inside), all DOUBLE; histogram, for categorical rasters, is LIST(STRUCT(value DOUBLE, count BIGINT)) ascending by value. With no valid pixel count is 0, histogram empty and the rest NULL.";

const RASTER = { name: 'raster', type: ANY };
const GEOM = { name: 'geom', type: ANY };
const BAND = { name: 'band', type: INTEGER };
const STAT = { name: 'stat', type: VARCHAR };

const allSummary =
  "Sedona's RS_ZonalStatsAll: a struct of count, sum, mean, median, mode (the largest of the most frequent values), stddev and variance (with n - 1, as Sedona), min and max, all DOUBLE, of a band's valid pixels inside a geometry (pixel centres, or every touched pixel with allTouched; nodata and masked pixels left out unless excludeNoData is false). The same engine as RS_ZonalStats. NULL when the geometry misses the raster; count 0 and the rest NULL when no pixel is valid. The raster is a URL or a cog_metadata struct; the geometry is in the raster's CRS.";

const ALL_STRUCT = STRUCT(Object.fromEntries(ALL_STATS.map((s) => [s, DOUBLE])));

/** RS_ZonalStatsAll's four forms: band 1, band, band + allTouched, band + allTouched + excludeNoData. */
function rsZonalAll(): FunctionDef[] {
  const touched = { name: 'allTouched', type: BOOLEAN };
  const exclude = { name: 'excludeNoData', type: BOOLEAN };
  return [
    scalar({ name: 'RS_ZonalStatsAll', summary: `${allSummary} This form reads band 1.`, params: [RASTER, GEOM], returns: ALL_STRUCT, run: rsZonalAllColumn(false) }),
    scalar({
      name: 'RS_ZonalStatsAll', summary: `${allSummary} Bands are numbered from 1.`, params: [RASTER, GEOM, BAND], returns: ALL_STRUCT, run: rsZonalAllColumn(true),
      // rasterio.mask.mask + numpy on the demo red band (9,180 valid pixels; std/var with ddof=1; mode: np.unique's most frequent)
      example: {
        sql: "SELECT [s.count, s.sum, round(s.mean, 6), s.median, s.mode, round(s.stddev, 6), round(s.variance, 6), s.min, s.max] FROM (SELECT RS_ZonalStatsAll('demo/S2_33UVU_20240510/red.tif', ST_MakeEnvelope(500000, 5799000, 501000, 5800000), 1) AS s)",
        expect: [9180, 10903304, 1187.723747, 1235, 1235, 178.19427, 31753.197889, 465, 1345],
      },
    }),
    scalar({ name: 'RS_ZonalStatsAll', summary: `${allSummary} This form takes allTouched (rasterio's all_touched).`, params: [RASTER, GEOM, BAND, touched], returns: ALL_STRUCT, run: rsZonalAllColumn(true) }),
    scalar({ name: 'RS_ZonalStatsAll', summary: `${allSummary} This form takes allTouched and excludeNoData.`, params: [RASTER, GEOM, BAND, touched, exclude], returns: ALL_STRUCT, run: rsZonalAllColumn(true) }),
  ];
}

export const ZONAL_STATS_FUNCTIONS: readonly FunctionDef[] = [
  scalar({
    name: 'zonal_stats_rows',
    summary: 'The engine of the zonal_stats table macro: takes a row\'s band metadata as a struct and returns its statistics as JSON text.',
    params: [
      { name: 'scene', type: ANY }, GEOM, { name: 'geometry_crs', type: VARCHAR }, { name: 'all_touched', type: BOOLEAN },
      { name: 'expression', type: VARCHAR }, { name: 'bands', type: LIST(VARCHAR) }, { name: 'stats', type: LIST(VARCHAR) },
    ],
    returns: VARCHAR,
    internal: true,
    run: zonalRowsColumn,
  }),
  macro({
    name: 'rasterduck_zonal_structure', kind: 'macro', file: 'zonal_stats', internal: true,
    summary: "The from_json structure of zonal_stats_rows' JSON for an expression (or NULL) and a stat list: a band name without expression, then one DOUBLE per statistic, histogram as LIST(STRUCT(value, count)).",
    params: [{ name: 'expression', type: 'VARCHAR' }, { name: 'stats', type: 'VARCHAR[]' }], returns: 'VARCHAR',
    example: { sql: "SELECT rasterduck_zonal_structure(NULL, ['mean'])", expect: '[{"band":"VARCHAR","mean":"DOUBLE"}]' },
  }),
  macro({
    name: 'zonal_stats', kind: 'table macro', file: 'zonal_stats',
    summary: ZONAL_SUMMARY,
    params: [
      { name: 'collection', type: 'VARCHAR' }, { name: 'geometries', type: 'VARCHAR' },
      { name: 'bands', type: 'VARCHAR[]', default: "['red']" }, { name: 'expression', type: 'VARCHAR', default: 'NULL' },
      { name: 'stats', type: 'VARCHAR[]', default: "['count', 'min', 'max', 'mean']" }, { name: 'geometry_crs', type: 'VARCHAR', default: "'EPSG:4326'" },
      { name: 'all_touched', type: 'BOOLEAN', default: 'false' },
    ],
    returns: 'TABLE(<geometries columns>, scene_id VARCHAR, scene_datetime TIMESTAMPTZ, [band VARCHAR,] <one DOUBLE column per statistic>)',
    example: {
      sql: "SELECT list([round(mean, 6), round(percentile_90, 6), count] ORDER BY scene_id) FROM zonal_stats('scenes', 'fields', bands := ['nir', 'red'], expression := '(nir - red) / (nir + red)', stats := ['mean', 'percentile_90', 'count']) WHERE field_id = 1",
      // rasterio.mask.mask of both bands + numpy on the NDVI of the valid pixels, 10 May and 24 July
      expect: [[0.779588, 0.805446, 3600], [0.387503, 0.430165, 3600]],
    },
  }),
  scalar({ name: 'RS_ZonalStats', summary: `${rsSummary} This form reads band 1.`, params: [RASTER, GEOM, STAT], returns: DOUBLE, run: rsZonalColumn(false) }),
  scalar({
    name: 'RS_ZonalStats', summary: `${rsSummary} Bands are numbered from 1.`, params: [RASTER, GEOM, BAND, STAT], returns: DOUBLE, run: rsZonalColumn(true),
    // rasterio.mask.mask + numpy on the demo red band: 9,180 valid pixels (nodata 0 cuts the corner)
    example: { sql: "SELECT round(RS_ZonalStats('demo/S2_33UVU_20240510/red.tif', ST_MakeEnvelope(500000, 5799000, 501000, 5800000), 1, 'mean'), 6)", expect: 1187.723747 },
  }),
  scalar({
    name: 'RS_ZonalStats', summary: `${rsSummary} This form takes allTouched (rasterio's all_touched).`,
    params: [RASTER, GEOM, BAND, STAT, { name: 'allTouched', type: BOOLEAN }], returns: DOUBLE, run: rsZonalColumn(true),
  }),
  scalar({
    name: 'RS_ZonalStats', summary: `${rsSummary} This form takes allTouched and excludeNoData (false: every pixel inside the geometry counts, with the value rasterio.mask.mask(filled=True) gives it).`,
    params: [RASTER, GEOM, BAND, STAT, { name: 'allTouched', type: BOOLEAN }, { name: 'excludeNoData', type: BOOLEAN }], returns: DOUBLE, run: rsZonalColumn(true),
  }),
  ...rsZonalAll(),
];
