/**
 * The rest of Sedona's RS_ functions of issue 17 (the grid form of RS_Value,
 * RS_ZonalStatsAll, RS_PixelAsPolygons/Points, RS_NormalizedDifference), written as
 * Sedona's documentation writes them and run on GDAL fixture files, every result equal to
 * rasterio/numpy's.
 */
import { execFileSync } from 'node:child_process';
import type { DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { fixturePath } from '../fixtures/fixtures.js';

const U16 = 'cog_deflate_u16_pred2_ovr_nodata0_32633.tif';
const U8 = 'lzw_u8_rgb_band_32633.tif';
const F64 = 'deflate_f64_pred3_rgb_band_3035.tif';
const F32 = 'cog_zstd_f32_pred3_nan_ovr_5070.tif';
let con: DuckDBConnection;
beforeAll(async () => {
  con = await connect();
});
const row = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS()[0];
const py = (code: string, ...args: string[]) => JSON.parse(execFileSync('/usr/bin/python3', ['-c', code, ...args], { maxBuffer: 1 << 28 }).toString());
/** JSON has no NaN: Python writes it as null, and so do we before comparing. */
const nanToNull = (v: number | null) => (v === null || Number.isNaN(v) ? null : v);

describe.each([U16, U8, F64, F32])('RS_Value(raster, colX, rowY, band) and RS_Values(raster, xs, ys, band) on %s equals rasterio read()[band][rowY, colX]', (file) => {
  it('0-based grid coordinates as Sedona, NULL on nodata and off the grid', async () => {
    const ref = py(`
import json, sys, numpy as np, rasterio
with rasterio.open(sys.argv[1]) as s:
    a = s.read().astype('float64')
    nd = s.nodata
    picks = [(0, 0), (s.height // 2, s.width // 3), (s.height - 1, s.width - 1), (7, 11)]
    out = [{'r': r, 'c': c, 'v': [None if np.isnan(a[b, r, c]) or (nd is not None and a[b, r, c] == nd) else float(a[b, r, c]) for b in range(s.count)]} for r, c in picks]
    print(json.dumps({'w': s.width, 'h': s.height, 'n': s.count, 'picks': out}))`, fixturePath(file));
    const p = fixturePath(file);
    for (const pick of ref.picks) {
      for (let band = 1; band <= ref.n; band++) {
        const r = await row(`SELECT RS_Value('${p}', ${pick.c}, ${pick.r}, ${band}) AS v`);
        expect(r.v, `${file} band ${band} at col ${pick.c}, row ${pick.r}`).toEqual(pick.v[band - 1]);
      }
    }
    const off = await row(`SELECT RS_Value('${p}', -1, 0, 1) AS a, RS_Value('${p}', ${ref.w}, 0, 1) AS b, RS_Value('${p}', 0, ${ref.h}, 1) AS c`);
    expect(off).toEqual({ a: null, b: null, c: null });
    // RS_Values(raster, xCoordinates, yCoordinates, band): the same pixels as lists, plus one off the grid and a NULL column
    for (let band = 1; band <= ref.n; band++) {
      const xs = [...ref.picks.map((q: { c: number }) => q.c), ref.w, 'NULL'].join(', ');
      const ys = [...ref.picks.map((q: { r: number }) => q.r), 0, 0].join(', ');
      const r = await row(`SELECT RS_Values('${p}', [${xs}], [${ys}], ${band}) AS vs`);
      expect(r.vs).toEqual([...ref.picks.map((q: { v: (number | null)[] }) => q.v[band - 1]), null, null]);
    }
  });
});

const ZONAL_PY = `
import json, sys, numpy as np, rasterio, rasterio.mask
path, band, touched, x0, y0, x1, y1 = sys.argv[1], int(sys.argv[2]), sys.argv[3] == '1', *map(float, sys.argv[4:8])
geom = {'type': 'Polygon', 'coordinates': [[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]}
with rasterio.open(path) as s:
    out, _ = rasterio.mask.mask(s, [geom], crop=True, filled=False, all_touched=touched, indexes=band)
v = out.compressed().astype('float64')
v = v[~np.isnan(v)]
if v.size == 0:
    print(json.dumps({'count': 0})); sys.exit()
vals, counts = np.unique(v, return_counts=True)
print(json.dumps({'count': int(v.size), 'sum': float(v.sum()), 'mean': float(v.mean()), 'median': float(np.median(v)),
  'mode': float(vals[counts == counts.max()].max()), 'stddev': float(v.std(ddof=1)), 'variance': float(v.var(ddof=1)),
  'min': float(v.min()), 'max': float(v.max())}))`;

/** A box over part of each file, crossing its nodata where it has any. */
const BOXES: Record<string, [number, number, number, number]> = {
  [U16]: [499980, 5195000, 503333, 5200020],
  [U8]: [500000, 5197000, 502005, 5199995],
  [F64]: [4322000, 3207000, 4324333, 3209111],
  [F32]: [-1990000, 2480000, -1980003, 2490007],
};

describe.each([U16, U8, F64, F32])('RS_ZonalStatsAll on %s equals rasterio.mask + numpy', (file) => {
  it.each([[1, false], [2, false], [1, true]] as const)('band %i, allTouched %s', async (band, touched) => {
    const n = (await row(`SELECT RS_NumBands('${fixturePath(file)}') AS n`)).n as number;
    if (band > n) return;
    const [x0, y0, x1, y1] = BOXES[file];
    const ref = py(ZONAL_PY, fixturePath(file), String(band), touched ? '1' : '0', String(x0), String(y0), String(x1), String(y1));
    const r = await row(`SELECT RS_ZonalStatsAll('${fixturePath(file)}', ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}), ${band}, ${touched}) AS s`);
    const s = r.s as Record<string, number>;
    expect(Object.keys(s)).toEqual(['count', 'sum', 'mean', 'median', 'mode', 'stddev', 'variance', 'min', 'max']);
    expect(ref.count).toBeGreaterThan(1);
    for (const k of Object.keys(ref)) expect(s[k], k).toBeCloseTo(ref[k], Math.abs(ref[k]) > 1e6 ? 0 : 6);
    expect([s.count, s.median, s.mode, s.min, s.max]).toEqual([ref.count, ref.median, ref.mode, ref.min, ref.max]);
  });

  it('the same numbers as RS_ZonalStats one by one, and NULL off the raster', async () => {
    const [x0, y0, x1, y1] = BOXES[file];
    const g = `ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1})`;
    const p = fixturePath(file);
    const r = await row(`SELECT RS_ZonalStatsAll('${p}', ${g}) AS s, RS_ZonalStats('${p}', ${g}, 1, 'variance') AS v, RS_ZonalStats('${p}', ${g}, 1, 'mode') AS m,
      RS_ZonalStatsAll('${p}', ST_MakeEnvelope(${x0 - 1e6}, ${y0}, ${x1 - 1e6}, ${y1})) AS off`);
    const s = r.s as Record<string, number>;
    expect([s.variance, s.mode]).toEqual([r.v, r.m]);
    expect(r.off).toBeNull();
  });
});

describe('RS_ZonalStatsAll excludeNoData', () => {
  it('false counts the nodata pixels inside with their stored value, as rasterio.mask(filled=True)', async () => {
    const p = fixturePath(U16);
    const [x0, y0, x1, y1] = BOXES[U16];
    const ref = py(`
import json, sys, numpy as np, rasterio, rasterio.mask
x0, y0, x1, y1 = map(float, sys.argv[2:6])
geom = {'type': 'Polygon', 'coordinates': [[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]}
from rasterio.features import geometry_mask
with rasterio.open(sys.argv[1]) as s:
    inside, t = rasterio.mask.mask(s, [geom], crop=True, filled=False, indexes=1)
    under = geometry_mask([geom], out_shape=inside.shape, transform=t, invert=True)
print(json.dumps({'valid': int(inside.count()), 'all': int(under.sum())}))`, p, String(x0), String(y0), String(x1), String(y1));
    const r = await row(`SELECT RS_ZonalStatsAll('${p}', ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}), 1, false, true) AS a, RS_ZonalStatsAll('${p}', ST_MakeEnvelope(${x0}, ${y0}, ${x1}, ${y1}), 1, false, false) AS b`);
    expect((r.a as { count: number }).count).toBe(ref.valid);
    expect((r.b as { count: number }).count).toBe(ref.all);
    expect(ref.all).toBeGreaterThan(ref.valid);
    expect((r.b as { min: number }).min).toBe(0);
  });
});

describe('RS_PixelAsPolygons and RS_PixelAsPoints', () => {
  const PIX_PY = `
import json, sys, numpy as np, rasterio
with rasterio.open(sys.argv[1]) as s:
    a = s.read(int(sys.argv[2])).astype('float64')
    t = s.transform
    print(json.dumps({'w': s.width, 'h': s.height, 'values': [None if np.isnan(v) else v for v in a.ravel().tolist()], 't': [t.a, t.b, t.c, t.d, t.e, t.f]}))`;

  it.each([[F64, 2], [F64, 3]] as const)('%s band %i: every pixel row-major with its value, 1-based x, y and its outline / upper-left corner', async (file, band) => {
    const p = fixturePath(file);
    const ref = py(PIX_PY, p, String(band));
    const [a, , c, , e, f] = ref.t as number[];
    for (const fn of ['RS_PixelAsPolygons', 'RS_PixelAsPoints']) {
      const r = await row(`SELECT list_transform(p, q -> q.value) AS v, list_transform(p, q -> [q.x, q.y]) AS xy,
        list_transform(p, q -> [ST_XMin(q.geom), ST_YMax(q.geom), ST_XMax(q.geom), ST_YMin(q.geom)]) AS box FROM (SELECT ${fn}('${p}', ${band}) AS p)`);
      expect((r.v as number[]).map(nanToNull), fn).toEqual(ref.values);
      const xy = r.xy as number[][];
      const box = r.box as number[][];
      expect(xy.length).toBe(ref.w * ref.h);
      for (const i of [0, 1, ref.w, ref.w * ref.h - 1, 12345]) {
        const [x, y] = [(i % ref.w) + 1, Math.floor(i / ref.w) + 1];
        expect(xy[i]).toEqual([x, y]);
        const ul = [c + a * (x - 1), f + e * (y - 1)];
        expect(box[i]).toEqual(fn === 'RS_PixelAsPoints' ? [ul[0], ul[1], ul[0], ul[1]] : [ul[0], ul[1], ul[0] + a, ul[1] + e]);
      }
    }
  });

  it('a band larger than RASTERDUCK_MAX_CHIP_MB allows is refused with the function, the file and what to do', async () => {
    // 1200 x 1100 pixels at about 2.1 KB each is about 2.7 GB, over the default 1024 MB
    await expect(row(`SELECT RS_PixelAsPolygons('${fixturePath(U16)}', 1)`)).rejects.toThrow(/RS_PixelAsPolygons.*cog_deflate_u16.*1x1100x1200 = 1320000 values.*RASTERDUCK_MAX_CHIP_MB.*Read it in tiles/s);
    await expect(row(`SELECT RS_PixelAsPoints('${fixturePath(U16)}', 2)`)).rejects.toThrow(/RS_PixelAsPoints.*band 2 does not exist/);
  });
});

describe('RS_NormalizedDifference', () => {
  it('of two bands read by RS_BandAsArray equals numpy with Sedona\'s rules (0 as -1, (b2 - b1) / (b2 + b1), Math.round(x * 100) / 100)', async () => {
    const p = fixturePath(U8);
    const ref = py(`
import json, sys, numpy as np, rasterio
with rasterio.open(sys.argv[1]) as s:
    b1, b2 = s.read(1).astype('float64').ravel(), s.read(2).astype('float64').ravel()
b1[b1 == 0] = -1
b2[b2 == 0] = -1
with np.errstate(divide='ignore', invalid='ignore'):
    x = (b2 - b1) / (b2 + b1) * 100
r = np.floor(x + 0.5)
r[np.isnan(r)] = 0
r = np.clip(r, -2.0 ** 63, 2.0 ** 63) / 100
print(json.dumps((r + 0.0).tolist()))`, p);
    const r = await row(`SELECT RS_NormalizedDifference(RS_BandAsArray('${p}', 1), RS_BandAsArray('${p}', 2)) AS nd`);
    expect(r.nd).toEqual(ref);
  });

  it('halves round up, zeros count as -1, NULL entries stay NULL, and bands of different lengths are refused', async () => {
    const r = await row('SELECT RS_NormalizedDifference([1, 7, 0, 0, 1, NULL], [3, 9, 5, 0, 2, 4]) AS nd');
    // by hand: 2/4; 2/16 = 0.125 -> 0.13; (5+1)/(5-1) = 1.5; both -1: 0/-2 -> 0; 1/3 -> 0.33
    expect(r.nd).toEqual([0.5, 0.13, 1.5, 0, 0.33, null]);
    await expect(row('SELECT RS_NormalizedDifference([1, 2], [1, 2, 3])')).rejects.toThrow(/RS_NormalizedDifference.*differ in length: 2 and 3/);
    await expect(row(`SELECT RS_Values('${fixturePath(U8)}', [1, 2], [1], 1)`)).rejects.toThrow(/RS_Values.*xCoordinates has 2 values and yCoordinates 1/);
  });
});
