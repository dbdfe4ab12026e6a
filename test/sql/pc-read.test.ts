/**
 * A Planetary Computer collection read days after it was built: rasteret_build stores its
 * hrefs unsigned, and read_chip signs them as it reads (src/io/pc-sas-reader.ts), taking
 * one token per container from the (local, fake) token endpoint.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/index.js';
import { lit, rows } from '../stac/helpers/sql.js';
import { startStacServer, type StacServer } from '../stac/helpers/stac-server-process.js';

let server: StacServer;
let con: DuckDBConnection;

beforeAll(async () => {
  server = await startStacServer({ items: 12, pageSize: 5 });
  // set before the first query starts the I/O worker, which takes the environment then
  process.env.RASTERDUCK_PC_SAS_URL = `${server.origin}/api/sas/v1/token`;
  process.env.RASTERDUCK_PC_SIGN_HOSTS = '^127\\.0\\.0\\.1$';
  con = await connect();
}, 60_000);
afterAll(async () => {
  delete process.env.RASTERDUCK_PC_SAS_URL;
  delete process.env.RASTERDUCK_PC_SIGN_HOSTS;
  server.close();
});

describe('read_chip over a Planetary Computer collection', () => {
  it('signs the stored unsigned hrefs as it reads them', async () => {
    await con.run(`CREATE TABLE pc AS SELECT * FROM rasteret_build('pc/sentinel-2-l2a', stac_api := ${lit(`${server.origin}/pc/v1`)}, bands := ['B04'], max_items := 3)`);
    const stored = await rows(con, 'SELECT B04_metadata.href AS href FROM pc');
    expect(stored.every((r) => !String(r.href).includes('sig='))).toBe(true);
    const before = await server.stats();
    const got = await rows(con, `WITH f AS (SELECT B04_metadata AS m, cog_footprint(B04_metadata) AS fp FROM pc),
      c AS (SELECT m, (ST_XMin(fp) + ST_XMax(fp)) / 2 AS x, (ST_YMin(fp) + ST_YMax(fp)) / 2 AS y FROM f)
      SELECT read_chip(m, ST_MakeEnvelope(x, y, x + 0.001, y + 0.001), 'EPSG:4326').width AS w FROM c`);
    expect(got.length).toBe(3);
    expect(got.every((r) => Number(r.w) > 0)).toBe(true);
    const after = await server.stats();
    expect(after.cogSigned - before.cogSigned).toBeGreaterThanOrEqual(3);
    expect(after.cogGet - before.cogGet).toBe(after.cogSigned - before.cogSigned);
  });
});
