/**
 * read_chip and the functions over its result (chip_values, chip_mask, chip_stats): the
 * pixels of a raster under a geometry, exactly as rasterio.mask.mask(crop=True) gives
 * them. One DuckDB chunk of read_chip rows is one bridge call: one concurrent wave of
 * coalesced range requests across all its rows.
 */
import { ANY, BIGINT, BLOB, BOOLEAN, DOUBLE, INTEGER, LIST, STRUCT, VARCHAR } from '../duckdb.js';
import type { Chip, ChipRequest } from '../chip/chip.js';
import { chipMask, chipStats, chipValuesForSql, type ChipPixels } from '../chip/values.js';
import { normalizedDifference } from '../chip/band-math.js';
import { InputError, asRasterduckError } from '../errors.js';
import { parseGeoJson } from '../geo/geojson.js';
import { toWkb } from '../geo/wkb.js';
import { parseWkt } from '../geo/wkt.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { scalar, type FunctionDef, type JsValue } from './define.js';
import { chipWave, runWave } from './wave.js';

/** The chip struct users rely on (DESIGN.md conventions), mask last. */
export const CHIP = STRUCT({
  data: BLOB, dtype: VARCHAR, bands: INTEGER, height: INTEGER, width: INTEGER,
  transform: LIST(DOUBLE), crs: VARCHAR, nodata: DOUBLE, mask: BLOB,
});

const STATS = LIST(STRUCT({ band: INTEGER, count: BIGINT, min: DOUBLE, max: DOUBLE, mean: DOUBLE, std: DOUBLE, sum: DOUBLE }));

/** A geometry as users pass it: GEOMETRY or WKB BLOB (bytes), WKT or GeoJSON text. */
export function wkbOf(geom: JsValue): Uint8Array {
  if (geom instanceof Uint8Array) return geom;
  if (typeof geom === 'string') {
    const text = geom.trim();
    return toWkb(text.startsWith('{') ? parseGeoJson(text) : parseWkt(text));
  }
  throw new InputError({ reason: `the geometry must be a GEOMETRY, a WKB BLOB, WKT or GeoJSON text, not ${typeof geom}` });
}

/** The raster side of a row: a URL, or cog_metadata's struct (with its href) so no header request is made. */
export function sourceOf(src: JsValue): Pick<ChipRequest, 'url' | 'metadata'> {
  if (typeof src === 'string') return { url: src };
  if (src && typeof src === 'object' && !(src instanceof Uint8Array)) {
    const meta = src as CogMetadata & { href?: string | null };
    if (!meta.href) {
      throw new InputError({
        reason: 'the metadata struct has no href, so the file to read is unknown',
        hint: "Pass the URL instead, or add it: struct_insert(red_metadata, href := assets.red.href)",
      });
    }
    return { url: meta.href, metadata: meta };
  }
  throw new InputError({ reason: 'the first argument must be a URL (VARCHAR) or a cog_metadata struct' });
}

export interface RowRequest {
  readonly row: number;
  readonly request: ChipRequest;
  readonly allTouched: boolean;
}

/** The chip requests of a chunk (rows with a NULL source or geometry are skipped); errors name `fn` and the row. */
export function requestsOf(fn: string, columns: readonly (readonly JsValue[])[], rowCount: number): RowRequest[] {
  const out: RowRequest[] = [];
  for (let row = 0; row < rowCount; row++) {
    const [src, geom, crs, touched] = columns.map((c) => c[row]);
    if (src == null || geom == null) continue;
    try {
      out.push({ row, request: { ...sourceOf(src), wkb: wkbOf(geom), geometryCrs: (crs as string | undefined) ?? null }, allTouched: touched === true });
    } catch (e) {
      throw asRasterduckError(e).within(fn, row);
    }
  }
  return out;
}

/** Chips for a chunk: one wave per all_touched value (usually one), errors naming their row. */
function readChipColumn(columns: readonly (readonly JsValue[])[], rowCount: number): (Chip | null)[] {
  const out: (Chip | null)[] = new Array(rowCount).fill(null);
  const rows = requestsOf('read_chip', columns, rowCount);
  for (const allTouched of [false, true]) {
    const wave = rows.filter((r) => r.allTouched === allTouched);
    if (wave.length === 0) continue;
    const requests = wave.map((r) => r.request);
    runWave('read_chip', 'readChipRows', chipWave(requests, allTouched), wave.map((r) => r.row), out);
  }
  return out;
}

const readChipSummary =
  'The pixels of a raster under a geometry, as rasterio.mask.mask(src, [geom], crop=True, filled=True): STRUCT(data BLOB (native dtype, band-major), dtype, bands, height, width, transform (a,b,c,d,e,f), crs, nodata, mask BLOB (1 = valid)). NULL when the geometry misses the raster, except that a geometry in lon/lat degrees given without geom_crs to a projected raster it misses is an error naming the CRS mismatch. A chip past RASTERDUCK_MAX_CHIP_MB (default 1024) of decoded samples is refused before any fetch: read tiles, an overview, or chip_stats per tile. The source is a URL or a cog_metadata struct with href (no header request); the geometry is GEOMETRY, WKB, WKT or GeoJSON in the raster CRS unless geom_crs is given; a GEOMETRYCOLLECTION of polygons reads as the MULTIPOLYGON of its polygons.';

