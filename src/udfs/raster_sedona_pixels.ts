/**
 * Sedona's whole-band RS_ functions: RS_PixelAsPolygons and RS_PixelAsPoints (every pixel
 * of a band as a struct of geometry, value and 1-based grid x, y) and RS_NormalizedDifference
 * on RS_BandAsArray's arrays. The band is read as RS_BandAsArray reads it (one read_chip of
 * the whole raster per row), so they are refused past RASTERDUCK_MAX_CHIP_MB.
 */
import { ANY, DOUBLE, GEOMETRY, INTEGER, LIST, STRUCT } from '../duckdb.js';
import { sedonaNormalizedDifference } from '../chip/array-band-math.js';
import { checkChipSize } from '../chip/chip-size-limit.js';
import { chipValues } from '../chip/values.js';
import { asRasterduckError } from '../errors.js';
import type { Geometry } from '../geo/geometry.js';
import { pixelPolygon, worldAt, type AffineSix } from '../geo/pixel-grid.js';
import { toWkb } from '../geo/wkb.js';
import { scalar, type FunctionDef, type JsValue } from './define.js';
import { affineOf, bandIndex, metadataColumn, wholeRasters, type Columns } from './raster_sedona.js';

/** One pixel as Sedona's PixelRecord: geom, value, x, y (x, y 1-based). */
interface PixelRecord {
  readonly geom: Uint8Array;
  readonly value: number;
  readonly x: number;
  readonly y: number;
}

type PixelShape = (t: AffineSix, x: number, y: number) => Geometry;

const asPolygon: PixelShape = (t, x, y) => pixelPolygon(t, x, y);
const asPoint: PixelShape = (t, x, y) => ({ type: 'Point', coordinates: worldAt(t, x - 1, y - 1) });

/**
 * Each row's band as Sedona's list of pixel records, row-major, nodata values included as
 * stored (Sedona does not skip them). `bytesPerValue` is the record's cost on its way into
 * DuckDB, for the size limit: measured on the 512 x 512 demo band, peak RSS 660 MB for
 * polygons and 644 MB for points against 114 MB for SELECT 1, about 2.1 KB per pixel.
 */
function pixelRecordsColumn(fn: string, shape: PixelShape, bytesPerValue: number) {
  return (columns: Columns, rowCount: number): (PixelRecord[] | null)[] => {
    const metas = metadataColumn(fn, columns[0]);
    metas.forEach((m, row) => {
      if (!m || columns[1][row] == null) return;
      try {
        bandIndex(m, columns[1][row] as number);
        checkChipSize({ bands: 1, height: m.image_height, width: m.image_width, bytesPerValue, what: `${fn}' list of (geom, value, x, y) structs (about ${bytesPerValue} bytes per pixel on its way to DuckDB)`, list: true, url: m.href });
      } catch (e) {
        throw asRasterduckError(e, m.href).within(fn, row);
      }
    });
    const { rows, chips } = wholeRasters(fn, metas, columns[1], rowCount);
    const out: (PixelRecord[] | null)[] = new Array(rowCount).fill(null);
    rows.forEach((w, k) => {
      const chip = chips[k];
      const meta = metas[w.row];
      if (!chip || !meta) return;
      const t = affineOf(meta);
      const n = chip.width * chip.height;
      const values = chipValues(chip).subarray((w.band - 1) * n, w.band * n);
      const records: PixelRecord[] = new Array(n);
      for (let y = 1, i = 0; y <= chip.height; y++) {
        for (let x = 1; x <= chip.width; x++, i++) records[i] = { geom: toWkb(shape(t, x, y)), value: values[i], x, y };
      }
      out[w.row] = records;
    });
    return out;
  };
}

/** NULL entries (which Sedona's double[] cannot hold) give NULL entries. */
function normalizedDifferenceColumn(columns: Columns, rowCount: number): ((number | null)[] | null)[] {
  const out: ((number | null)[] | null)[] = new Array(rowCount).fill(null);
  for (let row = 0; row < rowCount; row++) {
    const [a, b] = [columns[0][row], columns[1][row]] as ((number | null)[] | null)[];
    if (a == null || b == null) continue;
    try {
      const nd = sedonaNormalizedDifference(a.map((v) => v ?? 0), b.map((v) => v ?? 0));
      out[row] = nd.map((v, i) => (a[i] === null || b[i] === null ? null : v));
    } catch (e) {
      throw asRasterduckError(e).within('RS_NormalizedDifference', row);
    }
  }
  return out;
}

