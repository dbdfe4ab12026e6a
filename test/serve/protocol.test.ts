// The wire protocol message by message, through pg-protocol's own client-side serializer
// and parser: row limits on Execute, Describe, named statements and portals, malformed
// frames, the session limit, start-up checks. None of these queries uses the I/O bridge.
import type { BackendMessage, DataRowMessage, DatabaseError, ParameterDescriptionMessage, RowDescriptionMessage, CommandCompleteMessage } from 'pg-protocol/dist/messages.js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve/server.js';
import { startServer } from '../../src/serve/server.js';
import { RawClient, serialize } from './raw-client.js';
import { pgConfig, serve } from './serve-fixture.js';

let trust: RunningServer;
const login = { user: 'anyone', database: 'memory' };
const named = (n: string) => (m: BackendMessage): boolean => m.name === n;
const rows = (ms: BackendMessage[]): unknown[][] => ms.filter(named('dataRow')).map((m) => (m as DataRowMessage).fields);

beforeAll(async () => {
  trust = await startServer({ database: ':memory:', host: '127.0.0.1', port: 0, credentials: { method: 'trust' }, readonly: false, maxSessions: 64, queryTimeoutMs: 0, geometry: 'wkb' });
});
afterAll(() => trust?.close());

describe('extended protocol', () => {
  it('suspends a portal at the Execute row limit and resumes it where it stopped', async () => {
    const c = await RawClient.open(trust.port, login);
    c.send(serialize.parse({ name: 'counting', text: 'SELECT i FROM range(10) t(i) WHERE i >= $1 ORDER BY i' }), serialize.bind({ portal: 'p1', statement: 'counting', values: ['3'] }),
      serialize.describe({ type: 'P', name: 'p1' }), serialize.execute({ portal: 'p1', rows: 4 }), serialize.sync());
    const first = await c.until(named('readyForQuery'));
    expect(first.map((m) => m.name)).toEqual(['parseComplete', 'bindComplete', 'rowDescription', 'dataRow', 'dataRow', 'dataRow', 'dataRow', 'portalSuspended', 'readyForQuery']);
    expect(rows(first)).toEqual([['3'], ['4'], ['5'], ['6']]);
    expect((first[2] as RowDescriptionMessage).fields.map((f) => [f.name, f.dataTypeID])).toEqual([['i', 20]]);
    c.send(serialize.execute({ portal: 'p1', rows: 0 }), serialize.sync());
    const rest = await c.until(named('readyForQuery'));
    expect(rows(rest)).toEqual([['7'], ['8'], ['9']]);
    // the tag counts the rows of this Execute (Postgres' PortalRunSelect)
    expect((rest.find(named('commandComplete')) as CommandCompleteMessage).text).toBe('SELECT 3');
    c.end();
  });

  it('keeps two suspended portals apart on one connection (the first is read ahead when the second runs)', async () => {
    const c = await RawClient.open(trust.port, login);
    c.send(serialize.parse({ text: 'SELECT i FROM range(5000) t(i) ORDER BY i' }), serialize.bind({ portal: 'a' }), serialize.execute({ portal: 'a', rows: 2 }),
      serialize.parse({ text: "SELECT 'b' || i FROM range(3) t(i) ORDER BY i" }), serialize.bind({ portal: 'b' }), serialize.execute({ portal: 'b', rows: 1 }),
      serialize.execute({ portal: 'a', rows: 2 }), serialize.execute({ portal: 'b', rows: 5 }), serialize.sync());
    const got = await c.until(named('readyForQuery'));
    expect(rows(got)).toEqual([['0'], ['1'], ['b0'], ['2'], ['3'], ['b1'], ['b2']]);
    c.end();
  });

  it('describes a statement: parameter types and result columns before binding', async () => {
    const c = await RawClient.open(trust.port, login);
    c.send(serialize.parse({ name: 's', text: 'SELECT $1::INTEGER + 1 AS n, $2::VARCHAR AS s, $3::DOUBLE AS d' }), serialize.describe({ type: 'S', name: 's' }), serialize.sync());
    const got = await c.until(named('readyForQuery'));
    expect((got.find(named('parameterDescription')) as ParameterDescriptionMessage).dataTypeIDs).toEqual([23, 25, 701]);
    expect((got.find(named('rowDescription')) as RowDescriptionMessage).fields.map((f) => [f.name, f.dataTypeID])).toEqual([['n', 23], ['s', 25], ['d', 701]]);
    c.end();
  });

  it('skips to Sync after an error, then serves the next statement', async () => {
    const c = await RawClient.open(trust.port, login);
    c.send(serialize.parse({ text: 'SELEC 1' }), serialize.bind({}), serialize.execute({}), serialize.sync(),
      serialize.parse({ text: 'SELECT 42' }), serialize.bind({}), serialize.execute({}), serialize.sync());
    const failed = await c.until(named('readyForQuery'));
    expect(failed.map((m) => m.name)).toEqual(['error', 'readyForQuery']);
    expect((failed[0] as DatabaseError).code).toBe('42601');
    const ok = await c.until(named('readyForQuery'));
    expect(rows(ok)).toEqual([['42']]);
    c.end();
  });
});

