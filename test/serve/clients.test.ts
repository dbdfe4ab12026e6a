// The server driven by real clients: psql (Debian's postgresql-client), psycopg2 (Debian's
// python3-psycopg2) and node-postgres. Expected values are written by hand from Postgres'
// documented text and binary formats, never taken from the server.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve/server.js';
import { PASSWORD, pgConfig, psql, python, run, serve } from './serve-fixture.js';

let server: RunningServer;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-serve-'));
  server = await serve(path.join(dir, 'fields.duckdb'));
  const c = new pg.Client(pgConfig(server));
  await c.connect();
  await c.query(`CREATE TABLE crops AS SELECT * FROM (VALUES (1, 'wheat', 0.61), (2, 'maize', 0.25), (3, 'grass, "wet"', NULL)) t(field_id, crop, ndvi)`);
  await c.end();
});
afterAll(() => server?.close());

describe('psql', () => {
  it('connects to the database named after the file, with SCRAM, and runs several statements in one query', async () => {
    expect(server.database).toBe('fields');
    const r = await psql(server, 'SELECT field_id, crop FROM crops ORDER BY field_id; SELECT 1 + 1 AS two');
    expect(r.stderr).toBe('');
    // psql 15 prints every result of a multi-statement -c
    expect(r.stdout).toBe('1|wheat\n2|maize\n3|grass, "wet"\n2\n');
    const all = await psql(server, 'SELECT field_id, crop, ndvi FROM crops ORDER BY field_id');
    expect(all.stdout).toBe('1|wheat|0.61\n2|maize|0.25\n3|grass, "wet"|\n');
  });

  it('gets an ErrorResponse with the SQLSTATE and DuckDB message, and the session goes on', async () => {
    const r = await psql(server, 'SELECT * FROM no_such_table', ['-v', 'VERBOSITY=verbose']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('ERROR:  42P01: Catalog Error: Table with name no_such_table does not exist!');
    const after = await psql(server, 'SELECT count(*) FROM crops');
    expect(after.stdout).toBe('3\n');
  });

  it('is refused with a bad password (28P01) and a database that is not served (3D000)', async () => {
    const bad = await psql(server, 'SELECT 1', [], 'wrong');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('password authentication failed for user "geo"');
    const other = await psql({ ...server, database: 'postgres' }, 'SELECT 1');
    expect(other.stderr).toContain('database "postgres" does not exist');
  });

  it('sends GEOMETRY as WKB bytea, or EWKT text after SET rasterduck.geometry_format', async () => {
    // WKB of POINT (1 2): little-endian, type 1, then the two doubles
    expect((await psql(server, "SELECT 'POINT (1 2)'::GEOMETRY")).stdout).toBe('\\x0101000000000000000000f03f0000000000000040\n');
    const r = await psql(server, "SET rasterduck.geometry_format = 'ewkt'; SELECT ST_SetCRS('POINT (1 2)'::GEOMETRY, 'EPSG:4326'), 'LINESTRING (0 0, 1 1)'::GEOMETRY");
    expect(r.stdout).toBe('SRID=4326;POINT (1 2)|LINESTRING (0 0, 1 1)\n');
    expect((await psql(server, "SET rasterduck.geometry_format = 'svg'")).stderr).toContain('wkb or ewkt');
  });

  it('speaks TLS when given a key and certificate (psql with sslmode=require)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-tls-'));
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    const made = await run('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1']);
    expect(made.code, made.stderr).toBe(0);
    const tls = await serve(':memory:', { tls: { key: readFileSync(key), cert: readFileSync(cert) } });
    try {
      const r = await psql(tls, 'SELECT 40 + 2', [], PASSWORD, { PGSSLMODE: 'require' });
      expect([r.stdout, r.stderr]).toEqual(['42\n', '']);
    } finally {
      await tls.close();
    }
  });

  it('answers SHOW and SET of client parameters and of DuckDB settings', async () => {
    const r = await psql(server, "SET application_name = 'notebook'; SET extra_float_digits = 3; SHOW application_name");
    expect(r.stdout).toBe('notebook\n');
    expect((await psql(server, 'SHOW server_version')).stdout).toBe('15.0 (rasterduck)\n');
    expect((await psql(server, 'SHOW TimeZone')).stdout).toMatch(/^(Etc\/)?UTC\n$/);
    expect((await psql(server, "SET TimeZone = 'Europe/Berlin'; SELECT current_setting('TimeZone')")).stdout).toBe('Europe/Berlin\n');
    expect((await psql(server, 'SELECT current_schema()')).stdout).toBe('main\n');
  });
});

