/**
 * Apache Sedona's RS_ functions over rasterduck's readers, with Sedona's argument order,
 * 1-based bands and grid coordinates, and result types. A "raster" is a path/URL (its
 * header is read once per chunk, one wave) or a cog_metadata struct (no request). Where
 * Sedona's raster is an in-memory grid, these read the file: RS_Value and RS_Values sample
 * pixels as sample_point does, RS_BandAsArray reads the whole band through read_chip.
 * Points are in the raster's CRS (Sedona reprojects a point that carries another SRID;
 * DuckDB's GEOMETRY reaches a function without its CRS, so use ST_Transform first).
 */
import { ANY, DOUBLE, GEOMETRY, INTEGER, LIST, STRUCT, type DuckDBType } from '../duckdb.js';
import type { Chip, ChipRequest } from '../chip/chip.js';
import { chipValuesForSql } from '../chip/values.js';
import { InputError, asRasterduckError } from '../errors.js';
import type { Point } from '../geo/geometry.js';
import { gridAt, gridEnvelope, gridHull, pixelPolygon, worldAt, type AffineSix } from '../geo/pixel-grid.js';
import { parseWkb, toWkb } from '../geo/wkb.js';
import type { CogMetadata } from '../tiff/cog-metadata.js';
import { scalar, type Example, type FunctionDef, type JsValue } from './define.js';
import { byUrl, chipWave, runWave } from './wave.js';

export type Columns = readonly (readonly JsValue[])[];

/** Each row's metadata: structs as given, URLs read in one wave; NULL rasters stay null. */
export function metadataColumn(fn: string, rasters: readonly JsValue[]): (CogMetadata | null)[] {
  const out: (CogMetadata | null)[] = rasters.map((r, row) => {
    if (r === null || r === undefined || typeof r === 'string') return null;
    if (typeof r === 'object' && !(r instanceof Uint8Array) && (r as { href?: unknown }).href) return r as CogMetadata;
    throw new InputError({ fn, row, reason: 'the raster must be a path/URL (VARCHAR) or a cog_metadata struct with its href' });
  });
  const urls = rasters.map((r, row) => ({ r, row })).filter((x): x is { r: string; row: number } => typeof x.r === 'string');
  if (urls.length > 0) runWave(fn, 'cogMetadata', byUrl(urls.map((x) => x.r)), urls.map((x) => x.row), out);
  return out;
}

export function affineOf(meta: CogMetadata): AffineSix {
  const t = meta.affine;
  if (!t || t.length !== 6) throw new InputError({ url: meta.href, reason: 'the raster has no geotransform' });
  return t as unknown as AffineSix;
}

/** A scalar whose first argument is a raster: `each` gets the row's metadata and the other arguments. */
function rasterScalar(
  def: { readonly name: string; readonly summary: string; readonly returns: DuckDBType; readonly params: readonly { name: string; type: DuckDBType }[]; readonly example?: Example },
  each: (meta: CogMetadata, ...args: never[]) => JsValue,
): FunctionDef {
  const fn = def.name;
  const run = (columns: Columns, rowCount: number): JsValue[] => {
    const metas = metadataColumn(fn, columns[0]);
    const out: JsValue[] = new Array(rowCount).fill(null);
    for (let row = 0; row < rowCount; row++) {
      const args = columns.slice(1).map((c) => c[row]);
      const meta = metas[row];
      if (!meta || args.some((a) => a === null || a === undefined)) continue;
      try {
        out[row] = (each as (m: CogMetadata, ...a: JsValue[]) => JsValue)(meta, ...args);
      } catch (e) {
        throw asRasterduckError(e, meta.href).within(fn, row);
      }
    }
    return out;
  };
  return scalar({ ...def, params: [{ name: 'raster', type: ANY }, ...def.params], run });
}

export function bandIndex(meta: CogMetadata, band: number): number {
  if (!Number.isInteger(band) || band < 1 || band > meta.samples_per_pixel) {
    throw new InputError({ url: meta.href, reason: `band ${band} does not exist: the raster has bands 1 to ${meta.samples_per_pixel}`, hint: 'Bands are 1-based, as in Sedona and GDAL' });
  }
  return band - 1;
}