const chipParam = [{ name: 'chip', type: CHIP }];
/** A chip as the pure functions read it: BLOBs arrive as Uint8Array. */
const pixels = (chip: ChipPixels) => chip;

export const READ_CHIP_FUNCTIONS: readonly FunctionDef[] = [
  scalar({
    name: 'read_chip', summary: readChipSummary,
    params: [{ name: 'source', type: ANY }, { name: 'geom', type: ANY }], returns: CHIP,
    // a 1 km square at the raster's corner: 100 x 100 pixels of 10 m from (500000, 5800000) (by hand)
    example: {
      sql: "SELECT [c.bands, c.height, c.width] || c.transform FROM (SELECT read_chip('demo/S2_33UVU_20240510/red.tif', ST_MakeEnvelope(500000, 5799000, 501000, 5800000)) AS c)",
      expect: [1, 100, 100, 10, 0, 500000, 0, -10, 5800000],
    },
    run: readChipColumn,
  }),
  scalar({
    name: 'read_chip', summary: `${readChipSummary} This form reprojects the geometry from geom_crs (e.g. 'EPSG:4326', lon/lat as x/y).`,
    params: [{ name: 'source', type: ANY }, { name: 'geom', type: ANY }, { name: 'geom_crs', type: VARCHAR }], returns: CHIP,
    run: readChipColumn,
  }),
  scalar({
    name: 'read_chip', summary: `${readChipSummary} This form also takes rasterio's all_touched.`,
    params: [{ name: 'source', type: ANY }, { name: 'geom', type: ANY }, { name: 'geom_crs', type: VARCHAR }, { name: 'all_touched', type: BOOLEAN }], returns: CHIP,
    run: readChipColumn,
  }),
  scalar({
    name: 'chip_values', summary: 'The filled pixel values of a chip as DOUBLE[], band-major then row-major: index (b*height + row)*width + col. Refused past RASTERDUCK_MAX_CHIP_MB (default 1024) at ~120 bytes per value of peak memory; reduce big chips with chip_stats.',
    params: chipParam, returns: LIST(DOUBLE),
    // rasterio: src.read(1)[0:2, 100:102]
    example: { sql: "SELECT chip_values(read_chip('demo/S2_33UVU_20240510/red.tif', ST_MakeEnvelope(501000, 5799980, 501020, 5800000)))", expect: [1290, 1275, 1300, 1286] },
    each: (chip: ChipPixels) => chipValuesForSql(pixels(chip)),
  }),
  scalar({
    name: 'chip_mask', summary: "A chip's validity as BOOLEAN[] in chip_values' order: true where the pixel is inside the geometry and not nodata or masked (GDAL's mask convention). Refused past RASTERDUCK_MAX_CHIP_MB at ~70 bytes per value.",
    params: chipParam, returns: LIST(BOOLEAN),
    // rows 0-1, cols 38-39: the demo's nodata triangle covers col < 40 - row (src/demo/demo-data.ts; rasterio agrees)
    example: { sql: "SELECT chip_mask(read_chip('demo/S2_33UVU_20240510/red.tif', ST_MakeEnvelope(500380, 5799980, 500400, 5800000)))", expect: [false, false, false, true] },
    each: (chip: ChipPixels) => chipMask(pixels(chip)),
  }),
  scalar({
    name: 'chip_normalized_difference',
    summary: '(a - b) / (a + b) per pixel as a float32 chip (NDVI = chip_normalized_difference(nir, red)); valid where both are valid and a + b is not 0, NaN elsewhere. Refused past RASTERDUCK_MAX_CHIP_MB at ~12 bytes per value.',
    params: [{ name: 'a', type: CHIP }, { name: 'b', type: CHIP }], returns: CHIP,
    // numpy in float32 on rasterio's reads of the same four pixels
    example: {
      sql: "SELECT list_transform(chip_values(chip_normalized_difference(read_chip('demo/S2_33UVU_20240510/nir.tif', e), read_chip('demo/S2_33UVU_20240510/red.tif', e))), v -> round(v, 4)) FROM (SELECT ST_MakeEnvelope(501000, 5799980, 501020, 5800000) AS e)",
      expect: [0.2389, 0.2533, 0.2289, 0.2431],
    },
    each: (a: Chip, b: Chip) => normalizedDifference(a, b),
  }),
  scalar({
    name: 'chip_stats', summary: 'Per-band statistics over the valid pixels of a chip: LIST(STRUCT(band, count, min, max, mean, std, sum)), bands numbered from 1.',
    params: chipParam, returns: STATS,
    // numpy on rasterio's src.read(1)[100:200, 100:200]
    example: {
      sql: "SELECT {'band': s.band, 'count': s.count, 'min': s.min, 'max': s.max, 'mean': round(s.mean, 2)} FROM (SELECT chip_stats(read_chip('demo/S2_33UVU_20240510/red.tif', ST_MakeEnvelope(501000, 5798000, 502000, 5799000)))[1] AS s)",
      expect: { band: 1, count: 10000, min: 465, max: 1345, mean: 982.88 },
    },
    each: (chip: ChipPixels) => chipStats(pixels(chip)),
  }),
];
