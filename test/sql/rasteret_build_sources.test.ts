/**
 * rasteret_build from every kind of source: a catalog dataset (band names mapped to asset
 * keys, Planetary Computer signing against a fake token endpoint), newline-delimited
 * items, a static catalog with relative links, an ItemCollection over HTTP, and a
 * stac-geoparquet file, with the search filters applied locally where no API can.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { runSyncAll } from '../../src/bridge/sync-bridge.js';
import { expectedCogs, stacFixturesDir } from '../stac/fixtures/stac-fixtures.js';
import { evaluate } from '../stac/helpers/search-eval.js';
import { errorOf, lit, metadataDiffs, rows } from '../stac/helpers/sql.js';
import { startStacServer, type StacServer } from '../stac/helpers/stac-server-process.js';
import { makeItems, type TestItem } from '../stac/helpers/test-items.js';

const N = 30;
let server: StacServer;
let con: DuckDBConnection;
let dir: string;
const cogs = stacFixturesDir();
const gdal = expectedCogs(cogs);

/** Items as the server serves them: asset hrefs absolute. */
function servedItems(): TestItem[] {
  return makeItems('sentinel-2-l2a', N).map((item) => {
    const copy = structuredClone(item);
    for (const a of Object.values(copy.assets)) a.href = `${server.origin}${String(a.href)}`;
    return copy;
  });
}

beforeAll(async () => {
  server = await startStacServer({ items: N, pageSize: 7 });
  con = await connect();
  dir = mkdtempSync(join(tmpdir(), 'rasterduck-stac-sources-'));
});
afterAll(() => {
  con?.closeSync();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await server.reset();
  runSyncAll('clearHeaderCache', null);
});

describe('catalog datasets', () => {
  it('maps band names to asset keys and names columns after the bands', async () => {
    const got = await rows(con, `SELECT id, collection, assets.B04.href AS href, B04_metadata FROM rasteret_build('earthsearch/sentinel-2-l2a',
      stac_api := ${lit(`${server.origin}/earth/v1`)}, bands := ['B04'], max_items := 3)`);
    expect(got.length).toBe(3);
    for (const r of got) {
      expect(r.collection).toBe('sentinel-2-l2a');
      expect(String(r.href)).toMatch(/\/red\.tif$/);
      expect(metadataDiffs(r.B04_metadata, gdal.red)).toEqual([]);
    }
    expect(await errorOf(con, `SELECT * FROM rasteret_build('earthsearch/sentinel-2-l2a', bands := ['B13'])`)).toMatch(/has no band 'B13'.*B01, B02/);
  });

  it('signs Planetary Computer hrefs with one SAS token per collection, and stores them unsigned', async () => {
    process.env.RASTERDUCK_PC_SAS_URL = `${server.origin}/api/sas/v1/token`;
    process.env.RASTERDUCK_PC_SIGN_HOSTS = '^127\\.0\\.0\\.1$';
    try {
      const got = await rows(con, `SELECT assets.B04.href AS href, B04_metadata FROM rasteret_build('pc/sentinel-2-l2a',
        stac_api := ${lit(`${server.origin}/pc/v1`)}, bands := ['B04'], max_items := 5)`);
      expect(got.length).toBe(5);
      expect(got.every((r) => !String(r.href).includes('sig='))).toBe(true);
      expect(metadataDiffs(got[0].B04_metadata, gdal.red)).toEqual([]);
      const stats = await server.stats();
      expect(stats.tokens).toBe(1);
      expect(stats.cogSigned).toBe(5);
    } finally {
      delete process.env.RASTERDUCK_PC_SAS_URL;
      delete process.env.RASTERDUCK_PC_SIGN_HOSTS;
    }
  });

  it('lists at least 12 datasets with band maps and access rules', async () => {
    const got = await rows(con, `SELECT id, len(bands) AS n, access FROM rasteret_catalog() ORDER BY id`);
    expect(got.length).toBeGreaterThanOrEqual(12);
    const ids = got.map((r) => r.id);
    for (const id of ['aef/v1-annual', 'earthsearch/sentinel-2-l2a', 'earthsearch/landsat-c2-l2', 'earthsearch/naip', 'earthsearch/cop-dem-glo-30',
      'earthsearch/cop-dem-glo-90', 'pc/sentinel-2-l2a', 'pc/io-lulc-annual-v02', 'pc/alos-dem', 'pc/nasadem', 'pc/esa-worldcover', 'pc/usda-cdl']) {
      expect(ids).toContain(id);
    }
    expect(got.every((r) => Number(r.n) >= 1)).toBe(true);
    expect(got.find((r) => r.id === 'pc/nasadem')?.access).toBe('planetary-computer-sas');
  });
});

