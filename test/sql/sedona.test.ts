/**
 * Apache Sedona's RS_ functions as Sedona's documentation writes its queries (the raster
 * is a path or a cog_metadata struct here, where Sedona has a raster column), run
 * unchanged on GDAL fixture files, with every result equal to rasterio/numpy's.
 */
import { execFileSync } from 'node:child_process';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { fixturePath } from '../fixtures/fixtures.js';

const FILES = ['cog_deflate_u16_pred2_ovr_nodata0_32633.tif', 'lzw_u8_rgb_band_32633.tif', 'deflate_f64_pred3_rgb_band_3035.tif', 'cog_zstd_f32_pred3_nan_ovr_5070.tif'];
let con: DuckDBConnection;
beforeAll(async () => {
  con = await connect();
});
const row = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS()[0];

/** rasterio's view of a file: size, bands, EPSG, transform, nodata, a few pixel values and band 1 as a list. */
function rasterio(file: string) {
  const py = `
import json, sys, numpy as np, rasterio
with rasterio.open(sys.argv[1]) as src:
    t = src.transform
    a = src.read(1).astype('float64')
    picks = [(0, 0), (src.height // 2, src.width // 3), (src.height - 1, src.width - 1), (7, 11)]
    vals = []
    for r, c in picks:
        x, y = t * (c + 0.5, r + 0.5)
        v = [None if np.isnan(b) else float(b) for b in src.read(window=((r, r + 1), (c, c + 1)))[:, 0, 0]]
        vals.append({'x': x, 'y': y, 'row': r, 'col': c, 'v': v})
    print(json.dumps({'w': src.width, 'h': src.height, 'n': src.count, 'epsg': src.crs.to_epsg() or 0,
      't': [t.a, t.b, t.c, t.d, t.e, t.f], 'nodata': src.nodata if src.nodata is None or np.isfinite(src.nodata) else 'nan',
      'tile': src.block_shapes[0], 'vals': vals, 'band1': [None if np.isnan(v) else v for v in a.ravel().tolist()],
      'bounds': list(src.bounds)}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, fixturePath(file)], { maxBuffer: 1 << 28 }).toString()) as {
    w: number; h: number; n: number; epsg: number; t: number[]; nodata: number | 'nan' | null; tile: [number, number];
    vals: { x: number; y: number; row: number; col: number; v: (number | null)[] }[]; band1: (number | null)[]; bounds: number[];
  };
}

/** NaN pixels arrive from Python as null (JSON has no NaN). */
const isNodata = (v: number | null, nodata: number | 'nan' | null) => v === null || (nodata !== 'nan' && v === nodata);

describe.each(FILES)('Sedona RS_ functions on %s equal rasterio', (file) => {
  const path = () => fixturePath(file);

  it('RS_Width, RS_Height, RS_NumBands, RS_SRID, RS_MetaData from a path and from cog_metadata', async () => {
    const ref = rasterio(file);
    for (const raster of [`'${path()}'`, `cog_metadata('${path()}')`]) {
      const r = await row(`SELECT RS_Width(${raster}) AS w, RS_Height(${raster}) AS h, RS_NumBands(${raster}) AS n, RS_SRID(${raster}) AS srid, RS_MetaData(${raster}) AS md`);
      expect([r.w, r.h, r.n, r.srid]).toEqual([ref.w, ref.h, ref.n, ref.epsg]);
      const [a, b, c, d, e, f] = ref.t;
      expect(r.md).toEqual({ upperLeftX: c, upperLeftY: f, gridWidth: ref.w, gridHeight: ref.h, scaleX: a, scaleY: e, skewX: b, skewY: d,
        srid: ref.epsg, numSampleDimensions: ref.n, tileWidth: ref.tile[1], tileHeight: ref.tile[0] });
    }
  });

  it('RS_Value and RS_Values at pixel centres, 1-based bands, NULL on nodata and off the raster', async () => {
    const ref = rasterio(file);
    for (const p of ref.vals) {
      for (let band = 1; band <= ref.n; band++) {
        const r = await row(`SELECT RS_Value('${path()}', ST_Point(${p.x}, ${p.y}), ${band}) AS v`);
        const want = p.v[band - 1];
        expect(r.v, `${file} band ${band} at ${p.row},${p.col}`).toEqual(isNodata(want, ref.nodata) ? null : want);
      }
    }
    const first = ref.vals[1];
    const r = await row(`SELECT RS_Value(cog_metadata('${path()}'), ST_Point(${first.x}, ${first.y})) AS v1,
      RS_Values('${path()}', [ST_Point(${first.x}, ${first.y}), ST_Point(${ref.bounds[0] - 1000}, ${ref.bounds[1]})]) AS vs`);
    const want = isNodata(first.v[0], ref.nodata) ? null : first.v[0];
    expect(r.v1).toEqual(want);
    expect(r.vs).toEqual([want, null]);
  });

  it('RS_BandAsArray is band 1 row-major, as numpy ravel()', async () => {
    const ref = rasterio(file);
    const r = await row(`SELECT RS_BandAsArray('${path()}', 1) AS a`);
    expect((r.a as (number | null)[]).map((v) => (v === null || Number.isNaN(v) ? null : v))).toEqual(ref.band1);
  });

  it('RS_Envelope, RS_ConvexHull, RS_PixelAsPoint/Polygon, RS_RasterToWorldCoord and RS_WorldToRasterCoord follow the transform', async () => {
    const ref = rasterio(file);
    const [a, , c, , e, f] = ref.t;
    const [x0, y0, x1, y1] = ref.bounds;
    const r = await row(`SELECT ST_AsText(RS_Envelope('${path()}')) AS env, ST_AsText(RS_ConvexHull('${path()}')) AS hull,
      ST_AsText(RS_PixelAsPoint('${path()}', 2, 3)) AS pt, ST_AsText(RS_PixelAsPolygon('${path()}', 2, 3)) AS px,
      ST_AsText(RS_RasterToWorldCoord('${path()}', 2, 3)) AS w, ST_AsText(RS_WorldToRasterCoord('${path()}', ${ref.vals[1].x}, ${ref.vals[1].y})) AS g,
      ST_AsText(RS_WorldToRasterCoord('${path()}', ST_Point(${ref.vals[1].x}, ${ref.vals[1].y}))) AS g2`);
    const fmt = (n: number) => String(n);
    const pt = (x: number, y: number) => `${fmt(x)} ${fmt(y)}`;
    expect(r.env).toBe(`POLYGON ((${pt(x0, y0)}, ${pt(x1, y0)}, ${pt(x1, y1)}, ${pt(x0, y1)}, ${pt(x0, y0)}))`);
    expect(r.hull).toBe(`POLYGON ((${pt(c, f)}, ${pt(c + a * ref.w, f)}, ${pt(c + a * ref.w, f + e * ref.h)}, ${pt(c, f + e * ref.h)}, ${pt(c, f)}))`);
    expect(r.pt).toBe(`POINT (${pt(c + a, f + 2 * e)})`);
    expect(r.w).toBe(r.pt);
    expect(r.px).toBe(`POLYGON ((${pt(c + a, f + 2 * e)}, ${pt(c + 2 * a, f + 2 * e)}, ${pt(c + 2 * a, f + 3 * e)}, ${pt(c + a, f + 3 * e)}, ${pt(c + a, f + 2 * e)}))`);
    expect(r.g).toBe(`POINT (${ref.vals[1].col + 1} ${ref.vals[1].row + 1})`);
    expect(r.g2).toBe(r.g);
  });
});

describe('Sedona RS_ errors', () => {
  it('a band past the last names the function, the file and the bands there are', async () => {
    const p = fixturePath(FILES[0]);
    await expect(row(`SELECT RS_Value('${p}', ST_Point(0, 0), 2)`)).rejects.toThrow(/RS_Value.*band 2 does not exist: the raster has bands 1 to 1/);
    await expect(row(`SELECT RS_BandAsArray('${p}', 0)`)).rejects.toThrow(/RS_BandAsArray.*band 0 does not exist/);
  });
  it('a raster that is neither a path nor a cog_metadata struct is refused', async () => {
    await expect(row("SELECT RS_Width({'a': 1})")).rejects.toThrow(/RS_Width.*path\/URL \(VARCHAR\) or a cog_metadata struct/);
  });
});
