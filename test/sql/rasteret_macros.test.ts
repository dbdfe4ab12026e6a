/**
 * The collection macros: rasteret_split (checked against md5 computed here), spatial block
 * splits, the least cloudy scene per tile and period, and rasteret_build_from_table over
 * GDAL-written COGs with each on_error mode.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { expectedCogs, stacFixturesDir } from '../stac/fixtures/stac-fixtures.js';
import { errorOf, lit, metadataDiffs, rows } from '../stac/helpers/sql.js';

let con: DuckDBConnection;
const cogs = stacFixturesDir();
const gdal = expectedCogs(cogs);

beforeAll(async () => {
  con = await connect();
});
afterAll(() => con?.closeSync());

/** The split rasteret_split must give: md5('<seed>:<key>'), first 52 bits as a fraction. */
function splitOf(key: string, seed: number, train: number, val: number): string {
  const u = parseInt(createHash('md5').update(`${seed}:${key}`).digest('hex').slice(0, 13), 16) / 2 ** 52;
  return u < train ? 'train' : u < train + val ? 'val' : 'test';
}

describe('rasteret_split', () => {
  it('assigns by md5 of seed and key, so anyone can reproduce it', async () => {
    const got = await rows(con, `SELECT 'scene_' || i AS k, rasteret_split('scene_' || i, seed := 42, train := 0.7, val := 0.2) AS s FROM range(2000) t(i) ORDER BY i`);
    expect(got.map((r) => r.s)).toEqual(got.map((r) => splitOf(String(r.k), 42, 0.7, 0.2)));
    const counts = Object.fromEntries(['train', 'val', 'test'].map((s) => [s, got.filter((r) => r.s === s).length]));
    expect(counts.train).toBeGreaterThan(1300);
    expect(counts.val).toBeGreaterThan(330);
    expect(counts.test).toBeGreaterThan(150);
    expect(await errorOf(con, `SELECT rasteret_split('a', train := 0.9, val := 0.2)`)).toMatch(/train \+ val <= 1/);
  });

  it('keeps a spatial block together: every scene of a cell gets the cell\'s split', async () => {
    const got = await rows(con, `SELECT rasteret_block(g, block_size := 0.5) AS block, rasteret_block_split(g, block_size := 0.5, seed := 3) AS split
      FROM (SELECT ST_MakeEnvelope(x, y, x + 0.1, y + 0.1) AS g FROM range(0, 40) a(i), LATERAL (SELECT -106 + (i % 20) * 0.1 AS x, 39 + (i // 20) * 0.6 AS y))`);
    const byBlock = new Map<string, Set<unknown>>();
    for (const r of got) byBlock.set(String(r.block), (byBlock.get(String(r.block)) ?? new Set()).add(r.split));
    expect([...byBlock.values()].every((s) => s.size === 1)).toBe(true);
    expect(byBlock.size).toBeGreaterThan(4);
    for (const [block, splits] of byBlock) expect([...splits][0]).toBe(splitOf(block, 3, 0.8, 0.1));
    // the cell of a box is the cell of its centre: (-105.95 + -105.85) / 2 / 0.5 -> -212, 39.05 / 0.5 -> 78
    expect((await rows(con, `SELECT rasteret_block(ST_MakeEnvelope(-106.0, 39.0, -105.9, 39.1), block_size := 0.5) AS b`))[0].b).toBe('-212_78');
  });
});

describe('rasteret_least_cloudy', () => {
  it('keeps the least cloudy scene per tile and month (ties: earliest)', async () => {
    await con.run(`CREATE OR REPLACE TABLE lc AS SELECT * FROM (VALUES
      ('a', 'MGRS-13TDE', 10.0, TIMESTAMPTZ '2024-01-05 17:00:00+00'), ('b', 'MGRS-13TDE', 5.0, TIMESTAMPTZ '2024-01-20 17:00:00+00'),
      ('c', 'MGRS-13TEE', 50.0, TIMESTAMPTZ '2024-01-05 17:00:00+00'), ('d', 'MGRS-13TDE', 1.0, TIMESTAMPTZ '2024-02-05 17:00:00+00'),
      ('e', 'MGRS-13TDE', 1.0, TIMESTAMPTZ '2024-02-01 17:00:00+00'), ('f', 'MGRS-13TEE', NULL, TIMESTAMPTZ '2024-01-06 17:00:00+00'),
      ('g', 'MGRS-13TDE', 0.5, TIMESTAMPTZ '2024-01-31 23:30:00-02:00')) v(id, "grid:code", "eo:cloud_cover", datetime)`);
    const monthly = await rows(con, `SELECT id FROM rasteret_least_cloudy('lc') ORDER BY id`);
    // g is 2024-02-01 01:30 UTC: February, where it beats d and e
    expect(monthly.map((r) => r.id)).toEqual(['b', 'c', 'g']);
    const yearly = await rows(con, `SELECT id FROM rasteret_least_cloudy('lc', period := 'year') ORDER BY id`);
    expect(yearly.map((r) => r.id)).toEqual(['c', 'g']);
  });
});

describe('rasteret_build_from_table', () => {
  it('adds bbox, year, month and a metadata struct per href column; on_error decides about a missing file', async () => {
    const missing = join(cogs, 'missing.tif');
    await con.run(`CREATE OR REPLACE TABLE my_scenes AS SELECT id, dt::TIMESTAMPTZ AS datetime, ST_GeomFromText(g) AS geometry, red_href, scl_href, label FROM (VALUES
      ('s1', '2024-05-01T10:00:00Z', 'POLYGON ((-105.3 40.0, -105.2 40.0, -105.2 40.1, -105.3 40.0))', ${lit(join(cogs, 'red.tif'))}, ${lit(join(cogs, 'scl.tif'))}, 'wheat'),
      ('s2', '2024-06-30T23:30:00-02:00', 'POLYGON ((-105.3 40.0, -105.1 40.0, -105.1 40.2, -105.3 40.0))', ${lit(missing)}, ${lit(join(cogs, 'scl.tif'))}, 'corn')
    ) v(id, dt, g, red_href, scl_href, label)`);
    const kept = await rows(con, `SELECT id, year, month, bbox, label, red_metadata, scl_metadata FROM rasteret_build_from_table('my_scenes', on_error := 'null') ORDER BY id`);
    expect(kept.map((r) => [r.id, r.year, r.month, r.label])).toEqual([['s1', 2024, 5, 'wheat'], ['s2', 2024, 7, 'corn']]);
    expect(kept[1].bbox).toEqual({ xmin: -105.3, ymin: 40.0, xmax: -105.1, ymax: 40.2 });
    expect(metadataDiffs(kept[0].red_metadata, gdal.red)).toEqual([]);
    expect(metadataDiffs(kept[1].scl_metadata, gdal.scl)).toEqual([]);
    expect(kept[1].red_metadata).toBeNull();
    const skipped = await rows(con, `SELECT id FROM rasteret_build_from_table('my_scenes', on_error := 'skip')`);
    expect(skipped.map((r) => r.id)).toEqual(['s1']);
    expect(await errorOf(con, `SELECT red_metadata FROM rasteret_build_from_table('my_scenes')`)).toMatch(/cog_metadata.*missing\.tif.*not found/);
    expect(await errorOf(con, `SELECT * FROM rasteret_build_from_table('my_scenes', on_error := 'maybe')`)).toMatch(/on_error must be 'fail', 'skip' or 'null'/);
  });
});
