/**
 * Export and reload: a collection built from the local STAC API is written as GeoParquet
 * 1.1 (writeCollection and the SQL recipe), its `geo` metadata checked against the
 * GeoParquet 1.1 schema's rules, and rasteret_load gives back identical rows and headers.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, writeCollection } from '../../src/index.js';
import { geoParquetViolations } from '../stac/helpers/geoparquet-schema.js';
import { errorOf, lit, rows } from '../stac/helpers/sql.js';
import { startStacServer, type StacServer } from '../stac/helpers/stac-server-process.js';

let server: StacServer;
let con: DuckDBConnection;
let dir: string;
/** Columns compared after a round trip, as text, so any change of value or type shows. */
const COMPARED = `id, CAST(datetime AS VARCHAR) AS datetime, ST_AsText(geometry) AS geometry, CAST(bbox AS VARCHAR) AS bbox, year, month,
  "eo:cloud_cover", "proj:epsg", "grid:code", CAST(instruments AS VARCHAR) AS instruments, crs, CAST(assets AS VARCHAR) AS assets,
  to_json(red_metadata)::VARCHAR AS red, to_json(scl_metadata)::VARCHAR AS scl`;

beforeAll(async () => {
  server = await startStacServer({ items: 40, pageSize: 10 });
  con = await connect();
  dir = mkdtempSync(join(tmpdir(), 'rasterduck-write-'));
  // 40 passes 6 h apart all fall in January: copy 5 of them into February for a second partition
  await con.run(`CREATE TABLE scenes AS SELECT * FROM rasteret_build(${lit(`${server.origin}/earth/v1`)}, collection := 'sentinel-2-l2a', bands := ['red', 'scl'])`);
  await con.run(`INSERT INTO scenes SELECT * REPLACE (id || '_feb' AS id, datetime + INTERVAL 31 DAY AS datetime, 2 AS month) FROM scenes LIMIT 5`);
});
afterAll(() => {
  con?.closeSync();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function geoOf(file: string): Promise<unknown[]> {
  const kv = await rows(con, `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${lit(file)})`);
  return kv.filter((r) => r.k === 'geo').map((r) => JSON.parse(String(r.v)));
}

describe('writeCollection', () => {
  it('writes GeoParquet 1.1 partitioned by year and month, zstd, one valid geo key per file', async () => {
    const target = join(dir, 'collection');
    const result = await writeCollection(con, 'scenes', target);
    expect(result.rows).toBe(45);
    expect(result.files.map((f) => f.split('/').slice(0, 2).join('/'))).toEqual(expect.arrayContaining(['year=2024/month=1', 'year=2024/month=2']));
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    for (const f of result.files) {
      const file = join(target, f);
      const geo = await geoOf(file);
      expect(geo.length, `${f}: exactly one geo key`).toBe(1);
      const columns = (await rows(con, `SELECT name FROM parquet_schema(${lit(file)})`)).map((r) => String(r.name));
      expect(geoParquetViolations(geo[0], columns), f).toEqual([]);
      expect(geo[0]).toMatchObject({ version: '1.1.0', primary_column: 'geometry', columns: { geometry: { encoding: 'WKB', geometry_types: ['Polygon'] } } });
      expect((geo[0] as { columns: { geometry: object } }).columns.geometry).not.toHaveProperty('crs');
      const schema = await rows(con, `SELECT type, logical_type FROM parquet_schema(${lit(file)}) WHERE name = 'geometry'`);
      expect(schema[0]).toEqual({ type: 'BYTE_ARRAY', logical_type: null });
      const codecs = await rows(con, `SELECT DISTINCT compression FROM parquet_metadata(${lit(file)})`);
      expect(codecs.map((r) => r.compression)).toEqual(['ZSTD']);
    }
  });

  it("the geo bbox covers every row's bbox, which is the footprint's bounds", async () => {
    const target = join(dir, 'collection');
    const [geo] = (await geoOf(join(target, (await writeCollection(con, 'scenes', target, { overwrite: true })).files[0]))) as { columns: { geometry: { bbox: number[] } } }[];
    const extent = await rows(con, `SELECT min(ST_XMin(geometry)) AS x0, min(ST_YMin(geometry)) AS y0, max(ST_XMax(geometry)) AS x1, max(ST_YMax(geometry)) AS y1,
      bool_and(bbox.xmin = ST_XMin(geometry) AND bbox.ymax = ST_YMax(geometry)) AS same FROM scenes`);
    expect(geo.columns.geometry.bbox).toEqual([extent[0].x0, extent[0].y0, extent[0].x1, extent[0].y1]);
    expect(extent[0].same).toBe(true);
  });

  it('rasteret_load gives back the same rows, properties and headers', async () => {
    const target = join(dir, 'reload');
    await writeCollection(con, 'scenes', target);
    const before = await rows(con, `SELECT ${COMPARED} FROM scenes ORDER BY id`);
    const after = await rows(con, `SELECT ${COMPARED} FROM rasteret_load(${lit(target)}) ORDER BY id`);
    expect(after).toEqual(before);
    const types = Object.fromEntries((await rows(con, `DESCRIBE FROM rasteret_load(${lit(target)})`)).map((r) => [r.column_name, r.column_type]));
    const built = Object.fromEntries((await rows(con, 'DESCRIBE scenes')).map((r) => [r.column_name, r.column_type]));
    expect(types).toEqual(built);
  });

  it('gives identical chips from the reloaded collection, with no header request', async () => {
    const target = join(dir, 'chips');
    await writeCollection(con, 'scenes', target);
    // a box inside each scene's red band, a fifth of the way in, in the scene's own CRS
    const chipSql = (from: string) => `SELECT id, md5(chip.data) AS data, md5(chip.mask) AS mask, chip.transform AS t FROM (
      SELECT id, read_chip(red_metadata, ST_MakeEnvelope(
        red_metadata.transform[2] + red_metadata.transform[1] * red_metadata.image_width * 0.2,
        red_metadata.transform[4] + red_metadata.transform[3] * red_metadata.image_height * 0.3,
        red_metadata.transform[2] + red_metadata.transform[1] * red_metadata.image_width * 0.3,
        red_metadata.transform[4] + red_metadata.transform[3] * red_metadata.image_height * 0.2)) AS chip
      FROM ${from}) ORDER BY id`;
    const before = await rows(con, chipSql('scenes'));
    const requests = async () => Number((await rows(con, "SELECT requests FROM rasterduck_io_stats() WHERE scheme = 'total'"))[0].requests);
    const start = await requests();
    const after = await rows(con, chipSql(`rasteret_load(${lit(target)})`));
    expect(after).toEqual(before);
    expect(before.length).toBe(45);
    // only tile reads: one coalesced request per row at most (rows of one COG in one chunk
    // share it); a header read-ahead per COG would add 40 more
    expect((await requests()) - start).toBeLessThanOrEqual(before.length);
  });

  it('refuses to replace a collection unless told, and leaves nothing behind when a write fails', async () => {
    const target = join(dir, 'collection');
    expect(await writeCollection(con, 'scenes', target).catch((e: Error) => e.message)).toMatch(/already exists.*overwrite/);
    const failed = join(dir, 'failed');
    const message = await writeCollection(con, 'SELECT id, geometry, bbox, year, month, error(\'boom\') AS x FROM scenes', failed).catch((e: Error) => e.message);
    expect(message).toMatch(/boom/);
    expect(existsSync(failed)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
    expect(await writeCollection(con, 'SELECT id FROM scenes', join(dir, 'x')).catch((e: Error) => e.message)).toMatch(/lacks column\(s\) geometry, bbox, year, month/);
  });
});

describe('the SQL recipe', () => {
  it('SET VARIABLE + COPY + rasteret_load round-trips, with the same geo metadata as writeCollection', async () => {
    const target = join(dir, 'recipe');
    await con.run(`SET VARIABLE geo = (SELECT rasteret_geo_metadata(geometry, bbox) FROM scenes)`);
    await con.run(`COPY (FROM rasteret_export('scenes')) TO ${lit(target)} (FORMAT parquet, PARTITION_BY (year, month), COMPRESSION zstd, GEOPARQUET_VERSION 'NONE', KV_METADATA {geo: getvariable('geo')})`);
    const got = await rows(con, `SELECT count(*) AS n, count(red_metadata) AS m FROM rasteret_load(${lit(target)})`);
    expect(got[0]).toEqual({ n: '45', m: '45' });
    const files = (await rows(con, `SELECT file FROM glob(${lit(`${target}/**/*.parquet`)})`)).map((r) => String(r.file));
    const [geo] = await geoOf(files[0]);
    expect(geoParquetViolations(geo, ['geometry', 'bbox'])).toEqual([]);
  });

  it('rasteret_geo_metadata names every geometry type present', async () => {
    const got = await rows(con, `SELECT rasteret_geo_metadata(g, {'xmin': 0.0, 'ymin': 0.0, 'xmax': 1.0, 'ymax': 1.0}) AS geo FROM
      (VALUES ('POINT Z (1 2 3)'::GEOMETRY), (ST_GeomFromText('MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))')), (ST_GeomFromText('POINT (1 1)'))) v(g)`);
    expect(JSON.parse(String(got[0].geo)).columns.geometry.geometry_types).toEqual(['MultiPolygon', 'Point', 'Point Z']);
    expect(await errorOf(con, `SELECT * FROM rasteret_load(${lit(join(dir, 'nothing-here'))})`)).toMatch(/No files found/);
  });
});
