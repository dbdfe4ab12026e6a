/**
 * zonal_stats and RS_ZonalStats through SQL against rasterio.mask + numpy
 * (test/zonal/zonal_expected.py) on the GDAL fixture matrix (every dtype, nodata, internal
 * masks, alpha, multi-band, all_touched) and on files written here for an expression over
 * two bands of a collection and a categorical raster; and the zonal path's request count
 * against read_chips' for the same rows.
 */
// these tests count the requests of cold reads: no decoded-block cache
process.env.RASTERDUCK_BLOCK_CACHE_MB = '0';

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { expectedMetadata, fixturePath, loadManifest, type FixtureSpec } from '../fixtures/fixtures.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-server-process.js';

const REFERENCE = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'zonal', 'zonal_expected.py');
const ALL_STATS = ['count', 'sum', 'mean', 'min', 'max', 'std', 'median', 'percentile_90', 'percentile_12.5', 'majority', 'minority', 'valid_fraction', 'histogram'];
/** Sums of many float64 values: numpy adds pairwise, rasterduck in order. */
const ROUNDED = new Set(['sum', 'mean', 'std', 'stddev', 'variance']);

let con: DuckDBConnection;
let dir: string;
let server: FaultyServer;
const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();

interface Case {
  readonly files: Record<string, string>;
  readonly wkt: string;
  readonly all_touched: boolean;
  readonly stats: readonly string[];
  readonly expression?: string;
  readonly exclude_nodata?: boolean;
}
type Expected = Record<string, unknown>[];

function reference(cases: readonly Case[]): Expected[] {
  return JSON.parse(execFileSync('/usr/bin/python3', [REFERENCE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 }));
}

/** A JSON number from the reference (NaN and infinities come as strings). */
const num = (v: unknown): unknown => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