describe('psycopg2', () => {
  it('reads the common types with their own Python types', async () => {
    const r = await python(server, `
import psycopg2, json
c = psycopg2.connect()
cur = c.cursor()
cur.execute("""SELECT 7::SMALLINT, 2147483648::BIGINT, 1.5::REAL, 0.1::DOUBLE, 12.340::DECIMAL(6,3), 'x'::VARCHAR, true,
  DATE '2024-05-10', TIMESTAMP '2024-05-10 10:15:00.25', TIMESTAMPTZ '2024-05-10 10:15:00+02', INTERVAL '1 year 2 months 3 days 04:05:06.5',
  '\\\\x00\\\\xFF'::BLOB, [1, NULL, 3], ['a b', 'c,"d', NULL]::VARCHAR[], {'band': 1, 'name': 'red'}, MAP {'k': 2}, 'POINT (1 2)'::GEOMETRY""")
row = cur.fetchone()
print(json.dumps([repr(v) if not isinstance(v, memoryview) else bytes(v).hex() for v in row]))
print(json.dumps([d.type_code for d in cur.description]))
`);
    expect(r.stderr).toBe('');
    const [values, oids] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown[]);
    expect(values).toEqual([
      '7', '2147483648', '1.5', '0.1', "Decimal('12.340')", "'x'", 'True',
      'datetime.date(2024, 5, 10)', 'datetime.datetime(2024, 5, 10, 10, 15, 0, 250000)',
      'datetime.datetime(2024, 5, 10, 8, 15, tzinfo=datetime.timezone.utc)',
      // psycopg2 counts a year as 365 days and a month as 30: 365 + 60 + 3 days, then 04:05:06.5
      'datetime.timedelta(days=428, seconds=14706, microseconds=500000)',
      '00ff', '[1, None, 3]', "['a b', 'c,\"d', None]", "{'band': 1, 'name': 'red'}", "{'k': 2}",
      // WKB of POINT (1 2), little-endian
      '0101000000000000000000f03f0000000000000040',
    ]);
    // int2 int8 float4 float8 numeric text bool date timestamp timestamptz interval bytea int4[] text[] json json bytea
    expect(oids).toEqual([21, 20, 700, 701, 1700, 25, 16, 1082, 1114, 1184, 1186, 17, 1007, 1009, 114, 114, 17]);
  });

  it('binds parameters, keeps transactions (BEGIN/COMMIT/ROLLBACK) and reports errors with their code', async () => {
    const r = await python(server, `
import psycopg2
c = psycopg2.connect()
cur = c.cursor()
cur.execute("CREATE TABLE IF NOT EXISTS visits (field_id INTEGER, note VARCHAR, data BLOB)")
c.commit()
cur.execute("INSERT INTO visits VALUES (%s, %s, %s)", (1, "it's dry", psycopg2.Binary(b"\\x00\\x01\\xff")))
c.rollback()
cur.execute("SELECT count(*) FROM visits"); print(cur.fetchone()[0])
cur.execute("INSERT INTO visits VALUES (%s, %s, %s)", (2, "ok", psycopg2.Binary(b"\\x00\\x01\\xff")))
c.commit()
cur.execute("SELECT field_id, note, data FROM visits WHERE field_id = %s", (2,)); r = cur.fetchone(); print(r[0], r[1], bytes(r[2]).hex())
try:
    cur.execute("SELECT 'abc'::INTEGER")
except psycopg2.Error as e:
    print(e.pgcode, e.pgerror.splitlines()[0])
c.rollback()
cur.execute("SELECT 1"); print(cur.fetchone()[0])
`);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual([
      '0', '2 ok 0001ff', "22P02 ERROR:  Conversion Error: Could not convert string 'abc' to INT32", '1', '',
    ]);
  });
});