function pointOf(wkb: Uint8Array): Point {
  const g = parseWkb(wkb);
  if (g.type !== 'Point') throw new InputError({ reason: `the point must be a POINT, not a ${g.type}` });
  return g;
}

/** Pixel values for (metadata, point, band) rows, NULL off the raster or on nodata, as Sedona. */
function sampleValues(fn: string, items: readonly SampleItem[]): (number | null)[] {
  const requests: ChipRequest[] = items.map((i) => ({ url: i.meta.href, metadata: i.meta, wkb: i.wkb }));
  const samples: (number[] | null)[] = new Array(items.length).fill(null);
  if (items.length > 0) runWave(fn, 'samplePoints', byUrl(requests), items.map((_, k) => k), samples);
  return items.map((item, k) => {
    const v = samples[k]?.[bandIndex(item.meta, item.band)];
    if (v === undefined || v === null) return null;
    return item.meta.nodata !== null && (v === item.meta.nodata || (Number.isNaN(v) && Number.isNaN(item.meta.nodata))) ? null : v;
  });
}

interface SampleItem {
  readonly meta: CogMetadata;
  readonly wkb: Uint8Array;
  readonly band: number;
  readonly row: number;
}

function valueColumn(columns: Columns, rowCount: number): (number | null)[] {
  const metas = metadataColumn('RS_Value', columns[0]);
  const items: SampleItem[] = [];
  for (let row = 0; row < rowCount; row++) {
    const meta = metas[row];
    const point = columns[1][row] as Uint8Array | null;
    const band = columns.length > 2 ? (columns[2][row] as number | null) : 1;
    if (!meta || point == null || band == null) continue;
    try {
      pointOf(point);
      bandIndex(meta, band);
    } catch (e) {
      throw asRasterduckError(e, meta.href).within('RS_Value', row);
    }
    items.push({ meta, wkb: point, band, row });
  }
  const out: (number | null)[] = new Array(rowCount).fill(null);
  sampleValues('RS_Value', items).forEach((v, k) => (out[items[k].row] = v));
  return out;
}

function valuesColumn(columns: Columns, rowCount: number): ((number | null)[] | null)[] {
  const metas = metadataColumn('RS_Values', columns[0]);
  const items: SampleItem[] = [];
  const spans: { row: number; from: number; to: number }[] = [];
  for (let row = 0; row < rowCount; row++) {
    const meta = metas[row];
    const points = columns[1][row] as (Uint8Array | null)[] | null;
    const band = columns.length > 2 ? (columns[2][row] as number | null) : 1;
    if (!meta || points == null || band == null) continue;
    const from = items.length;
    try {
      bandIndex(meta, band);
      for (const p of points) if (p !== null) items.push({ meta, wkb: (pointOf(p), p), band, row });
    } catch (e) {
      throw asRasterduckError(e, meta.href).within('RS_Values', row);
    }
    spans.push({ row, from, to: items.length });
  }
  const values = sampleValues('RS_Values', items);
  const out: ((number | null)[] | null)[] = new Array(rowCount).fill(null);
  for (const s of spans) {
    const points = columns[1][s.row] as (Uint8Array | null)[];
    let k = s.from;
    out[s.row] = points.map((p) => (p === null ? null : values[k++]));
  }
  return out;
}

/**
 * The whole raster of each row whose band (1-based) exists, read as read_chip reads it, in
 * one wave: `chips[k]` belongs to `rows[k]`. NULL rasters and bands are left out.
 */