/** Compares one row of statistics with the reference's, exactly except sums of floats. */
function expectStats(got: Record<string, unknown>, want: Record<string, unknown>, stats: readonly string[], label: string): void {
  for (const s of stats) {
    const w = want[s];
    const g = got[s];
    if (s === 'histogram') {
      const bins = (g as { value: number; count: bigint }[]).map((b) => [b.value, Number(b.count)]);
      expect(bins, `${label} ${s}`).toEqual((w as unknown[][]).map(([v, c]) => [num(v), c]));
    } else if (w === null || typeof w === 'string') {
      expect(g, `${label} ${s}`).toEqual(w === null ? null : num(w));
    } else if (ROUNDED.has(s)) {
      expect(Math.abs((g as number) - (w as number)), `${label} ${s}: ${g} vs ${w}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w as number)));
    } else {
      expect(g, `${label} ${s}`).toBe(w);
    }
  }
}

/** A box and a triangle off the pixel grid, in a file's own coordinates (rasterio's affine). */
function shapesOf(name: string): { box: string; triangle: string } {
  const m = expectedMetadata(name);
  const [a, , c, , e, f] = m.affine;
  const [w, h] = [m.image_width, m.image_height];
  const c0 = 0.13 * w + 0.31;
  const r0 = 0.17 * h + 0.27;
  const c1 = c0 + Math.min(30.4, 0.7 * w);
  const r1 = r0 + Math.min(20.6, 0.7 * h);
  const xy = (col: number, row: number) => `${c + a * col} ${f + e * row}`;
  return {
    box: `POLYGON ((${xy(c0, r0)}, ${xy(c1, r0)}, ${xy(c1, r1)}, ${xy(c0, r1)}, ${xy(c0, r0)}))`,
    triangle: `POLYGON ((${xy(c0, r0)}, ${xy(c1, r0 + (r1 - r0) / 3)}, ${xy((c0 + c1) / 2, r1)}, ${xy(c0, r0)}))`,
  };
}

/** A one-scene collection per file, in the file's EPSG CRS. */
async function oneScene(file: string, band = 'red'): Promise<void> {
  await rows(`CREATE OR REPLACE TABLE coll AS SELECT 's1' AS id, TIMESTAMPTZ '2024-05-01' AS datetime, m AS ${band}_metadata, cog_footprint(m) AS geometry
              FROM (SELECT cog_metadata('${file}') AS m)`);
}

/** Matrix files zonal_stats must read exactly: not refused, lossless, in an EPSG CRS. */
function matrixFiles(): FixtureSpec[] {
  return loadManifest().files.filter((f) => f.dtype && !f.refusal && !f.chip_refusal && !f.lossy && !f.hostile && /^\d+$/.test(f.crs ?? ''));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-zonal-'));
  con = await connect();
  // nir and red on one grid (uint16, nodata 0, some zeros and a sum of zero for division by 0),
  // and a categorical uint8 land-cover raster with ties, written by GDAL
  const py = `
import sys, numpy as np, rasterio
from rasterio.transform import from_origin
d = sys.argv[1]
rng = np.random.default_rng(7)
t = from_origin(499980.0, 5200020.0, 10.0, 10.0)
prof = dict(driver='GTiff', width=300, height=260, count=1, crs='EPSG:32633', transform=t, tiled=True, blockxsize=128, blockysize=128, compress='DEFLATE', predictor=2)
nir = rng.integers(0, 4000, (260, 300)).astype('uint16'); red = rng.integers(0, 3000, (260, 300)).astype('uint16')
nir[::7, ::5] = 0; red[::11, ::3] = 0
with rasterio.open(d + '/nir.tif', 'w', dtype='uint16', nodata=0, **prof) as o: o.write(nir, 1)
with rasterio.open(d + '/red.tif', 'w', dtype='uint16', nodata=0, **prof) as o: o.write(red, 1)
lc = rng.choice(np.array([1, 2, 5, 9, 200], 'uint8'), (260, 300), p=[0.3, 0.3, 0.2, 0.15, 0.05])
f = rng.normal(0.3, 0.2, (260, 300)).astype('float32'); f[::4, ::3] = np.nan
with rasterio.open(d + '/nan.tif', 'w', dtype='float32', **dict(prof, predictor=3)) as o: o.write(f, 1)
with rasterio.open(d + '/landcover.tif', 'w', dtype='uint8', nodata=255, **dict(prof, predictor=1)) as o: o.write(lc, 1)
`;
  execFileSync('/usr/bin/python3', ['-c', py, dir]);
  server = await startFaultyServer(dir);
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('zonal_stats on the GDAL matrix', () => {
  it('equals rasterio.mask + numpy for every dtype, nodata, mask, alpha and multi-band file, all_touched false and true', async () => {
    const files = matrixFiles();
    expect(new Set(files.map((f) => f.dtype)).size).toBe(8);
    expect(files.some((f) => f.mask) && files.some((f) => f.alpha) && files.some((f) => f.nodata_kind === 'nan') && files.some((f) => (f.bands ?? 1) > 1)).toBe(true);
    const cases: (Case & { name: string; crs: string })[] = [];
    for (const f of files) {
      const { box, triangle } = shapesOf(f.name);
      for (const [wkt, at] of [[box, false], [triangle, false], [triangle, true]] as const) {
        cases.push({ name: f.name, crs: `EPSG:${f.crs}`, files: { red: fixturePath(f.name) }, wkt, all_touched: at, stats: ALL_STATS });
      }
    }
    const expected = reference(cases);
    for (const [i, c] of cases.entries()) {
      await oneScene(c.files.red);
      await rows(`CREATE OR REPLACE TABLE g AS SELECT 1 AS gid, ST_GeomFromText('${c.wkt}') AS geometry`);
      const got = await rows(`SELECT * FROM zonal_stats('coll', 'g', bands := ['red'], stats := [${ALL_STATS.map((s) => `'${s}'`).join(', ')}],
        geometry_crs := '${c.crs}', all_touched := ${c.all_touched}) ORDER BY band`);
      const label = `${c.name} #${i % 3}`;
      expect(got.map((r) => r.band), label).toEqual(expected[i].map((r) => r.band).sort());
      got.forEach((r, k) => {
        expect([r.gid, r.scene_id], label).toEqual([1, 's1']);
        expectStats(r, expected[i].find((e) => e.band === r.band) as Record<string, unknown>, ALL_STATS, `${label} ${String(r.band)}`);
      });
    }
  }, 240_000);
});

