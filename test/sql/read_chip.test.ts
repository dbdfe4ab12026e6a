/**
 * read_chip, sample_point and read_chips through SQL, over HTTP from a real server in a
 * child process: values against rasterio run in the same test, the no-header-request path,
 * geometry forms, and every failure a user meets (404 on one row, transient 503s, a server
 * that dies mid-wave, a corrupt tile, a file cut short) as a clear error naming the href.
 */
// fast retries, so failure tests end quickly; the bridge worker reads these at start
process.env.RASTERDUCK_RETRY_BASE_MS = '10';
process.env.RASTERDUCK_MAX_ATTEMPTS = '3';
// these tests count the requests of cold reads and rewrite files between reads: no decoded-block cache
process.env.RASTERDUCK_BLOCK_CACHE_MB = '0';

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { fixturePath } from '../fixtures/fixtures.js';
import { startFaultyServer, type FaultyServer } from '../helpers/faulty-server-process.js';

const COG = 'cog_deflate_u16_pred2_ovr_nodata0_32633.tif';
const RGB = 'packbits_i16_rgb_band_nodata-9999_3035.tif';
let dir: string;
let server: FaultyServer;
let con: DuckDBConnection;

const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();
const url = (name: string) => `${server.origin}/${name}`;

/** rasterio's answer for a WKT geometry on a file: mask.mask(crop=True, filled=True) plus the valid mask. */
function rasterioChip(file: string, wkt: string): { shape: number[]; transform: number[]; values: number[]; valid: boolean[] } {
  const py = `
import json, sys, numpy as np, rasterio, rasterio.mask
from osgeo import ogr
g = json.loads(ogr.CreateGeometryFromWkt(sys.argv[2]).ExportToJson())
with rasterio.open(sys.argv[1]) as src:
    out, t = rasterio.mask.mask(src, [g], crop=True, filled=True)
    m, _, win = rasterio.mask.raster_geometry_mask(src, [g], crop=True)
    valid = (~m[None, :, :]) & src.read_masks(window=win).astype(bool)
print(json.dumps({"shape": list(out.shape), "transform": list(t)[:6], "values": out.astype(float).ravel().tolist(), "valid": valid.ravel().tolist()}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, file, wkt], { encoding: 'utf8' }));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-chip-sql-'));
  for (const f of [COG, RGB, 'truncated_data.tif']) copyFileSync(fixturePath(f), path.join(dir, f));
  copyFileSync(fixturePath(COG), path.join(dir, 'corrupt.tif'));
  server = await startFaultyServer(dir);
  con = await connect();
});

afterAll(() => server?.close());

/** A box in the COG's CRS (EPSG:32633), about 30x20 pixels, off the pixel grid. */
async function boxOf(name: string, dx = 0.31, dy = 0.27, w = 30, h = 20): Promise<string> {
  const [m] = await rows(`SELECT cog_metadata('${fixturePath(name)}') AS m`);
  const t = (m.m as { transform: number[] }).transform;
  const x0 = t[1] + t[0] * (100 + dx);
  const y0 = t[3] + t[2] * (120 + dy);
  const x1 = x0 + t[0] * w;
  const y1 = y0 + t[2] * h;
  return `POLYGON ((${x0} ${y0}, ${x1} ${y0}, ${x1} ${y1}, ${x0} ${y1}, ${x0} ${y0}))`;
}

describe('read_chip in SQL over HTTP', () => {
  it('equals rasterio.mask.mask on a COG and on a band-interleaved 3-band file', async () => {
    for (const name of [COG, RGB]) {
      const wkt = await boxOf(name);
      const expected = rasterioChip(fixturePath(name), wkt);
      const [r] = await rows(`SELECT chip.bands, chip.height, chip.width, chip.transform, chip_values(chip) AS v, chip_mask(chip) AS m
        FROM (SELECT read_chip('${url(name)}', ST_GeomFromText('${wkt}')) AS chip)`);
      expect([r.bands, r.height, r.width], name).toEqual(expected.shape);
      expect(r.transform, name).toEqual(expected.transform);
      expect(r.v, name).toEqual(expected.values);
      expect(r.m, name).toEqual(expected.valid);
    }
  });

  it('reads from cached metadata with no header request, identical to reading by URL', async () => {
    const wkt = await boxOf(COG);
    await rows(`CREATE OR REPLACE TABLE idx AS SELECT cog_metadata('${url(COG)}') AS meta`);
    const before = (await server.stats()).requests;
    const [a] = await rows(`SELECT chip_values(read_chip(meta, ST_GeomFromText('${wkt}'))) AS v FROM idx`);
    const used = (await server.stats()).requests - before;
    const [b] = await rows(`SELECT chip_values(read_chip('${url(COG)}', '${wkt}')) AS v`);
    expect(a.v).toEqual(b.v);
    expect(used).toBe(1); // the tiles under the box, coalesced into one range request
  });

  it('takes GEOMETRY, WKT, GeoJSON and WKB, and lon/lat with a geometry CRS', async () => {
    const wkt = await boxOf(COG);
    const [r] = await rows(`WITH g AS (SELECT ST_GeomFromText('${wkt}') AS geom)
      SELECT chip_values(read_chip('${url(COG)}', geom)) = chip_values(read_chip('${url(COG)}', ST_AsText(geom))) AS wkt,
             chip_values(read_chip('${url(COG)}', geom)) = chip_values(read_chip('${url(COG)}', ST_AsGeoJSON(geom))) AS geojson,
             chip_values(read_chip('${url(COG)}', geom)) = chip_values(read_chip('${url(COG)}', ST_AsWKB(geom))) AS wkb,
             read_chip('${url(COG)}', ST_Transform(geom, 'EPSG:32633', 'EPSG:4326', true), 'EPSG:4326').width > 0 AS lonlat
      FROM g`);
    expect(r).toEqual({ wkt: true, geojson: true, wkb: true, lonlat: true });
  });

  it('reads a GEOMETRYCOLLECTION of polygons as rasterio.mask.mask reads the MULTIPOLYGON of its polygons', async () => {
    const [m] = await rows(`SELECT cog_metadata('${fixturePath(COG)}') AS m`);
    const t = (m.m as { transform: number[] }).transform;
    const ring = (pts: [number, number][]) => `(${[...pts, pts[0]].map(([c, r]) => `${t[1] + t[0] * c} ${t[3] + t[2] * r}`).join(', ')})`;
    const box = (c0: number, r0: number, c1: number, r1: number) => ring([[c0, r0], [c1, r0], [c1, r1], [c0, r1]]);
    const a = `(${box(100.3, 120.6, 118.7, 131.2)})`;
    const b = `(${box(130.2, 110.4, 151.9, 128.8)}, ${box(136.5, 115.5, 144.5, 121.5)})`; // with a hole
    const c = `(${ring([[104.1, 136.2], [121.8, 141.7], [109.9, 149.3]])})`;
    // polygons at the top level, inside a MULTIPOLYGON and inside a nested collection
    const gc = `GEOMETRYCOLLECTION (POLYGON ${a}, MULTIPOLYGON (${b}), GEOMETRYCOLLECTION (POLYGON ${c}))`;
    const multi = `MULTIPOLYGON (${a}, ${b}, ${c})`;
    const expected = rasterioChip(fixturePath(COG), multi);
    // rasterio's rasterize burns the collection exactly as the multipolygon (its 1.3.5 window for
    // a collection is wrong: bounds() skips the transform, so mask() says it misses the raster)
    const py = `
import json, sys, numpy as np
from osgeo import ogr
from rasterio.features import geometry_mask
from affine import Affine
gc, mp = (json.loads(ogr.CreateGeometryFromWkt(w).ExportToJson()) for w in sys.argv[1:3])
t = Affine(*json.loads(sys.argv[3]))
h, w = json.loads(sys.argv[4])
print(json.dumps(bool((geometry_mask([gc], (h, w), t) == geometry_mask([mp], (h, w), t)).all())))
`;
    const sameBurn = execFileSync('/usr/bin/python3', ['-c', py, gc, multi, JSON.stringify(expected.transform), JSON.stringify(expected.shape.slice(1))], { encoding: 'utf8' });
    expect(JSON.parse(sameBurn)).toBe(true);
    const [r] = await rows(`SELECT chip.bands, chip.height, chip.width, chip.transform, chip_values(chip) AS v, chip_mask(chip) AS m
      FROM (SELECT read_chip('${url(COG)}', ST_GeomFromText('${gc}')) AS chip)`);
    expect([r.bands, r.height, r.width]).toEqual(expected.shape);
    expect(r.transform).toEqual(expected.transform);
    expect(r.v).toEqual(expected.values);
    expect(r.m).toEqual(expected.valid);
  });

  it('refuses a GEOMETRYCOLLECTION with a line in it, naming the member and what to do with functions that exist', async () => {
    const wkt = await boxOf(COG);
    const [x, y] = /\(\(([-\d.e]+) ([-\d.e]+)/.exec(wkt)!.slice(1).map(Number);
    const gc = `GEOMETRYCOLLECTION (${wkt}, LINESTRING (${x} ${y}, ${x + 100} ${y - 100}))`;
    const error = await rows(`SELECT read_chip('${url(COG)}', ST_GeomFromText('${gc}')) AS chip`).then(() => '', (e: Error) => e.message);
    expect(error).toMatch(/read_chip: row 0 \(http:\/\/127\.0\.0\.1:\d+\/cog_[^)]+\.tif\): GEOMETRYCOLLECTION member 2 is a LINESTRING/);
    // every function the message suggests is registered
    const named = [...new Set(error.match(/\b(ST_\w+|read_chip\w*)\(/g)?.map((f) => f.slice(0, -1)) ?? [])];
    expect(named.length).toBeGreaterThan(0);
    const known = await rows(`SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_name IN (${named.map((n) => `'${n}'`).join(', ')})`);
    expect(known.map((k) => k.function_name).sort()).toEqual(named.sort());
  });

  it('gives NULL for a geometry off the raster and for NULL inputs', async () => {
    // a box in the raster's CRS (EPSG:32633) west of the image; (0, 0, 1, 1) would read as lon/lat and fail (test/sql/errors.test.ts)
    const [r] = await rows(`SELECT read_chip('${url(COG)}', ST_MakeEnvelope(400000, 5190000, 401000, 5191000)) IS NULL AS off, read_chip('${url(COG)}', NULL::GEOMETRY) IS NULL AS nul`);
    expect(r).toEqual({ off: true, nul: true });
  });

  it('names the row and href of a 404, and TRY gives NULL for that row only', async () => {
    const wkt = await boxOf(COG);
    await server.setFaults({ status: { 'missing.tif': 404 } });
    const sql = (f: string) => `SELECT name, ${f} AS c FROM (VALUES ('${COG}'), ('missing.tif')) t(name), LATERAL (SELECT read_chip('${server.origin}/' || name, '${wkt}') AS chip) ORDER BY name`;
    await expect(rows(sql('chip.width'))).rejects.toThrow(/read_chip: row \d+ \(http:\/\/127\.0\.0\.1:\d+\/missing\.tif\).*404/);
    const ok = await rows(`SELECT name, TRY(read_chip('${server.origin}/' || name, '${wkt}')).width AS w FROM (VALUES ('${COG}'), ('missing.tif')) t(name) ORDER BY name`);
    expect(ok.map((r) => r.w === null)).toEqual([false, true]);
  });

  it('retries transient 503s and counts the retries', async () => {
    const wkt = await boxOf(RGB);
    await rows('SELECT * FROM rasterduck_io_stats(reset := true)');
    await server.setFaults({ failFirst: { [RGB]: 2 } });
    const [r] = await rows(`SELECT read_chip('${url(RGB)}?fresh', '${wkt}').width AS w`);
    expect(r.w).toBe(31); // 30 px offset by a fraction of a pixel touch 31 columns, as in rasterio
    const [s] = await rows("SELECT retries FROM rasterduck_io_stats() WHERE scheme = 'total'");
    expect(Number(s.retries)).toBeGreaterThanOrEqual(2);
  });

  it('fails with a clear error, not a hang, when the server dies mid-wave', async () => {
    await server.setFaults({ resetAfter: 1 });
    const boxes = await Promise.all([0, 1, 2, 3].map((i) => boxOf(COG, 0.3, 0.3 + i * 200, 30, 20)));
    await expect(rows(`SELECT read_chip('${url(COG)}?midwave', wkt).width FROM (VALUES ${boxes.map((b) => `('${b}')`).join(', ')}) t(wkt)`))
      .rejects.toThrow(/read_chip: row \d+ \(http:\/\/127\.0\.0\.1:\d+\/cog_deflate[^)]*\).*(3 attempts|failed)/);
    await server.setFaults({});
  });

  it('refuses a corrupt tile naming the href; chips elsewhere in the file still read', async () => {
    const [m] = await rows(`SELECT cog_metadata('${path.join(dir, 'corrupt.tif')}') AS m`);
    const meta = m.m as { tile_offsets: bigint[]; tile_byte_counts: bigint[]; transform: number[] };
    const fd = openSync(path.join(dir, 'corrupt.tif'), 'r+');
    writeSync(fd, Buffer.alloc(Number(meta.tile_byte_counts[0]), 0x5a), 0, Number(meta.tile_byte_counts[0]), Number(meta.tile_offsets[0]));
    closeSync(fd);
    const t = meta.transform;
    const inTile0 = `POLYGON ((${t[1] + 10 * t[0]} ${t[3] + 10 * t[2]}, ${t[1] + 40 * t[0]} ${t[3] + 10 * t[2]}, ${t[1] + 40 * t[0]} ${t[3] + 40 * t[2]}, ${t[1] + 10 * t[0]} ${t[3] + 10 * t[2]}))`;
    await expect(rows(`SELECT read_chip('${url('corrupt.tif')}', '${inTile0}').width`)).rejects.toThrow(/read_chip: row 0 \(http:[^)]*corrupt\.tif\).*corrupt/);
    const [ok] = await rows(`SELECT read_chip('${url('corrupt.tif')}', '${await boxOf(COG, 0.3, 700.3)}').width AS w`);
    expect(ok.w).toBe(31);
  });

  it('refuses a tile cut short by a truncated file, naming the href', async () => {
    const [m] = await rows(`SELECT cog_metadata('${fixturePath('truncated_data.tif')}') AS m`);
    const meta = m.m as { transform: number[]; image_width: number; image_height: number };
    const t = meta.transform;
    const [w, h] = [meta.image_width, meta.image_height];
    const whole = `POLYGON ((${t[1]} ${t[3]}, ${t[1] + w * t[0]} ${t[3]}, ${t[1] + w * t[0]} ${t[3] + h * t[2]}, ${t[1]} ${t[3] + h * t[2]}, ${t[1]} ${t[3]}))`;
    await expect(rows(`SELECT read_chip('${url('truncated_data.tif')}', '${whole}').width`)).rejects.toThrow(/truncated_data\.tif\).*(cut short|truncated)/);
  });
});

describe('sample_point', () => {
  it("equals rasterio's sample() at random points, and is NULL off the raster", async () => {
    for (const name of [COG, RGB]) {
      const [m] = await rows(`SELECT cog_metadata('${fixturePath(name)}') AS m`);
      const meta = m.m as { transform: number[]; image_width: number; image_height: number };
      const t = meta.transform;
      const pts = Array.from({ length: 25 }, (_, i) => [t[1] + t[0] * ((i * 37.37) % meta.image_width), t[3] + t[2] * ((i * 53.91) % meta.image_height)]);
      const py = 'import json,sys,rasterio\nwith rasterio.open(sys.argv[1]) as s: print(json.dumps([v.astype(float).tolist() for v in s.sample(json.loads(sys.argv[2]))]))';
      const expected = JSON.parse(execFileSync('/usr/bin/python3', ['-c', py, fixturePath(name), JSON.stringify(pts)], { encoding: 'utf8' }));
      const got = await rows(`SELECT sample_point('${url(name)}', ST_Point(x, y)) AS v FROM (VALUES ${pts.map(([x, y], i) => `(${i}, ${x}, ${y})`).join(', ')}) t(i, x, y) ORDER BY i`);
      expect(got.map((r) => r.v), name).toEqual(expected);
    }
    const [off] = await rows(`SELECT sample_point('${url(COG)}', ST_Point(0, 0)) AS v`);
    expect(off.v).toBeNull();
  });
});

describe('read_chips', () => {
  it('joins labelled geometries with the scenes they hit, one chip column per band, labels kept', async () => {
    const box = await boxOf(COG);
    await rows(`CREATE OR REPLACE TABLE coll AS SELECT 's1' AS id, TIMESTAMPTZ '2024-05-01' AS datetime, m AS red_metadata, m AS nir_metadata, cog_footprint(m) AS geometry
                FROM (SELECT cog_metadata('${url(COG)}') AS m)`);
    await rows(`CREATE OR REPLACE TABLE labels AS
                SELECT 7 AS field_id, 'wheat' AS crop, ST_Transform(ST_GeomFromText('${box}'), 'EPSG:32633', 'EPSG:4326', true) AS geometry
                UNION ALL SELECT 8, 'far away', ST_Point(-120, 40)`);
    const out = await rows("SELECT field_id, crop, scene_id, red.width AS rw, nir.width AS nw FROM read_chips('coll', 'labels', bands := ['red', 'nir'])");
    expect(out).toEqual([{ field_id: 7, crop: 'wheat', scene_id: 's1', rw: expect.any(Number), nw: expect.any(Number) }]);
    expect(out[0].rw).toBe(out[0].nw);
  });
});