export function wholeRasters(fn: string, metas: readonly (CogMetadata | null)[], bands: readonly JsValue[], rowCount: number): { rows: { row: number; band: number }[]; chips: (Chip | null)[] } {
  const wanted: { row: number; band: number; request: ChipRequest }[] = [];
  for (let row = 0; row < rowCount; row++) {
    const meta = metas[row];
    const band = bands[row] as number | null;
    if (!meta || band == null) continue;
    try {
      bandIndex(meta, band);
      const whole = gridEnvelope(affineOf(meta), meta.image_width, meta.image_height);
      wanted.push({ row, band, request: { url: meta.href, metadata: meta, wkb: toWkb(whole) } });
    } catch (e) {
      throw asRasterduckError(e, meta.href).within(fn, row);
    }
  }
  const chips: (Chip | null)[] = new Array(wanted.length).fill(null);
  if (wanted.length > 0) runWave(fn, 'readChipRows', chipWave(wanted.map((w) => w.request), false), wanted.map((_, k) => k), chips);
  return { rows: wanted.map(({ row, band }) => ({ row, band })), chips };
}

function bandArrayColumn(columns: Columns, rowCount: number): (number[] | null)[] {
  const { rows, chips } = wholeRasters('RS_BandAsArray', metadataColumn('RS_BandAsArray', columns[0]), columns[1], rowCount);
  const out: (number[] | null)[] = new Array(rowCount).fill(null);
  rows.forEach((w, k) => {
    const chip = chips[k];
    if (!chip) return;
    const n = chip.width * chip.height;
    out[w.row] = chipValuesForSql(chip).slice((w.band - 1) * n, w.band * n);
  });
  return out;
}

/**
 * RS_Value(raster, colX, rowY, band): Sedona hands (colX, rowY) to GeoTools'
 * GridCoordinates2D as they are (PixelFunctions.values), whose grid starts at 0, so the
 * upper-left pixel is (0, 0) there; this samples the pixel's centre the way RS_Value(point) does.
 */
function gridValueColumn(columns: Columns, rowCount: number): (number | null)[] {
  const metas = metadataColumn('RS_Value', columns[0]);
  const items: SampleItem[] = [];
  for (let row = 0; row < rowCount; row++) {
    const meta = metas[row];
    const [col, line, band] = [columns[1][row], columns[2][row], columns[3][row]] as (number | null)[];
    if (!meta || col == null || line == null || band == null) continue;
    try {
      const item = gridItem(meta, col, line, band, row);
      if (item) items.push(item);
    } catch (e) {
      throw asRasterduckError(e, meta.href).within('RS_Value', row);
    }
  }
  const out: (number | null)[] = new Array(rowCount).fill(null);
  sampleValues('RS_Value', items).forEach((v, k) => (out[items[k].row] = v));
  return out;
}

/** The centre of 0-based grid pixel (col, line) to sample, or null off the grid. */
function gridItem(meta: CogMetadata, col: number, line: number, band: number, row: number): SampleItem | null {
  bandIndex(meta, band);
  if (col < 0 || line < 0 || col >= meta.image_width || line >= meta.image_height) return null;
  return { meta, wkb: toWkb({ type: 'Point', coordinates: worldAt(affineOf(meta), col + 0.5, line + 0.5) }), band, row };
}

/** RS_Values(raster, xCoordinates, yCoordinates, band): the grid form of RS_Value for lists, NULL entries off the grid. */
function gridValuesColumn(columns: Columns, rowCount: number): ((number | null)[] | null)[] {
  const metas = metadataColumn('RS_Values', columns[0]);
  const items: SampleItem[] = [];
  const slots: { row: number; at: (number | null)[] }[] = [];
  for (let row = 0; row < rowCount; row++) {
    const meta = metas[row];
    const [xs, ys] = [columns[1][row], columns[2][row]] as ((number | null)[] | null)[];
    const band = columns[3][row] as number | null;
    if (!meta || xs == null || ys == null || band == null) continue;
    try {
      if (xs.length !== ys.length) throw new InputError({ reason: `xCoordinates has ${xs.length} values and yCoordinates ${ys.length}`, hint: 'Pass one column and one row per pixel' });
      bandIndex(meta, band);
      const at = xs.map((x, i) => {
        const y = ys[i];
        const item = x === null || y === null ? null : gridItem(meta, x, y, band, row);
        if (!item) return null;
        items.push(item);
        return items.length - 1;
      });
      slots.push({ row, at });
    } catch (e) {
      throw asRasterduckError(e, meta.href).within('RS_Values', row);
    }
  }
  const values = sampleValues('RS_Values', items);
  const out: ((number | null)[] | null)[] = new Array(rowCount).fill(null);
  for (const s of slots) out[s.row] = s.at.map((k) => (k === null ? null : values[k]));
  return out;
}

