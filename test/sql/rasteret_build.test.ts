/**
 * rasteret_build over a real local STAC API (a child process) in front of GDAL-written
 * COGs: the contract's argument forms, column types, metadata equal to GDAL's, paging,
 * on_error, retries, malformed pages, and request counts. Expected ids come from the test
 * server's own search semantics (test/stac/helpers/search-eval.ts), metadata from GDAL.
 */
import type { DuckDBConnection, Json } from '@duckdb/node-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { runSyncAll } from '../../src/bridge/sync-bridge.js';
import { expectedCogs, stacFixturesDir, type AssetKind } from '../stac/fixtures/stac-fixtures.js';
import { evaluate, type Params } from '../stac/helpers/search-eval.js';
import { errorOf, lit, metadataDiffs, rows } from '../stac/helpers/sql.js';
import { startStacServer, type StacServer } from '../stac/helpers/stac-server-process.js';
import { makeItems } from '../stac/helpers/test-items.js';

// the bridge worker reads its retry policy when it starts: keep retries fast
process.env.RASTERDUCK_RETRY_BASE_MS = '1';

const N = 60;
const PAGE = 7;
const ITEMS = [...makeItems('sentinel-2-l2a', N), ...makeItems('sentinel-2-c1-l2a', 12)];
let server: StacServer;
let con: DuckDBConnection;
const gdal = expectedCogs(stacFixturesDir());

beforeAll(async () => {
  server = await startStacServer({ items: N, pageSize: PAGE });
  con = await connect();
});
afterAll(() => {
  con?.closeSync();
  server?.close();
});
beforeEach(async () => {
  await server.reset();
  // headers are cached per URL in the worker: each test counts its own requests
  runSyncAll('clearHeaderCache', null);
});

function build(api: string, args: string): string {
  return `rasteret_build(${lit(`${server.origin}/${api}/v1`)}, collection := 'sentinel-2-l2a', ${args})`;
}

function idsOf(params: Params): string[] {
  return evaluate(ITEMS, { collections: ['sentinel-2-l2a'], ...params }).map((i) => i.id);
}