describe('zonal_stats over a collection', () => {
  const fields = (wkts: string[]) => `CREATE OR REPLACE TABLE fields AS SELECT * FROM (VALUES ${wkts.map((w, i) => `(${i + 10}, 'f${i}', ST_GeomFromText('${w}'))`).join(', ')}) t(field_id, crop, geometry)`;
  const fieldWkts = [
    'POLYGON ((500103.3 5199003.1, 500407.9 5199003.1, 500407.9 5198801.7, 500103.3 5198801.7, 500103.3 5199003.1))',
    'POLYGON ((501000.5 5198500.2, 501600.1 5198700.9, 501200.4 5198100.3, 501000.5 5198500.2))',
    'POLYGON ((502300 5199000, 502600 5199000, 502600 5198700, 502300 5198700, 502300 5199000), (502400 5198900, 502500 5198900, 502500 5198800, 502400 5198800, 502400 5198900))',
  ];

  async function ndviCollection(base = dir): Promise<void> {
    await rows(`CREATE OR REPLACE TABLE scenes AS SELECT * FROM (VALUES ('a', TIMESTAMPTZ '2024-05-01'), ('b', TIMESTAMPTZ '2024-06-01')) t(id, datetime),
      LATERAL (SELECT cog_metadata('${base}/nir.tif') AS nir_metadata, cog_metadata('${base}/red.tif') AS red_metadata, cog_footprint(cog_metadata('${base}/red.tif')) AS geometry)`);
    await rows(fields(fieldWkts));
  }

  it('evaluates an expression over two bands (division by zero invalid), one row per (geometry, scene), labels carried', async () => {
    await ndviCollection();
    const stats = ['count', 'mean', 'std', 'median', 'percentile_75', 'min', 'max', 'valid_fraction'];
    for (const [expression, py] of [
      ['(nir - red) / (nir + red)', '(nir - red) / (nir + red)'],
      ['-abs(nir - 2.5 * red) / sqrt(nir) + max(nir, red) - min(1e3, red)', '-abs(nir - 2.5 * red) / sqrt(nir) + max(nir, red) - min(1e3, red)'],
      ['(nir - nir) / (red - red)', '(nir - nir) / (red - red)'],
    ]) {
      for (const allTouched of [false, true]) {
        const expected = reference(fieldWkts.map((wkt) => ({ files: { nir: `${dir}/nir.tif`, red: `${dir}/red.tif` }, wkt, all_touched: allTouched, stats, expression: py })));
        const got = await rows(`SELECT field_id, crop, scene_id, scene_datetime, ${stats.join(', ')} FROM zonal_stats('scenes', 'fields', bands := ['nir', 'red'],
          expression := '${expression}', stats := [${stats.map((s) => `'${s}'`).join(', ')}], geometry_crs := 'EPSG:32633', all_touched := ${allTouched}) ORDER BY field_id, scene_id`);
        expect(got.map((r) => [r.field_id, r.crop, r.scene_id]), expression).toEqual([10, 10, 11, 11, 12, 12].map((id, k) => [id, `f${id - 10}`, k % 2 === 0 ? 'a' : 'b']));
        got.forEach((r, k) => expectStats(r, expected[Math.floor(k / 2)][0], stats, `${expression} at=${allTouched} ${String(r.field_id)}`));
      }
    }
  });

  it('gives majority, minority and the histogram of a categorical raster', async () => {
    await oneScene(`${dir}/landcover.tif`, 'lc');
    await rows(fields(fieldWkts));
    const stats = ['majority', 'minority', 'histogram', 'count', 'median', 'percentile_90'];
    const expected = reference(fieldWkts.map((wkt) => ({ files: { lc: `${dir}/landcover.tif` }, wkt, all_touched: false, stats })));
    const got = await rows(`SELECT field_id, band, majority, minority, histogram, count, median, percentile_90 FROM zonal_stats('coll', 'fields', bands := ['lc'],
      stats := ['majority', 'minority', 'histogram', 'count', 'median', 'percentile_90'], geometry_crs := 'EPSG:32633') ORDER BY field_id`);
    expect(got.map((r) => r.band)).toEqual(['lc', 'lc', 'lc']);
    got.forEach((r, k) => expectStats(r, expected[k][0], stats, `field ${String(r.field_id)}`));
  });

  it('leaves NaN pixels of a float raster without nodata out, as rasterstats does', async () => {
    await oneScene(`${dir}/nan.tif`);
    await rows(fields(fieldWkts));
    const stats = ['count', 'mean', 'min', 'max', 'median', 'valid_fraction'];
    const expected = reference(fieldWkts.map((wkt) => ({ files: { red: `${dir}/nan.tif` }, wkt, all_touched: false, stats })));
    const got = await rows(`SELECT ${stats.join(', ')} FROM zonal_stats('coll', 'fields', stats := [${stats.map((s) => `'${s}'`).join(', ')}], geometry_crs := 'EPSG:32633') ORDER BY field_id`);
    got.forEach((r, k) => expectStats(r, expected[k][0], stats, `field ${k}`));
    expect(got[0].valid_fraction).toBeLessThan(1);
  });

  it('reads no more than read_chips does for the same rows (over HTTP)', async () => {
    await ndviCollection(server.origin);
    await rows('SELECT * FROM rasterduck_io_stats(reset := true)');
    await rows("SELECT sum(nir.width + red.width) FROM read_chips('scenes', 'fields', bands := ['nir', 'red'], geometry_crs := 'EPSG:32633')");
    const [chips] = await rows("SELECT requests, bytes FROM rasterduck_io_stats(reset := true) WHERE scheme = 'total'");
    await rows("SELECT sum(mean) FROM zonal_stats('scenes', 'fields', bands := ['nir', 'red'], expression := '(nir - red) / (nir + red)', stats := ['mean'], geometry_crs := 'EPSG:32633')");
    const [zonal] = await rows("SELECT requests, bytes FROM rasterduck_io_stats(reset := true) WHERE scheme = 'total'");
    expect(Number(chips.requests)).toBeGreaterThan(0);
    expect(Number(zonal.requests)).toBeLessThanOrEqual(Number(chips.requests));
    expect(Number(zonal.bytes)).toBeLessThanOrEqual(Number(chips.bytes));
    // the server saw the same: both statements again, counted on its side
    const served = async (sql: string) => {
      const before = (await server.stats()).requests;
      await rows(sql);
      return (await server.stats()).requests - before;
    };
    const a = await served("SELECT sum(nir.width + red.width) FROM read_chips('scenes', 'fields', bands := ['nir', 'red'], geometry_crs := 'EPSG:32633')");
    const b = await served("SELECT sum(mean) FROM zonal_stats('scenes', 'fields', bands := ['nir', 'red'], expression := 'nir / red', stats := ['mean'], geometry_crs := 'EPSG:32633')");
    expect(b).toBeLessThanOrEqual(a);
    console.log(`requests: read_chips ${String(chips.requests)} (${String(chips.bytes)} B), zonal_stats ${String(zonal.requests)} (${String(zonal.bytes)} B); served ${a} vs ${b}`);
  });

  it('refuses an unknown statistic, a bad expression and a band the expression needs but bands lacks', async () => {
    await ndviCollection();
    const z = (args: string) => rows(`SELECT * FROM zonal_stats('scenes', 'fields', geometry_crs := 'EPSG:32633', ${args})`);
    await expect(z("bands := ['red'], stats := ['mode']")).rejects.toThrow(/zonal_stats: .*unknown statistic 'mode'.*percentile_N/);
    await expect(z("bands := ['nir', 'red'], expression := '(nir - red) / (nir + ', stats := ['mean']")).rejects.toThrow(/zonal_stats: .*cannot parse the expression .* at character 22: it ends where a value is expected/);
    await expect(z("bands := ['red'], expression := 'nir / red', stats := ['mean']")).rejects.toThrow(/reads band 'nir'.*bands := \['red', 'nir'\]/);
  });
});