describe('psycopg2 and the session parameters', () => {
  it('sends GEOMETRY that shapely.wkb.loads reads back (what geopandas.read_postgis does with WKB bytea)', async () => {
    const r = await python(server, `
import psycopg2, json, shapely.wkb, shapely.wkt
c = psycopg2.connect()
cur = c.cursor()
shapes = ["POINT (1 2)", "LINESTRING (0 0, 1 1, 2 0)", "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))"]
cur.execute("SELECT field_id, ST_GeomFromText(wkt) AS geom FROM (VALUES " + ", ".join("(%d, '%s')" % (i, s) for i, s in enumerate(shapes)) + ") t(field_id, wkt) ORDER BY field_id")
out = []
for field_id, geom in cur.fetchall():
    g = shapely.wkb.loads(bytes(geom))
    out.append([g.geom_type, g.equals(shapely.wkt.loads(shapes[field_id])), g.is_valid])
out.append(cur.description[1].type_code)
print(json.dumps(out))
`);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([['Point', true, true], ['LineString', true, true], ['Polygon', true, true], ['MultiPolygon', true, true], 17]);
  });

  it('reads current_setting of client parameters from the session (start-up value, SET), and DuckDB settings from DuckDB', async () => {
    const r = await python(server, `
import psycopg2, json
c = psycopg2.connect(application_name="field-notebook")
c.autocommit = True
cur = c.cursor()
cur.execute("""SELECT current_setting('client_encoding'), current_setting('application_name'), pg_catalog.current_setting('DateStyle'),
  current_setting('standard_conforming_strings', true), 'current_setting(''client_encoding'')' AS quoted, pg_catalog.current_setting('threads') >= 1""")
out = [list(cur.fetchone())]
cur.execute("SET application_name = 'after set'")
cur.execute("SELECT upper(current_setting('application_name')), current_setting('TimeZone') IS NOT NULL")
out.append(list(cur.fetchone()))
out.append(c.encoding)
print(json.dumps(out))
`);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      ['UTF8', 'field-notebook', 'ISO, MDY', 'on', "current_setting('client_encoding')", true],
      ['AFTER SET', true],
      'UTF8',
    ]);
  });
});

describe('node-postgres', () => {
  it('runs prepared statements with $1 parameters, named and unnamed, text and binary', async () => {
    const c = new pg.Client(pgConfig(server));
    await c.connect();
    try {
      const byId = { name: 'crop_by_id', text: 'SELECT crop, ndvi FROM crops WHERE field_id = $1' };
      expect((await c.query({ ...byId, values: [1] })).rows).toEqual([{ crop: 'wheat', ndvi: '0.61' }]);
      expect((await c.query({ ...byId, values: [2] })).rows).toEqual([{ crop: 'maize', ndvi: '0.25' }]);
      const typed = await c.query('SELECT $1::INTEGER + 1 AS n, $2 AS s, $3::BLOB AS b, $4::DOUBLE AS d', [41, 'hé', Buffer.from([0, 1, 255]), null]);
      expect(typed.rows).toEqual([{ n: 42, s: 'hé', b: Buffer.from([0, 1, 255]), d: null }]);
      expect(typed.fields.map((f) => f.dataTypeID)).toEqual([23, 25, 17, 701]);
      const binary = await c.query({ text: "SELECT 1::INTEGER a, 2::BIGINT b, 1.5::DOUBLE f, true t, 'x' s, DATE '2000-01-02' d, TIMESTAMP '2000-01-01 00:00:01' ts", binary: true });
      expect(binary.rows).toEqual([{ a: 1, b: '2', f: 1.5, t: true, s: 'x', d: new Date(2000, 0, 2), ts: new Date(2000, 0, 1, 0, 0, 1) }]);
      await expect(c.query('SELECT $1::INTEGER', ['abc'])).rejects.toMatchObject({ code: '22P02' });
      expect((await c.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await c.end();
    }
  });

  it('reports the transaction status in ReadyForQuery', async () => {
    const c = new pg.Client(pgConfig(server));
    await c.connect();
    const conn = c as unknown as { connection: { on(e: string, f: (m: { status: string }) => void): void } };
    const statuses: string[] = [];
    conn.connection.on('readyForQuery', (m) => statuses.push(m.status));
    try {
      await c.query('BEGIN');
      await c.query('SELECT 1').catch(() => undefined);
      await c.query('SELECT nope').catch(() => undefined);
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
    expect(statuses).toEqual(['T', 'T', 'E', 'I']);
  });
});