describe('static STAC', () => {
  it('newline-delimited items: filters applied locally, headers read', async () => {
    const file = join(dir, 'items.ndjson');
    writeFileSync(file, servedItems().map((i) => JSON.stringify(i)).join('\n') + '\n');
    const bbox = [-105.75, 39.05, -105.45, 39.35];
    const got = await rows(con, `SELECT id, red_metadata FROM rasteret_build(${lit(file)}, bbox := [${bbox.join(', ')}], bands := ['red'])`);
    const want = evaluate(makeItems('sentinel-2-l2a', N), { bbox }).map((i) => i.id);
    expect(got.map((r) => r.id).sort()).toEqual([...want].sort());
    expect(metadataDiffs(got[0].red_metadata, gdal.red)).toEqual([]);
    const sorted = await rows(con, `SELECT id FROM rasteret_build(${lit(file)}, sortby := '-eo:cloud_cover', max_items := 4)`);
    const byCloud = makeItems('sentinel-2-l2a', N).sort((a, b) => (b.properties['eo:cloud_cover'] as number) - (a.properties['eo:cloud_cover'] as number));
    expect(sorted.map((r) => r.id)).toEqual(byCloud.slice(0, 4).map((i) => i.id));
  });

  it('keeps the first spelling of properties that differ only in case (DuckDB names are case-insensitive)', async () => {
    const file = join(dir, 'cases.ndjson');
    const [a, b] = servedItems();
    const lines = [{ ...a, properties: { ...a.properties, Platform: 'X' } }, { ...b, properties: { ...b.properties, platform: 'y' } }];
    writeFileSync(file, lines.map((i) => JSON.stringify(i)).join('\n'));
    const described = await rows(con, `DESCRIBE SELECT * FROM rasteret_build(${lit(file)})`);
    expect(described.filter((r) => String(r.column_name).toLowerCase() === 'platform').map((r) => r.column_name)).toEqual(['platform']);
  });

  it('names the line of newline-delimited items that is not JSON', async () => {
    const file = join(dir, 'broken.ndjson');
    writeFileSync(file, `${JSON.stringify(servedItems()[0])}\n{"id": "x", "type": \n`);
    const message = await errorOf(con, `SELECT * FROM rasteret_build(${lit(file)})`);
    expect(message).toMatch(/rasteret_build.*line 2 is not valid JSON/);
    expect(message).toContain(file);
  });

  it('a catalog walked through child and item links, relative hrefs resolved', async () => {
    const root = join(dir, 'catalog');
    const items = makeItems('sentinel-2-l2a', 4);
    mkdirSync(join(root, 'cogs'), { recursive: true });
    for (const a of ['red', 'scl']) copyFileSync(join(cogs, `${a}.tif`), join(root, 'cogs', `${a}.tif`));
    writeFileSync(join(root, 'catalog.json'), JSON.stringify({ type: 'Catalog', id: 'root', stac_version: '1.0.0', description: 'x', links: [{ rel: 'child', href: './s2/collection.json' }] }));
    mkdirSync(join(root, 's2'), { recursive: true });
    writeFileSync(join(root, 's2', 'collection.json'), JSON.stringify({ type: 'Collection', id: 's2-local', stac_version: '1.0.0', links: items.map((i) => ({ rel: 'item', href: `./${i.id}/${i.id}.json` })) }));
    for (const item of items) {
      mkdirSync(join(root, 's2', item.id), { recursive: true });
      const local = { ...item, collection: undefined, assets: { red: { href: '../../cogs/red.tif' }, scl: { href: '../../cogs/scl.tif' } } };
      writeFileSync(join(root, 's2', item.id, `${item.id}.json`), JSON.stringify(local));
    }
    const got = await rows(con, `SELECT id, collection, assets.red.href AS href, red_metadata, scl_metadata FROM rasteret_build(${lit(join(root, 'catalog.json'))}, bands := ['red', 'scl'])`);
    expect(got.map((r) => r.id)).toEqual(items.map((i) => i.id));
    expect(got.every((r) => r.collection === 's2-local' && r.href === join(root, 'cogs', 'red.tif'))).toBe(true);
    expect(metadataDiffs(got[0].red_metadata, gdal.red)).toEqual([]);
    expect(metadataDiffs(got[0].scl_metadata, gdal.scl)).toEqual([]);
  });

  it('an ItemCollection over HTTP, its next link followed', async () => {
    const got = await rows(con, `SELECT id, scl_metadata FROM rasteret_build(${lit(`${server.origin}/static/items.json`)}, bands := ['scl'])`);
    expect(got.map((r) => r.id)).toEqual(makeItems('sentinel-2-c1-l2a', 12).map((i) => i.id));
    expect(metadataDiffs(got[11].scl_metadata, gdal.scl)).toEqual([]);
  });

  it('a stac-geoparquet file, filtered locally', async () => {
    const file = join(dir, 'items.parquet');
    const values = servedItems().map((i) => `(${lit(i.id)}, ${lit(JSON.stringify(i.geometry))}, ${lit(String(i.properties.datetime))}, ${i.properties['eo:cloud_cover']}, ${lit(String(i.assets.red.href))})`);
    await con.run(`COPY (SELECT id, 'sentinel-2-l2a' AS collection, ST_GeomFromGeoJSON(g) AS geometry, dt::TIMESTAMPTZ AS datetime, cc AS "eo:cloud_cover",
      {'red': {'href': href, 'type': 'image/tiff'}} AS assets FROM (VALUES ${values.join(', ')}) v(id, g, dt, cc, href)) TO ${lit(file)} (FORMAT parquet)`);
    const got = await rows(con, `SELECT id, epoch_us(datetime)::VARCHAR AS us, red_metadata FROM rasteret_build(${lit(file)}, query := {'eo:cloud_cover': {'lt': 30}}, bands := ['red'])`);
    const want = makeItems('sentinel-2-l2a', N).filter((i) => (i.properties['eo:cloud_cover'] as number) < 30);
    expect(got.map((r) => r.id)).toEqual(want.map((i) => i.id));
    const dt = String(want[0].properties.datetime);
    expect(got[0].us).toBe(String(BigInt(Date.parse(dt.slice(0, 19) + 'Z')) * 1000n + BigInt(dt.slice(20, 26))));
    expect(metadataDiffs(got[0].red_metadata, gdal.red)).toEqual([]);
  });

  it('says which sources it accepts', async () => {
    expect(await errorOf(con, `SELECT * FROM rasteret_build('sentinel-2-l2a')`)).toMatch(/not a catalog dataset.*Did you mean 'earthsearch\/sentinel-2-l2a', 'pc\/sentinel-2-l2a'/);
  });
});