describe('RS_ZonalStats', () => {
  it("equals numpy in Sedona's argument order, with allTouched and excludeNoData, on URLs and metadata", async () => {
    const names = ['cog_deflate_u16_pred2_ovr_nodata0_32633.tif', 'packbits_i16_rgb_band_nodata-9999_3035.tif', 'mask_deflate_u8_rgb_32633.tif', 'zstd_f32_pred3_nan_4326.tif'];
    const stats = ['count', 'mean', 'std', 'median', 'percentile_90', 'majority', 'minority', 'valid_fraction', 'stddev', 'variance', 'mode', 'avg'];
    const cases: (Case & { name: string; band: number })[] = [];
    for (const name of names) {
      const { triangle } = shapesOf(name);
      const bands = expectedMetadata(name).band_count;
      for (const [at, excl] of [[false, true], [true, true], [false, false]] as const) {
        cases.push({ name, band: bands, files: { b: fixturePath(name) }, wkt: triangle, all_touched: at, exclude_nodata: excl, stats: stats.map((s) => (s === 'avg' ? 'mean' : s)) });
      }
    }
    const expected = reference(cases);
    for (const [i, c] of cases.entries()) {
      const band = c.band; // the last band
      const calls = stats.map((s) => `RS_ZonalStats(${i % 2 === 0 ? `'${c.files.b}'` : `cog_metadata('${c.files.b}')`}, ST_GeomFromText('${c.wkt}'), ${band}, '${s}', ${c.all_touched}, ${c.exclude_nodata}) AS "${s}"`);
      const [got] = await rows(`SELECT ${calls.join(', ')}`);
      const want = { ...expected[i][band - 1], avg: expected[i][band - 1].mean };
      expectStats(got, want, stats, `${c.name} at=${c.all_touched} excl=${c.exclude_nodata}`);
    }
    // the 4-argument form is the 6-argument one with allTouched false and excludeNoData true
    const { triangle } = shapesOf(names[0]);
    const [four] = await rows(`SELECT RS_ZonalStats('${fixturePath(names[0])}', ST_GeomFromText('${triangle}'), 1, 'mean') AS a,
      RS_ZonalStats('${fixturePath(names[0])}', ST_GeomFromText('${triangle}'), 1, 'mean', false, true) AS b, RS_ZonalStats('${fixturePath(names[0])}', ST_GeomFromText('${triangle}'), 'mean') AS c`);
    expect(four.a).toBe(four.b);
    expect(four.c).toBe(four.b);
  });

  it('is NULL off the raster, and refuses a band past the last one', async () => {
    const f = fixturePath('cog_deflate_u16_pred2_ovr_nodata0_32633.tif');
    const [off] = await rows(`SELECT RS_ZonalStats('${f}', ST_MakeEnvelope(400000, 5190000, 401000, 5191000), 1, 'mean') AS v`);
    expect(off.v).toBeNull();
    const { box } = shapesOf('cog_deflate_u16_pred2_ovr_nodata0_32633.tif');
    await expect(rows(`SELECT RS_ZonalStats('${f}', ST_GeomFromText('${box}'), 2, 'mean')`)).rejects.toThrow(/RS_ZonalStats: row 0 \(.*cog_deflate.*\): band 2 does not exist: the raster has 1 band/);
  });
});