const RECORD = LIST(STRUCT({ geom: GEOMETRY, value: DOUBLE, x: INTEGER, y: INTEGER }));
const params = [{ name: 'raster', type: ANY }, { name: 'band', type: INTEGER }];
const note = 'Reads the whole band: refused past RASTERDUCK_MAX_CHIP_MB. The raster is a path/URL or a cog_metadata struct.';
const pick = "SELECT [len(p), p[380 * 512 + 62].value, p[380 * 512 + 62].x, p[380 * 512 + 62].y";

export const RASTER_SEDONA_PIXEL_FUNCTIONS: readonly FunctionDef[] = [
  scalar({
    name: 'RS_PixelAsPolygons', params, returns: RECORD, run: pixelRecordsColumn('RS_PixelAsPolygons', asPolygon, 2100),
    summary: `Every pixel of band \`band\` (1-based) as Sedona's RS_PixelAsPolygons: a list, row-major, of STRUCT(geom, value, x, y) with the pixel's outline (upper-left, upper-right, lower-right, lower-left), its value (nodata included as stored, as Sedona) and its 1-based column x and row y. ${note}`,
    // col 61, row 380 (0-based) of the demo red band is 549 (rasterio); its outline starts at (500000 + 610, 5800000 - 3800)
    example: { sql: `${pick}, ST_XMin(p[380 * 512 + 62].geom), ST_YMax(p[380 * 512 + 62].geom), ST_Area(p[1].geom)] FROM (SELECT RS_PixelAsPolygons('demo/S2_33UVU_20240510/red.tif', 1) AS p)`, expect: [262144, 549, 62, 381, 500610, 5796200, 100] },
  }),
  scalar({
    name: 'RS_PixelAsPoints', params, returns: RECORD, run: pixelRecordsColumn('RS_PixelAsPoints', asPoint, 2100),
    summary: `Every pixel of band \`band\` (1-based) as Sedona's RS_PixelAsPoints: a list, row-major, of STRUCT(geom, value, x, y) with the pixel's upper-left corner as a POINT, its value (nodata included as stored) and its 1-based column x and row y. ${note}`,
    // as RS_PixelAsPolygons: the upper-left corner of col 61, row 380 (0-based) is (500610, 5796200)
    example: { sql: `${pick}, ST_XMin(p[380 * 512 + 62].geom), ST_YMax(p[380 * 512 + 62].geom), ST_XMin(p[1].geom)] FROM (SELECT RS_PixelAsPoints('demo/S2_33UVU_20240510/red.tif', 1) AS p)`, expect: [262144, 549, 62, 381, 500610, 5796200, 500000] },
  }),
  scalar({
    name: 'RS_NormalizedDifference', params: [{ name: 'band1', type: LIST(DOUBLE) }, { name: 'band2', type: LIST(DOUBLE) }], returns: LIST(DOUBLE), run: normalizedDifferenceColumn,
    summary: "Sedona's RS_NormalizedDifference of two bands as arrays (e.g. RS_BandAsArray's): (band2 - band1) / (band2 + band1) per value, rounded to 2 decimals (halves up) as Sedona does, a value 0 taken as -1 first (Sedona's rule, so nodata 0 does not divide by zero). NDVI is RS_NormalizedDifference(red, nir). The bands must have the same length.",
    // by hand: (3 - 1) / 4 = 0.5; 0 -> -1: (5 + 1) / (5 - 1) = 1.5; 1 / 3 -> 0.33; 2 / 16 = 0.125 -> 0.13 (half up); demo pixel (380, 61): red 549, nir 4121 (rasterio) -> 3572 / 4670 = 0.7649 -> 0.76
    example: {
      sql: "SELECT [RS_NormalizedDifference([1, 0, 1, 7], [3, 5, 2, 9]), [RS_NormalizedDifference(RS_BandAsArray('demo/S2_33UVU_20240510/red.tif', 1), RS_BandAsArray('demo/S2_33UVU_20240510/nir.tif', 1))[380 * 512 + 62]]]",
      expect: [[0.5, 1.5, 0.33, 0.13], [0.76]],
    },
  }),
];