describe('malformed input', () => {
  it('closes only the session that sent a bad frame, with 08P01; others keep being served', async () => {
    const other = new pg.Client({ ...pgConfig(trust), user: 'anyone' });
    await other.connect();
    const bad = await RawClient.open(trust.port, login);
    // a message type that does not exist, then a Bind whose parameter count runs past its end
    bad.send(Buffer.from([0x7a, 0, 0, 0, 8, 1, 2, 3, 4]));
    const got = await bad.until(named('error'));
    expect((got.at(-1) as DatabaseError).code).toBe('08P01');
    expect(await bad.closedWithin(5_000)).toBe(true);
    const truncated = await RawClient.open(trust.port, login);
    // Bind: empty portal and statement names, then a count of 5 parameter formats with none there
    truncated.send(Buffer.from([0x42, 0, 0, 0, 8, 0, 0, 0, 5]));
    expect(((await truncated.until(named('error'))).at(-1) as DatabaseError).message).toContain('invalid message format');
    expect(await truncated.closedWithin(5_000)).toBe(true);
    // garbage instead of a start-up packet
    const garbage = await RawClient.open(trust.port);
    garbage.send(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await garbage.closedWithin(5_000)).toBe(true);
    expect((await other.query('SELECT 1 + 1 AS two')).rows).toEqual([{ two: 2 }]);
    await other.end();
  });

  it('refuses a session past the limit with 53300 and takes it again once one leaves', async () => {
    const limited = await startServer({ database: ':memory:', host: '127.0.0.1', port: 0, credentials: { method: 'trust' }, readonly: false, maxSessions: 3, queryTimeoutMs: 0, geometry: 'wkb' });
    const held = await Promise.all([1, 2, 3].map(() => RawClient.open(limited.port, login)));
    const fourth = await RawClient.open(limited.port);
    fourth.send(serialize.startup(login));
    expect(((await fourth.until(named('error'))).at(-1) as DatabaseError).code).toBe('53300');
    held[0].end();
    await new Promise((r) => setTimeout(r, 200));
    const again = await RawClient.open(limited.port, login);
    expect(again.closed).toBe(false);
    for (const c of [...held.slice(1), again, fourth]) c.end();
    await limited.close();
  });
});

describe('start-up and safety', () => {
  it('refuses to listen beyond loopback without a password', async () => {
    await expect(startServer({ database: ':memory:', host: '0.0.0.0', port: 0, credentials: { method: 'trust' }, readonly: false, maxSessions: 1, queryTimeoutMs: 0, geometry: 'wkb' }))
      .rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without a password/);
  });

  it('sends the client parameters and BackendKeyData at start-up', async () => {
    const c = await RawClient.open(trust.port);
    c.send(serialize.startup(login));
    const got = await c.until(named('readyForQuery'));
    const status = Object.fromEntries(got.filter(named('parameterStatus')).map((m) => [(m as unknown as { parameterName: string }).parameterName, (m as unknown as { parameterValue: string }).parameterValue]));
    expect(status).toMatchObject({ server_version: '15.0 (rasterduck)', server_encoding: 'UTF8', client_encoding: 'UTF8', DateStyle: 'ISO, MDY', integer_datetimes: 'on', standard_conforming_strings: 'on' });
    expect(got.some(named('backendKeyData'))).toBe(true);
    c.end();
  });

  it('interrupts a statement past --query-timeout with 57014, and the session goes on', async () => {
    const timed = await serve(':memory:', { queryTimeoutMs: 300 });
    const c = new pg.Client(pgConfig(timed));
    await c.connect();
    try {
      await expect(c.query('SELECT count(*) FROM range(1000000000000) a(i), range(10) b(j) WHERE hash(i + j) = 0')).rejects.toMatchObject({ code: '57014', message: expect.stringContaining('statement timeout') });
      expect((await c.query('SELECT 7 AS seven')).rows).toEqual([{ seven: 7 }]);
    } finally {
      await c.end();
      await timed.close();
    }
  });

  it('opens a database read-only with --readonly: DuckDB refuses writes', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-ro-')), 'ro.duckdb');
    const rw = await serve(file);
    const w = new pg.Client(pgConfig(rw));
    await w.connect();
    await w.query('CREATE TABLE t AS SELECT 1 AS a');
    await w.end();
    await rw.close();
    const ro = await serve(file, { readonly: true });
    const c = new pg.Client(pgConfig(ro));
    await c.connect();
    try {
      expect((await c.query('SELECT a FROM t')).rows).toEqual([{ a: 1 }]);
      await expect(c.query('INSERT INTO t VALUES (2)')).rejects.toThrow(/read-only/);
    } finally {
      await c.end();
      await ro.close();
    }
  });
});
