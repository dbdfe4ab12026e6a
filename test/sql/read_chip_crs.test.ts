/**
 * read_chip with a lon/lat geometry on rasters in 44 CRSs (test/geo/crs_matrix.py: EPSG codes
 * across projection families and datums, and PROJ strings GDAL writes as user-defined
 * GeoKeys) equals rasterio.mask.mask with the geometry transformed by
 * rasterio.warp.transform_geom; cog_metadata's crs_epsg equals rasterio's to_epsg(). CRSs
 * whose transforms proj4js cannot reproduce are refused with the reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';

interface Expected {
  readonly file: string;
  readonly crs: string;
  readonly epsg: number | null;
  readonly wkt: string;
  readonly shape: [number, number, number];
  readonly transform: number[];
  readonly values: number[];
  readonly mask: boolean[];
}

const script = fileURLToPath(new URL('../geo/crs_matrix.py', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'rd-crs-matrix-'));
execFileSync('/usr/bin/python3', [script, dir], { stdio: ['ignore', 'ignore', 'inherit'] });
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, Expected>;

/** What proj4js cannot do as GDAL does here, and the reason the refusal must give. */
const REFUSED: Readonly<Record<string, RegExp>> = {
  // Krovak: proj4js's series differs from PROJ's by up to 13 m
  krovak_5514: /EPSG:5514 .*cannot be transformed exactly: proj4js differs from GDAL by/,
  // DHDN: PROJ applies the BETA2007 NTv2 grid installed with proj-data
  tm_31467_grid: /EPSG:31467 .*cannot be transformed exactly: PROJ shifts its datum with the grid/,
  // NAD27: PROJ applies the conus grid
  geo_4267_nad27: /EPSG:4267 .*cannot be transformed exactly/,
};

let con: DuckDBConnection;
beforeAll(async () => {
  con = await connect();
});
afterAll(() => {
  con?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

describe('read_chip(file, lon/lat geometry, EPSG:4326) equals rasterio on 44 CRSs', () => {
  it.each(Object.keys(expected))('%s', async (name) => {
    const e = expected[name];
    const sql = `SELECT chip.bands, chip.height, chip.width, chip.transform, chip_values(chip) AS v, chip_mask(chip) AS m
      FROM (SELECT read_chip(${sqlText(e.file)}, ST_GeomFromText(${sqlText(e.wkt)}), 'EPSG:4326') AS chip)`;
    const run = con.runAndReadAll(sql).then((r) => r.getRowObjectsJS());
    if (REFUSED[name]) {
      await expect(run).rejects.toThrow(REFUSED[name]);
      return;
    }
    const [r] = await run;
    expect([r.bands, r.height, r.width]).toEqual(e.shape);
    const transform = r.transform as number[];
    transform.forEach((v, i) => expect(Math.abs(v - e.transform[i]), `transform[${i}]`).toBeLessThanOrEqual(1e-9 * Math.abs(e.transform[0])));
    expect(r.m).toEqual(e.mask);
    expect(r.v).toEqual(e.values);
  });
});

describe("cog_metadata names the CRS as rasterio's to_epsg() does, with WKT always", () => {
  it.each(Object.keys(expected))('%s', async (name) => {
    const e = expected[name];
    const [r] = (await con.runAndReadAll(`SELECT m.crs_epsg AS epsg, m.crs_wkt AS wkt FROM (SELECT cog_metadata(${sqlText(e.file)}) AS m)`)).getRowObjectsJS();
    expect(r.epsg ?? null, `${name} (${e.crs})`).toBe(e.epsg);
    expect(r.wkt, name).toMatch(/^(PROJCS|GEOGCS)\[/);
  });
});
