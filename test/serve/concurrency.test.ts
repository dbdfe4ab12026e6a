// Many sessions at once, a large streamed result, and cancel: queries here do not call
// rasterduck's I/O functions, so they do not depend on the I/O bridge's thread use.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve/server.js';
import { pgConfig, python, serve } from './serve-fixture.js';

let server: RunningServer;
beforeAll(async () => {
  server = await serve(':memory:');
});
afterAll(() => server?.close());

describe('concurrent sessions', () => {
  it('serves 16 clients at once, 12 queries each, with no lost or mixed rows', async () => {
    const CLIENTS = 16;
    const ROUNDS = 12;
    const results = await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      const c = new pg.Client(pgConfig(server));
      await c.connect();
      const seen: string[] = [];
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const n = 500 + 97 * client + 31 * round;
          // each session keeps its own temp table too: sessions must not see each other's
          await c.query(`CREATE OR REPLACE TEMP TABLE mine AS SELECT ${client} AS who`);
          const r = await c.query('SELECT (SELECT who FROM mine) AS who, i, i * $1::BIGINT AS product FROM range($2::BIGINT) t(i) ORDER BY i', [client + 1, n]);
          const ok = r.rows.length === n && r.rows.every((row: { who: number; i: string; product: string }, i: number) => row.who === client && Number(row.i) === i && Number(row.product) === i * (client + 1));
          seen.push(ok ? 'ok' : `client ${client} round ${round}: ${r.rows.length} rows, first ${JSON.stringify(r.rows[0])}`);
        }
      } finally {
        await c.end();
      }
      return seen;
    }));
    expect(results.flat().filter((s) => s !== 'ok')).toEqual([]);
    expect(results.flat().length).toBe(CLIENTS * ROUNDS);
  });

  it('streams a 300,000-row result to node-postgres', async () => {
    const c = new pg.Client(pgConfig(server));
    await c.connect();
    try {
      const r = await c.query("SELECT i, 'field_' || i AS name, i / 7.0 AS ratio FROM range(300000) t(i)");
      expect(r.rowCount).toBe(300_000);
      const sum = r.rows.reduce((s: number, row: { i: string }) => s + Number(row.i), 0);
      expect(sum).toBe((299_999 * 300_000) / 2);
      // i / 7.0 is a DOUBLE in DuckDB: float8, which node-postgres parses to a number
      expect(r.rows[123_456]).toEqual({ i: '123456', name: 'field_123456', ratio: 123_456 / 7 });
    } finally {
      await c.end();
    }
  });
});

describe('cancel', () => {
  it('cancels a running query from psycopg2 (CancelRequest -> interrupt) and the session goes on', async () => {
    const r = await python(server, `
import psycopg2, threading, time
c = psycopg2.connect()
c.autocommit = True
cur = c.cursor()
threading.Timer(0.5, c.cancel).start()
t0 = time.time()
try:
    cur.execute("SELECT count(*) FROM range(1000000000000) a(i), range(10) b(j) WHERE hash(i + j) = 0")
    print('finished')
except psycopg2.Error as e:
    print(e.pgcode, e.pgerror.splitlines()[0])
cur.execute("SELECT 41 + 1"); print(cur.fetchone()[0])
`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('57014 ERROR:  canceling statement due to user request\n42\n');
  });

  it('ignores a CancelRequest with the wrong key', async () => {
    const c = new pg.Client(pgConfig(server));
    await c.connect();
    const key = c as unknown as { processID: number; secretKey: number };
    const { RawClient, serialize } = await import('./raw-client.js');
    const raw = await RawClient.open(server.port);
    raw.send(serialize.cancel(key.processID, (key.secretKey + 1) | 0));
    expect(await raw.closedWithin(5_000)).toBe(true);
    expect((await c.query('SELECT count(*) AS n FROM range(3000000) t(i) WHERE i % 3 = 0')).rows).toEqual([{ n: '1000000' }]);
    await c.end();
  });
});