describe('rasteret_build: the contract forms', () => {
  it('bbox + date_range: the ids the API returns, exact datetimes, metadata equal to GDAL', async () => {
    const sql = `SELECT id, epoch_us(datetime)::VARCHAR AS us, "eo:cloud_cover", "proj:epsg", "grid:code", "mgrs:utm_zone", red_metadata, scl_metadata
      FROM ${build('earth', "bbox := [-105.75, 39.05, -105.45, 39.35], date_range := ['2024-01-03', '2024-01-09'], bands := ['red', 'scl']")}`;
    const got = await rows(con, sql);
    const want = idsOf({ bbox: [-105.75, 39.05, -105.45, 39.35], datetime: '2024-01-03/2024-01-09' });
    expect(want.length).toBeGreaterThan(2);
    expect(got.map((r) => r.id)).toEqual(want);
    for (const r of got) {
      const item = ITEMS.find((i) => i.id === r.id)!;
      const dt = item.properties.datetime as string;
      expect(r.us, `${r.id} datetime ${dt}`).toBe(String(BigInt(Date.parse(dt.slice(0, 19) + 'Z')) * 1000n + BigInt(dt.slice(20, 26))));
      expect(r['eo:cloud_cover']).toBe(item.properties['eo:cloud_cover']);
      expect([r['proj:epsg'], r['grid:code'], r['mgrs:utm_zone']]).toEqual([32613, item.properties['grid:code'], 13]);
      expect(metadataDiffs(r.red_metadata, gdal.red), `${r.id} red`).toEqual([]);
      expect(metadataDiffs(r.scl_metadata, gdal.scl), `${r.id} scl`).toEqual([]);
      // the fields cog_metadata gained at the end reach {band}_metadata too (TIFF codes 8 and 50000)
      const red = r.red_metadata as Record<string, Json>;
      expect([red.compression_name, red.band_descriptions], `${r.id} red`).toEqual([({ 8: 'deflate', 50000: 'zstd' } as Record<number, string>)[gdal.red.compression], [null]]);
    }
  });

  it('types the columns: DOUBLE cloud cover even when whole, INTEGER codes, JSON lists, TIMESTAMPTZ', async () => {
    const described = await rows(con, `DESCRIBE SELECT * FROM ${build('earth', "max_items := 6, bands := ['red']")}`);
    const types = Object.fromEntries(described.map((r) => [r.column_name, r.column_type]));
    expect(types).toMatchObject({
      id: 'VARCHAR', datetime: 'TIMESTAMP WITH TIME ZONE', geometry: 'GEOMETRY', 'eo:cloud_cover': 'DOUBLE', 'proj:epsg': 'INTEGER',
      'mgrs:utm_zone': 'INTEGER', 'grid:code': 'VARCHAR', platform: 'VARCHAR', instruments: 'JSON', 'earthsearch:boa_offset_applied': 'BOOLEAN',
      year: 'INTEGER', month: 'INTEGER', collection: 'VARCHAR', bbox: 'STRUCT(xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE)',
      assets: 'STRUCT(red STRUCT(href VARCHAR, band_index INTEGER))',
    });
    expect(String(types.red_metadata)).toMatch(/^STRUCT\(image_width INTEGER, image_height INTEGER, tile_width INTEGER, tile_height INTEGER, dtype VARCHAR, "?transform"? DOUBLE\[\]/);
    // DESCRIBE binds only: the search ran, no header was read
    expect((await server.stats()).cogGet).toBe(0);
  });

  it('query as a struct literal, on token paging', async () => {
    const got = await rows(con, `SELECT id, "eo:cloud_cover" FROM ${build('pc', "query := {'eo:cloud_cover': {'lt': 20}}, bands := ['nir']")}`);
    expect(got.map((r) => r.id)).toEqual(idsOf({ query: { 'eo:cloud_cover': { lt: 20 } } }));
    expect(got.every((r) => (r['eo:cloud_cover'] as number) < 20)).toBe(true);
  });

  it('intersects as ST_GeomFromText: the exact geometry, not its bbox', async () => {
    const ring = [[-105.95, 39.05], [-105.55, 39.05], [-105.95, 39.45], [-105.95, 39.05]];
    const wkt = `POLYGON ((${ring.map((p) => p.join(' ')).join(', ')}))`;
    const got = await rows(con, `SELECT id FROM ${build('pc', `intersects := ST_GeomFromText(${lit(wkt)}), bands := ['red']`)}`);
    const want = idsOf({ intersects: { type: 'Polygon', coordinates: [ring] } });
    expect(got.map((r) => r.id)).toEqual(want);
    expect(want.length).toBeLessThan(idsOf({ bbox: [-105.95, 39.05, -105.55, 39.45] }).length);
  });

  it('ids with one that does not exist, and max_items over pages', async () => {
    const some = idsOf({}).slice(5, 9);
    const byId = await rows(con, `SELECT id FROM ${build('earth', `ids := [${[...some.slice(0, 2), 'S2X_NOPE', ...some.slice(2)].map(lit).join(', ')}], bands := ['scl']`)}`);
    expect(byId.map((r) => r.id).sort()).toEqual([...some].sort());
    await server.reset();
    const first = await rows(con, `SELECT id FROM ${build('earth', "max_items := 9, bands := ['red', 'nir']")}`);
    expect(first.map((r) => r.id)).toEqual(idsOf({}).slice(0, 9));
    const stats = await server.stats();
    expect(stats.search).toBe(2);
    expect(stats.cogGet).toBe(18);
  });

  it('sortby and filter (CQL2-JSON text) go to the API', async () => {
    const filter = '{"op": "<", "args": [{"property": "eo:cloud_cover"}, 30]}';
    const got = await rows(con, `SELECT id FROM ${build('earth', `filter := ${lit(filter)}, sortby := '+eo:cloud_cover', max_items := 10`)}`);
    const want = evaluate(ITEMS, { collections: ['sentinel-2-l2a'], filter: JSON.parse(filter), sortby: [{ field: 'eo:cloud_cover', direction: 'asc' }] });
    expect(got.map((r) => r.id)).toEqual(want.slice(0, 10).map((i) => i.id));
  });
});

describe('rasteret_build: failures', () => {
  const missing = () => idsOf({})[2];

  it("on_error := 'fail' (the default) names the item, the band and the file", async () => {
    await server.faults({ missingCogs: [missing()] });
    const message = await errorOf(con, `SELECT id FROM ${build('earth', "max_items := 5, bands := ['red']")}`);
    expect(message).toContain(`rasteret_build`);
    expect(message).toContain(`item '${missing()}' band 'red'`);
    expect(message).toContain(`/cogs/sentinel-2-l2a/${missing()}/red.tif`);
    expect(message).toMatch(/404/);
    expect(message).toMatch(/on_error/);
  });

  it("on_error := 'skip' drops the item, 'null' keeps it with NULL metadata", async () => {
    await server.faults({ missingCogs: [missing()] });
    const skipped = await rows(con, `SELECT id FROM ${build('earth', "max_items := 5, bands := ['red'], on_error := 'skip'")}`);
    expect(skipped.map((r) => r.id)).toEqual(idsOf({}).slice(0, 5).filter((id) => id !== missing()));
    const kept = await rows(con, `SELECT id, red_metadata IS NULL AS none FROM ${build('earth', "max_items := 5, bands := ['red'], on_error := 'null'")}`);
    expect(kept.map((r) => [r.id, r.none])).toEqual(idsOf({}).slice(0, 5).map((id) => [id, id === missing()]));
  });

  it('retries a search that fails transiently', async () => {
    await server.faults({ search503: 2 });
    const got = await rows(con, `SELECT id FROM ${build('pc', "bands := ['scl']")}`);
    expect(got.map((r) => r.id)).toEqual(idsOf({}));
    expect((await server.stats()).search).toBe(Math.ceil(N / PAGE) + 2);
  });

  it('names the page that is not JSON', async () => {
    await server.faults({ malformedPaged: true });
    const message = await errorOf(con, `SELECT id FROM ${build('pc', "bands := ['red']")}`);
    expect(message).toMatch(/rasteret_build.*search page 2 is not valid JSON/);
    expect(message).toContain(`${server.origin}/pc/v1/search`);
  });

  it('refuses bad arguments before any request', async () => {
    const cases: [string, RegExp][] = [
      ["bbox := [1.0, 2.0, 3.0], bands := ['red']", /bbox must be 4 numbers/],
      ["bbox := [1.0, 50.0, 3.0, 40.0]", /south below north/],
      ["on_error := 'ignore'", /on_error must be 'fail', 'skip' or 'null'/],
      ["date_range := ['2024-13-45', '2024-01-01']", /date_range value '2024-13-45'/],
      ["max_items := 0", /max_items must be a positive integer/],
      ["bands := ['red', 'red']", /band 'red' is given twice/],
      ["query := '{not json'", /query is not valid JSON/],
    ];
    for (const [args, pattern] of cases) expect(await errorOf(con, `SELECT * FROM ${build('earth', args)}`), args).toMatch(pattern);
    expect((await server.stats()).search).toBe(0);
    expect(await errorOf(con, `SELECT * FROM ${build('earth', "bands := ['B99']")}`)).toMatch(/no item has an asset 'B99'.*red/);
  });
});

describe('rasteret_build: a 1,000-item build', () => {
  it('pages once per page and reads about one request per header, never the unrequested assets', async () => {
    const big = await startStacServer({ items: 1000, pageSize: 100 });
    try {
      const got = await rows(con, `SELECT count(*) AS n, count(red_metadata) AS m FROM rasteret_build(${lit(`${big.origin}/earth/v1`)}, collection := 'sentinel-2-l2a', bands := ['red'], page_size := 1000)`);
      expect(got[0]).toEqual({ n: '1000', m: '1000' });
      const stats = await big.stats();
      expect(stats.search).toBe(10);
      expect(Object.keys(stats.cogPaths).length).toBe(1000);
      expect(stats.cogGet + stats.cogHead).toBe(1000);
      expect(Object.keys(stats.cogPaths).every((p) => p.endsWith('/red.tif'))).toBe(true);
    } finally {
      big.close();
    }
  });
});

export type { AssetKind };