const int = (name: string) => ({ name, type: INTEGER });
const geomParam = (name: string) => ({ name, type: GEOMETRY });
const srcNote = 'The raster is a path/URL or a cog_metadata struct.';

const META = STRUCT({
  upperLeftX: DOUBLE, upperLeftY: DOUBLE, gridWidth: INTEGER, gridHeight: INTEGER, scaleX: DOUBLE, scaleY: DOUBLE,
  skewX: DOUBLE, skewY: DOUBLE, srid: INTEGER, numSampleDimensions: INTEGER, tileWidth: INTEGER, tileHeight: INTEGER,
});

const valueSummary = "The value of band `band` (1-based; 1 when omitted) of the pixel holding a point, as Sedona's RS_Value: DOUBLE, NULL off the raster or on the band's nodata. " + srcNote;
const valuesSummary = "RS_Value for each point of a list (DOUBLE[], NULL entries off the raster or on nodata), band 1 when omitted, as Sedona's RS_Values. " + srcNote;

export const RASTER_SEDONA_FUNCTIONS: readonly FunctionDef[] = [
  scalar({ name: 'RS_Value', summary: valueSummary, params: [{ name: 'raster', type: ANY }, geomParam('point')], returns: DOUBLE, run: valueColumn }),
  scalar({ name: 'RS_Value', summary: valueSummary, params: [{ name: 'raster', type: ANY }, geomParam('point'), int('band')], returns: DOUBLE, example: { sql: "SELECT RS_Value('demo/S2_33UVU_20240510/red.tif', ST_Point(500615, 5796195), 1)", expect: 549 }, run: valueColumn }),
  scalar({
    name: 'RS_Value', params: [{ name: 'raster', type: ANY }, int('colX'), int('rowY'), int('band')], returns: DOUBLE, run: gridValueColumn,
    summary: "The value of band `band` (1-based) of the pixel at grid column colX, row rowY, as Sedona's RS_Value(raster, colX, rowY, band): DOUBLE, NULL off the grid or on the band's nodata. As in Sedona (which passes them to GeoTools' GridCoordinates2D), colX and rowY count from 0 at the upper-left pixel, unlike RS_PixelAsPoint's 1-based ones. " + srcNote,
    // rasterio: red.read(1)[380, 61] = 549; [0, 0] is 0, the file's nodata; column 512 is off the 512-wide grid
    example: { sql: "SELECT [RS_Value('demo/S2_33UVU_20240510/red.tif', 61, 380, 1), RS_Value('demo/S2_33UVU_20240510/red.tif', 0, 0, 1), RS_Value('demo/S2_33UVU_20240510/red.tif', 512, 0, 1)]", expect: [549, null, null] },
  }),
  scalar({ name: 'RS_Values', summary: valuesSummary, params: [{ name: 'raster', type: ANY }, { name: 'points', type: LIST(GEOMETRY) }], returns: LIST(DOUBLE), run: valuesColumn }),
  scalar({ name: 'RS_Values', summary: valuesSummary, params: [{ name: 'raster', type: ANY }, { name: 'points', type: LIST(GEOMETRY) }, int('band')], returns: LIST(DOUBLE), example: { sql: "SELECT RS_Values('demo/S2_33UVU_20240510/red.tif', [ST_Point(500615, 5796195), ST_Point(400000, 5796195)], 1)", expect: [549, null] }, run: valuesColumn }),
  scalar({
    name: 'RS_BandAsArray', summary: "Every pixel of band `band` (1-based) as DOUBLE[], row-major, nodata values included as stored (Sedona's RS_BandAsArray). Reads the whole band: refused past RASTERDUCK_MAX_CHIP_MB. " + srcNote,
    params: [{ name: 'raster', type: ANY }, int('band')], returns: LIST(DOUBLE), run: bandArrayColumn,
    // 512 x 512 values; row 380, col 61 (0-based) is index 380 * 512 + 61 + 1 in SQL's 1-based lists
    example: { sql: "SELECT [len(a), a[380 * 512 + 62]] FROM (SELECT RS_BandAsArray('demo/S2_33UVU_20240510/red.tif', 1) AS a)", expect: [262144, 549] },
  }),
  scalar({
    name: 'RS_Values', params: [{ name: 'raster', type: ANY }, { name: 'xCoordinates', type: LIST(INTEGER) }, { name: 'yCoordinates', type: LIST(INTEGER) }, int('band')], returns: LIST(DOUBLE), run: gridValuesColumn,
    summary: "RS_Value(raster, colX, rowY, band) for lists of columns and rows (0-based, as Sedona's RS_Values(raster, xCoordinates, yCoordinates, band)): DOUBLE[], NULL entries off the grid or on nodata. " + srcNote,
    // rasterio: red.read(1)[380, 61] = 549, [0, 0] = 0 (nodata); column 600 is off the grid
    example: { sql: "SELECT RS_Values('demo/S2_33UVU_20240510/red.tif', [61, 0, 600], [380, 0, 1], 1)", expect: [549, null, null] },
  }),
  rasterScalar({ name: 'RS_Width', summary: 'The width of the raster in pixels. ' + srcNote, params: [], returns: INTEGER, example: { sql: "SELECT RS_Width('demo/S2_33UVU_20240510/red.tif')", expect: 512 } }, (m) => m.image_width),
  rasterScalar({ name: 'RS_Height', summary: 'The height of the raster in pixels. ' + srcNote, params: [], returns: INTEGER, example: { sql: "SELECT RS_Height(cog_metadata('demo/S2_33UVU_20240510/red.tif'))", expect: 512 } }, (m) => m.image_height),
  rasterScalar({ name: 'RS_NumBands', summary: 'The number of bands (alpha included, as GDAL counts them). ' + srcNote, params: [], returns: INTEGER, example: { sql: "SELECT RS_NumBands('demo/S2_33UVU_20240510/red.tif')", expect: 1 } }, (m) => m.samples_per_pixel),
  rasterScalar({ name: 'RS_SRID', summary: "The raster CRS's EPSG code, 0 when it has none (as Sedona). " + srcNote, params: [], returns: INTEGER, example: { sql: "SELECT RS_SRID('demo/S2_33UVU_20240510/red.tif')", expect: 32633 } }, (m) => m.crs_epsg ?? 0),
  rasterScalar(
    { name: 'RS_MetaData', summary: "Sedona's metadata struct: upperLeftX, upperLeftY, gridWidth, gridHeight, scaleX, scaleY, skewX, skewY, srid, numSampleDimensions, tileWidth, tileHeight (skews as GDAL's geotransform[2] and [4]). " + srcNote, params: [], returns: META, example: { sql: "SELECT RS_MetaData('demo/S2_33UVU_20240510/red.tif')", expect: { upperLeftX: 500000, upperLeftY: 5800000, gridWidth: 512, gridHeight: 512, scaleX: 10, scaleY: -10, skewX: 0, skewY: 0, srid: 32633, numSampleDimensions: 1, tileWidth: 256, tileHeight: 256 } } },
    (m) => {
      const [a, b, c, d, e, f] = affineOf(m);
      return {
        upperLeftX: c, upperLeftY: f, gridWidth: m.image_width, gridHeight: m.image_height, scaleX: a, scaleY: e, skewX: b, skewY: d,
        srid: m.crs_epsg ?? 0, numSampleDimensions: m.samples_per_pixel, tileWidth: m.tile_width, tileHeight: m.tile_height,
      };
    },
  ),
  rasterScalar({ name: 'RS_Envelope', summary: "The raster's bounding box as a polygon in its CRS. " + srcNote, params: [], returns: GEOMETRY, example: { sql: "SELECT [ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)] FROM (SELECT RS_Envelope('demo/S2_33UVU_20240510/red.tif') AS e)", expect: [500000, 5794880, 505120, 5800000] } }, (m) => toWkb(gridEnvelope(affineOf(m), m.image_width, m.image_height))),
  rasterScalar({ name: 'RS_ConvexHull', summary: "The raster's four corners as a polygon (follows a rotated grid). " + srcNote, params: [], returns: GEOMETRY, example: { sql: "SELECT ST_Area(RS_ConvexHull('demo/S2_33UVU_20240510/red.tif'))", expect: 5120 * 5120 } }, (m) => toWkb(gridHull(affineOf(m), m.image_width, m.image_height))),
  rasterScalar(
    { name: 'RS_PixelAsPoint', summary: 'The upper-left corner of pixel (colX, rowY), 1-based, as a POINT (Sedona). ' + srcNote, params: [int('colX'), int('rowY')], returns: GEOMETRY, example: { sql: "SELECT ST_AsText(RS_PixelAsPoint('demo/S2_33UVU_20240510/red.tif', 2, 3))", expect: 'POINT (500010 5799980)' } },
    (m, col: number, row: number) => toWkb({ type: 'Point', coordinates: worldAt(affineOf(m), col - 1, row - 1) }),
  ),
  rasterScalar(
    { name: 'RS_PixelAsPolygon', summary: 'The outline of pixel (colX, rowY), 1-based: upper-left, upper-right, lower-right, lower-left (Sedona). ' + srcNote, params: [int('colX'), int('rowY')], returns: GEOMETRY, example: { sql: "SELECT [ST_XMin(p), ST_YMin(p), ST_XMax(p), ST_YMax(p)] FROM (SELECT RS_PixelAsPolygon('demo/S2_33UVU_20240510/red.tif', 1, 1) AS p)", expect: [500000, 5799990, 500010, 5800000] } },
    (m, col: number, row: number) => toWkb(pixelPolygon(affineOf(m), col, row)),
  ),
  rasterScalar(
    { name: 'RS_RasterToWorldCoord', summary: 'The world coordinate of the upper-left corner of pixel (colX, rowY), 1-based, as a POINT (Sedona). ' + srcNote, params: [int('colX'), int('rowY')], returns: GEOMETRY, example: { sql: "SELECT ST_AsText(RS_RasterToWorldCoord('demo/S2_33UVU_20240510/red.tif', 1, 512))", expect: 'POINT (500000 5794890)' } },
    (m, col: number, row: number) => toWkb({ type: 'Point', coordinates: worldAt(affineOf(m), col - 1, row - 1) }),
  ),
  rasterScalar(
    { name: 'RS_WorldToRasterCoord', summary: 'The 1-based grid coordinate (colX, rowY) of the pixel holding a world point, as a POINT (may lie off the grid, as Sedona). ' + srcNote, params: [{ name: 'x', type: DOUBLE }, { name: 'y', type: DOUBLE }], returns: GEOMETRY, example: { sql: "SELECT ST_AsText(RS_WorldToRasterCoord('demo/S2_33UVU_20240510/red.tif', 500615, 5796195))", expect: 'POINT (62 381)' } },
    (m, x: number, y: number) => toWkb({ type: 'Point', coordinates: gridAt(affineOf(m), [x, y]) }),
  ),
  rasterScalar(
    { name: 'RS_WorldToRasterCoord', summary: 'The 1-based grid coordinate (colX, rowY) of the pixel holding a point, as a POINT. ' + srcNote, params: [geomParam('point')], returns: GEOMETRY },
    (m, p: Uint8Array) => {
      const g = pointOf(p);
      return toWkb({ type: 'Point', coordinates: gridAt(affineOf(m), g.coordinates) });
    },
  ),
];
