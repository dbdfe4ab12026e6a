// read_chips and sample_points near scene edges: fields just inside each edge of a 200 km
// UTM scene at 65°N (curved top edge), of a polar stereographic scene holding the north
// pole, and of an Antarctic scene across the antimeridian get their row, with rasterio's
// chip; fields just outside get none. The collection's geometry is the four reprojected
// corners (what a naive footprint, or a STAC item's geometry, may be): matching must not
// depend on it. Scenes, fields and expected values come from GDAL and rasterio
// (scene_edges.py).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';

interface Chip {
  readonly shape: number[];
  readonly transform: number[];
  readonly values: number[];
  readonly valid: boolean[];
}
interface Field { readonly id: string; readonly scene: string; readonly crs: string; readonly wkt: string; readonly expected: Chip | null }
interface Point { readonly id: string; readonly scene: string; readonly crs: string; readonly x: number; readonly y: number; readonly expected: number[] | null }
interface Cases {
  readonly scenes: { id: string; path: string; corners_wkt: string }[];
  readonly fields: Field[];
  readonly points: Point[];
}

const SCRIPT = fileURLToPath(new URL('./scene_edges.py', import.meta.url));
let dir: string;
let cases: Cases;
let con: DuckDBConnection;
const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rasterduck-edges-'));
  execFileSync('/usr/bin/python3', ['-B', SCRIPT, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  cases = JSON.parse(readFileSync(path.join(dir, 'cases.json'), 'utf8')) as Cases;
  con = await connect();
  const scenes = cases.scenes.map((s) => `(${q(s.id)}, ${q(s.path)}, ${q(s.corners_wkt)})`).join(', ');
  await rows(`CREATE TABLE coll AS SELECT id, TIMESTAMPTZ '2024-06-01' AS datetime, cog_metadata(path) AS red_metadata, ST_GeomFromText(corners) AS geometry
              FROM (VALUES ${scenes}) t(id, path, corners)`);
  for (const crs of ['EPSG:4326', 'EPSG:3413']) {
    const name = crs.replace(':', '_');
    const fields = cases.fields.filter((f) => f.crs === crs).map((f) => `(${q(f.id)}, ST_GeomFromText(${q(f.wkt)}))`);
    await rows(`CREATE TABLE fields_${name} AS SELECT * FROM (VALUES ${fields.join(', ')}) t(field_id, geometry)`);
    const points = cases.points.filter((p) => p.crs === crs).map((p) => `(${q(p.id)}, ST_Point(${p.x}, ${p.y}))`);
    await rows(`CREATE TABLE points_${name} AS SELECT * FROM (VALUES ${points.join(', ')}) t(point_id, geometry)`);
  }
}, 120_000);

afterAll(() => {
  con?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The chips read_chips gives, by field id, for the fields given in `crs`. */
async function chipsOf(crs: string): Promise<Map<string, { scene: string; chip: Chip }>> {
  const got = await rows(`SELECT field_id, scene_id, red.height AS h, red.width AS w, red.transform AS t, chip_values(red) AS v, chip_mask(red) AS m
                          FROM read_chips('coll', 'fields_${crs.replace(':', '_')}', bands := ['red'], geometry_crs := ${q(crs)})`);
  return new Map(got.map((r) => [String(r.field_id), {
    scene: String(r.scene_id),
    chip: { shape: [1, Number(r.h), Number(r.w)], transform: r.t as number[], values: r.v as number[], valid: r.m as boolean[] },
  }]));
}

function expectRasterio(got: Map<string, { scene: string; chip: Chip }>, fields: Field[]): void {
  const expected = fields.filter((f) => f.expected);
  // every field inside gets exactly its scene's row; none outside gets one
  expect([...got.keys()].sort()).toEqual(expected.map((f) => f.id).sort());
  for (const f of expected) {
    const row = got.get(f.id);
    const e = f.expected as Chip;
    expect(row?.scene, f.id).toBe(f.scene);
    expect(row?.chip.shape, f.id).toEqual(e.shape);
    row?.chip.transform.forEach((v, i) => expect(Math.abs(v - e.transform[i]), `${f.id} transform[${i}]`).toBeLessThan(1e-6));
    expect(row?.chip.values, f.id).toEqual(e.values);
    expect(row?.chip.valid, f.id).toEqual(e.valid);
  }
}

describe('read_chips near scene edges', () => {
  it('gives every lon/lat field just inside an edge its chip, equal to rasterio.mask, and none just outside', async () => {
    const fields = cases.fields.filter((f) => f.crs === 'EPSG:4326');
    expect(fields.filter((f) => f.expected).length).toBe(36);
    expectRasterio(await chipsOf('EPSG:4326'), fields);
  });

  it('reads the pole and the polar edges from fields given in EPSG:3413', async () => {
    const polar = cases.fields.filter((f) => f.scene === 'nsidc_pole');
    await rows(`INSERT INTO fields_EPSG_3413 SELECT field_id || '-3413', ST_Transform(geometry, 'EPSG:4326', 'EPSG:3413', true)
                FROM fields_EPSG_4326 WHERE field_id LIKE 'nsidc_pole-%'`);
    const got = await chipsOf('EPSG:3413');
    const pole = polar.filter((f) => f.crs === 'EPSG:3413');
    expect(pole.map((f) => f.id)).toEqual(['nsidc_pole-pole']);
    expect(got.get('nsidc_pole-pole')?.chip.values).toEqual(pole[0].expected?.values);
    // the same edge fields, reprojected to the scene's CRS first: the same rows
    const ids = [...got.keys()].filter((id) => id.endsWith('-3413')).map((id) => id.slice(0, -5)).sort();
    expect(ids).toEqual(polar.filter((f) => f.expected && f.crs === 'EPSG:4326').map((f) => f.id).sort());
  });
});

describe('sample_points near scene edges', () => {
  it("gives every point just inside an edge rasterio's sample(), and none just outside", async () => {
    for (const crs of ['EPSG:4326', 'EPSG:3413']) {
      const got = await rows(`SELECT point_id, scene_id, red FROM sample_points('coll', 'points_${crs.replace(':', '_')}', bands := ['red'], geometry_crs := ${q(crs)})`);
      const expected = cases.points.filter((p) => p.crs === crs && p.expected);
      expect(got.map((r) => String(r.point_id)).sort(), crs).toEqual(expected.map((p) => p.id).sort());
      for (const p of expected) {
        const row = got.find((r) => r.point_id === p.id);
        expect([row?.scene_id, row?.red], p.id).toEqual([p.scene, p.expected]);
      }
    }
  });
});
